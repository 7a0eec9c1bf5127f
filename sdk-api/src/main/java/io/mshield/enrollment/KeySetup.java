package io.mshield.enrollment;

import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * The bank's answer to a {@link KeyProposal}.
 *
 * @param publicKey the joint public key (COLLABORATIVE) or the hosted key (HOSTED); empty for DEVICE
 */
public record KeySetup(Optional<PublicKey> publicKey) {
    /**
     * Validates.
     * @param publicKey the joint public key (COLLABORATIVE) or the hosted key (HOSTED); empty for DEVICE
     */
    public KeySetup {
        Objects.requireNonNull(publicKey, "publicKey");
    }
}
