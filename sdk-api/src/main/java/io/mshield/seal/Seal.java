package io.mshield.seal;

import io.mshield.identity.EnterpriseId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An enterprise e-seal and its binding.
 *
 * @param id         the seal id
 * @param enterprise the enterprise
 * @param type       the seal type
 * @param name       the seal's name as engraved
 * @param bound      whether it is bound to a medium
 * @param medium     the medium, when bound
 * @param holder     the holder on the medium, when bound
 * @param certList   GB/T 38540's certList: the DER certificates allowed to stamp (empty when unbound)
 * @param boundAt    when it was bound, when bound
 * @param pinLocked  whether its PIN is locked (the {@link SealPolicy}'s wrong PINs in a row; the CA resets it)
 */
public record Seal(String id, EnterpriseId enterprise, SealType type, String name, boolean bound, Optional<SealMedium> medium,
                   Optional<SealHolder> holder, List<byte[]> certList, Optional<Instant> boundAt, boolean pinLocked) {
    /**
     * Validates and copies.
     *
     * @param id         the id
     * @param enterprise the enterprise
     * @param type       the type
     * @param name       the name
     * @param bound      bound
     * @param medium     the medium
     * @param holder     the holder
     * @param certList   the certificates
     * @param boundAt    when
     * @param pinLocked  locked
     */
    public Seal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(enterprise, "enterprise");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(medium, "medium");
        Objects.requireNonNull(holder, "holder");
        certList = Objects.requireNonNull(certList, "certList").stream().map(byte[]::clone).toList();
        Objects.requireNonNull(boundAt, "boundAt");
        if (bound != medium.isPresent() || bound != holder.isPresent() || bound == certList.isEmpty()) {
            throw new IllegalArgumentException("a bound seal has a medium, a holder and certificates; an unbound one none");
        }
    }

    /**
     * The certificates allowed to stamp.
     *
     * @return copies of the DER encodings
     */
    @Override
    public List<byte[]> certList() {
        return certList.stream().map(byte[]::clone).toList();
    }
}
