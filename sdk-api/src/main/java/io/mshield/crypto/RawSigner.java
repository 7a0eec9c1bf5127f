package io.mshield.crypto;

/**
 * Something that produces a raw signature value over bytes: a {@link KeyStorage} key, a phone
 * in DEVICE mode, or the two parties of COLLABORATIVE SM2 together. CMS creation takes one, so
 * the same code wraps every custody mode.
 */
public interface RawSigner {

    /**
     * The scheme of the values this signer produces.
     *
     * @return never null
     */
    SignatureScheme scheme();

    /**
     * Signs.
     *
     * @param data the bytes to sign (the scheme hashes them)
     * @return the signature value in the scheme's encoding
     */
    byte[] sign(byte[] data);

    /**
     * A signer from a scheme and a signing function, such as a {@link KeyStorage} key:
     * {@code RawSigner.of(scheme, data -> storage.sign(key, scheme, data))}.
     *
     * @param scheme the scheme the function signs with
     * @param sign   the signing function
     * @return the signer
     */
    static RawSigner of(SignatureScheme scheme, java.util.function.UnaryOperator<byte[]> sign) {
        java.util.Objects.requireNonNull(scheme, "scheme");
        java.util.Objects.requireNonNull(sign, "sign");
        return new RawSigner() {
            @Override
            public SignatureScheme scheme() {
                return scheme;
            }

            @Override
            public byte[] sign(byte[] data) {
                return sign.apply(data);
            }

            @Override
            public String toString() {
                return "RawSigner[" + scheme + "]";
            }
        };
    }
}
