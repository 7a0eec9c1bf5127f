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
}
