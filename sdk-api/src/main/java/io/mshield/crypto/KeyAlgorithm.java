package io.mshield.crypto;

/**
 * The key algorithms a shield may use (R10.1). RSA below 2048 bits is not offered; every RSA key
 * has the public exponent 65537.
 */
public enum KeyAlgorithm {
    /** SM2 on the curve of GB/T 32918.5 with SM3; the default, and the only one for COLLABORATIVE custody. */
    SM2(Family.SM2, 256),
    /** ECDSA on NIST P-256 (secp256r1) with SHA-256. */
    EC_P256(Family.EC, 256),
    /** Ed25519 (RFC 8032). */
    ED25519(Family.EDDSA, 255),
    /** RSA with a 2048-bit modulus. */
    RSA_2048(Family.RSA, 2048),
    /** RSA with a 3072-bit modulus. */
    RSA_3072(Family.RSA, 3072),
    /** RSA with a 4096-bit modulus. */
    RSA_4096(Family.RSA, 4096);

    /** Families that share an issuing CA and signature schemes. */
    public enum Family {
        /** SM2/SM3. */
        SM2,
        /** ECDSA over NIST curves. */
        EC,
        /** Edwards-curve signatures. */
        EDDSA,
        /** RSA. */
        RSA
    }

    private final Family family;
    private final int bits;

    KeyAlgorithm(Family family, int bits) {
        this.family = family;
        this.bits = bits;
    }

    /**
     * The family, which decides the issuing CA and the schemes.
     *
     * @return never null
     */
    public Family family() {
        return family;
    }

    /**
     * The key size in bits (the curve's field size for elliptic curves).
     *
     * @return the size
     */
    public int bits() {
        return bits;
    }

    /**
     * The scheme used for certificates and CMS with this key.
     *
     * @return never null
     */
    public SignatureScheme defaultScheme() {
        switch (family) {
            case SM2:
                return SignatureScheme.SM2_SM3;
            case EC:
                return SignatureScheme.ECDSA_SHA256;
            case EDDSA:
                return SignatureScheme.ED25519;
            default:
                return SignatureScheme.RSA_PKCS1_SHA256;
        }
    }
}
