package io.mshield.enrollment;

import io.mshield.identity.DeviceId;
import io.mshield.identity.UserId;
import io.mshield.pin.AuthMethod;

import java.util.Objects;
import java.util.Set;

/**
 * The phone an application comes from.
 *
 * @param device           the device's id (bound by the app to its secure module)
 * @param account          the bank account (user) the app is logged in as; the device is locked to it (R2.9)
 * @param supportedMethods the authentication methods the device supports (R2.3); PIN at least
 */
public record DeviceInfo(DeviceId device, UserId account, Set<AuthMethod> supportedMethods) {
    /**
     * Validates and copies.
     * @param device the device's id (bound by the app to its secure module)
     * @param account the bank account (user) the app is logged in as; the device is locked to it (R2.9)
     * @param supportedMethods the authentication methods the device supports (R2.3); PIN at least
     */
    public DeviceInfo {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(account, "account");
        supportedMethods = Set.copyOf(Objects.requireNonNull(supportedMethods, "supportedMethods"));
        if (!supportedMethods.contains(AuthMethod.PIN)) {
            throw new io.mshield.ShieldException(io.mshield.ErrorCode.AUTH_METHOD_UNSUPPORTED,
                    "every device supports certificate + PIN");
        }
    }
}
