package io.mshield.core.internal.shield;

import io.mshield.certificate.CertificateInfo;
import io.mshield.certificate.CertificateStatus;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.identity.DeviceId;
import io.mshield.identity.EnterpriseId;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.identity.ShieldNumber;
import io.mshield.pin.AuthMethod;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;

import java.time.Instant;
import java.util.Optional;

/** Turns stored state into the API's views. */
public final class Views {
    private Views() {
    }

    /**
     * The details of a shield (R3.1).
     *
     * @param s the state
     * @return the view
     */
    public static ShieldDetails details(ShieldState s) {
        ShieldStatus status = ShieldStatus.valueOf(s.status);
        Optional<CertificateInfo> cert = Optional.empty();
        if (s.certSerial != null) {
            cert = Optional.of(new CertificateInfo(s.certSerial, s.certSubject, Instant.parse(s.notBefore),
                    Instant.parse(s.notAfter), certificateStatus(status)));
        }
        return new ShieldDetails(ShieldNumber.of(s.number), EnterpriseId.of(s.enterprise), ResidentIdNumber.of(s.holderId).masked(),
                DeviceId.of(s.device), CustodyMode.valueOf(s.custody), KeyAlgorithm.valueOf(s.algorithm),
                s.authMethod == null ? AuthMethod.PIN : AuthMethod.valueOf(s.authMethod), status, cert,
                Optional.ofNullable(s.activatedAt).map(Instant::parse), Optional.ofNullable(s.coolingOffUntil).map(Instant::parse));
    }

    /**
     * The certificate status that goes with a shield status (R10.4).
     *
     * @param status the shield status
     * @return the certificate status
     */
    public static CertificateStatus certificateStatus(ShieldStatus status) {
        return switch (status) {
            case LOST, FROZEN -> CertificateStatus.ON_HOLD;
            case REVOKED -> CertificateStatus.REVOKED;
            case EXPIRED -> CertificateStatus.EXPIRED;
            default -> CertificateStatus.ACTIVE;
        };
    }
}
