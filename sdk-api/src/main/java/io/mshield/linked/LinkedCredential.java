package io.mshield.linked;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.identity.DeviceId;
import io.mshield.identity.ShieldNumber;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A shield's credential as the apps on its device use it.
 *
 * @param shield the shield
 * @param device the device
 * @param apps   the apps it is enabled in
 */
public record LinkedCredential(ShieldNumber shield, DeviceId device, List<App> apps) {
    /**
     * Validates.
     *
     * @param shield the shield
     * @param device the device
     * @param apps   the apps
     */
    public LinkedCredential {
        Objects.requireNonNull(shield, "shield");
        Objects.requireNonNull(device, "device");
        apps = List.copyOf(Objects.requireNonNull(apps, "apps"));
    }

    /**
     * The app's entry, if enabled there.
     *
     * @param app the app id
     * @return the entry
     */
    public Optional<App> app(String app) {
        return apps.stream().filter(a -> a.app().equals(app)).findFirst();
    }

    /**
     * One app's use of the credential.
     *
     * @param app         the app id
     * @param enabledAt   when it was enabled or synced there
     * @param effectiveAt when high-risk transactions may use it there (after the app's cooling-off)
     * @param biometric   whether biometric login is enabled there
     * @param syncedFrom  the app it was synced from, if it was synced
     */
    public record App(String app, Instant enabledAt, Instant effectiveAt, boolean biometric, Optional<String> syncedFrom) {
        /**
         * Validates.
         *
         * @param app         the app
         * @param enabledAt   enabled
         * @param effectiveAt effective
         * @param biometric   biometric
         * @param syncedFrom  origin
         */
        public App {
            requireAppId(app);
            Objects.requireNonNull(enabledAt, "enabledAt");
            Objects.requireNonNull(effectiveAt, "effectiveAt");
            Objects.requireNonNull(syncedFrom, "syncedFrom");
        }
    }

    /**
     * Checks an app id: 1-64 of {@code [a-z0-9-]}.
     *
     * @param app the id
     * @return the id
     */
    public static String requireAppId(String app) {
        Objects.requireNonNull(app, "app");
        if (!app.matches("[a-z0-9-]{1,64}")) {
            throw new ShieldException(ErrorCode.INVALID_IDENTIFIER, "an app id is 1-64 of [a-z0-9-]");
        }
        return app;
    }
}
