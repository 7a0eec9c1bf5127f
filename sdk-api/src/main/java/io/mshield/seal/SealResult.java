package io.mshield.seal;

import io.mshield.identity.CreditCode;
import io.mshield.identity.PersonName;

import java.time.Instant;
import java.util.Objects;

/**
 * What the result page shows after a binding or unbinding (R8.7).
 *
 * @param kind                bound or unbound
 * @param enterpriseName      the enterprise's name
 * @param creditCode          its unified social credit code
 * @param legalRepresentative its legal representative
 * @param sealType            the seal's type
 * @param sealName            the seal's name
 * @param medium              the medium
 * @param at                  when
 */
public record SealResult(SealOperation.Kind kind, String enterpriseName, CreditCode creditCode, PersonName legalRepresentative,
                         SealType sealType, String sealName, SealMedium medium, Instant at) {
    /**
     * Validates.
     *
     * @param kind                the kind
     * @param enterpriseName      the name
     * @param creditCode          the code
     * @param legalRepresentative the legal representative
     * @param sealType            the type
     * @param sealName            the seal name
     * @param medium              the medium
     * @param at                  when
     */
    public SealResult {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(enterpriseName, "enterpriseName");
        Objects.requireNonNull(creditCode, "creditCode");
        Objects.requireNonNull(legalRepresentative, "legalRepresentative");
        Objects.requireNonNull(sealType, "sealType");
        Objects.requireNonNull(sealName, "sealName");
        Objects.requireNonNull(medium, "medium");
        Objects.requireNonNull(at, "at");
    }
}
