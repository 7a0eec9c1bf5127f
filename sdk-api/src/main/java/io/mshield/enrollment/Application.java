package io.mshield.enrollment;

import io.mshield.crypto.KeyAlgorithm;
import io.mshield.identity.CreditCode;
import io.mshield.identity.EnterpriseId;
import io.mshield.identity.PersonName;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.identity.UserType;
import io.mshield.shield.CustodyMode;

import java.util.Objects;

/**
 * An application for a shield, as the bank's app back end submits it (R2).
 *
 * @param requestId  the idempotency key: the same request id returns the same session or shield (R2.10)
 * @param enterprise the enterprise
 * @param creditCode the enterprise's unified social credit code as the applicant states it, checked against the filing (R1.3)
 * @param applicant  the applicant's ID number
 * @param name       the applicant's name, checked against the filing (R1.3)
 * @param userType   legal representative or operator, checked against the filing (R1.3)
 * @param device     the phone
 * @param custody    where the key will live
 * @param algorithm  the key algorithm; COLLABORATIVE requires SM2
 */
public record Application(String requestId, EnterpriseId enterprise, CreditCode creditCode, ResidentIdNumber applicant, PersonName name,
                          UserType userType, DeviceInfo device, CustodyMode custody, KeyAlgorithm algorithm) {
    /**
     * Validates.
     * @param requestId the idempotency key: the same request id returns the same session or shield (R2.10)
     * @param enterprise the enterprise
     * @param creditCode the enterprise's unified social credit code as the applicant states it, checked against the filing (R1.3)
     * @param applicant the applicant's ID number
     * @param name the applicant's name, checked against the filing (R1.3)
     * @param userType legal representative or operator, checked against the filing (R1.3)
     * @param device the phone
     * @param custody where the key will live
     * @param algorithm the key algorithm; COLLABORATIVE requires SM2
     */
    public Application {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(enterprise, "enterprise");
        Objects.requireNonNull(creditCode, "creditCode");
        Objects.requireNonNull(applicant, "applicant");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(userType, "userType");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(custody, "custody");
        Objects.requireNonNull(algorithm, "algorithm");
        if (requestId.isBlank() || requestId.length() > 64) {
            throw new io.mshield.ShieldException(io.mshield.ErrorCode.INVALID_ARGUMENT, "requestId must be 1-64 characters");
        }
        if (custody == CustodyMode.COLLABORATIVE && algorithm != KeyAlgorithm.SM2) {
            throw new io.mshield.ShieldException(io.mshield.ErrorCode.ALGORITHM_NOT_SUPPORTED,
                    "COLLABORATIVE custody is two-party SM2 only, not " + algorithm);
        }
    }
}
