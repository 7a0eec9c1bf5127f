package io.mshield.shield;

import io.mshield.certificate.CertificateInfo;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.identity.DeviceId;
import io.mshield.identity.EnterpriseId;
import io.mshield.identity.ShieldNumber;
import io.mshield.pin.AuthMethod;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A shield's details (R3.1). The holder is shown masked; the signature history is read through
 * {@link io.mshield.signature.SignatureHistory}.
 *
 * @param number          the shield number
 * @param enterprise      the enterprise
 * @param holderMasked    the holder's ID number, masked
 * @param device          the device it lives on
 * @param custody         where the key lives
 * @param algorithm       the key algorithm
 * @param authMethod      the authentication method
 * @param status          the shield's status
 * @param certificate     the current certificate, empty while pending
 * @param activatedAt     when it became active, empty while pending
 * @param coolingOffUntil end of the cooling-off period (R6.5), empty when none applies
 */
public record ShieldDetails(ShieldNumber number, EnterpriseId enterprise, String holderMasked, DeviceId device,
                            CustodyMode custody, KeyAlgorithm algorithm, AuthMethod authMethod, ShieldStatus status,
                            Optional<CertificateInfo> certificate, Optional<Instant> activatedAt,
                            Optional<Instant> coolingOffUntil) {
    /**
     * Validates.
     * @param number the shield number
     * @param enterprise the enterprise
     * @param holderMasked the holder's ID number, masked
     * @param device the device it lives on
     * @param custody where the key lives
     * @param algorithm the key algorithm
     * @param authMethod the authentication method
     * @param status the shield's status
     * @param certificate the current certificate, empty while pending
     * @param activatedAt when it became active, empty while pending
     * @param coolingOffUntil end of the cooling-off period (R6.5), empty when none applies
     */
    public ShieldDetails {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(enterprise, "enterprise");
        Objects.requireNonNull(holderMasked, "holderMasked");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(custody, "custody");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(activatedAt, "activatedAt");
        Objects.requireNonNull(coolingOffUntil, "coolingOffUntil");
    }
}
