package io.mshield.crypto;

/**
 * A signature scheme: an algorithm, a digest and an encoding of the signature value.
 */
public enum SignatureScheme {
    /** SM2 with SM3 over Z‖M (GB/T 32918.2), DER-encoded (r, s). The user ID is configured on the crypto provider. */
    SM2_SM3(KeyAlgorithm.Family.SM2),
    /** ECDSA with SHA-256, DER-encoded (r, s) as in X.509 and CMS. */
    ECDSA_SHA256(KeyAlgorithm.Family.EC),
    /** ECDSA with SHA-256, IEEE P1363 encoding (r‖s, fixed length). */
    ECDSA_SHA256_P1363(KeyAlgorithm.Family.EC),
    /** Pure Ed25519 (RFC 8032). */
    ED25519(KeyAlgorithm.Family.EDDSA),
    /** RSASSA-PKCS1-v1_5 with SHA-256. */
    RSA_PKCS1_SHA256(KeyAlgorithm.Family.RSA),
    /** RSASSA-PSS with SHA-256, MGF1-SHA-256, 32-byte salt. */
    RSA_PSS_SHA256(KeyAlgorithm.Family.RSA);

    private final KeyAlgorithm.Family family;

    SignatureScheme(KeyAlgorithm.Family family) {
        this.family = family;
    }

    /**
     * The key family this scheme signs with.
     *
     * @return never null
     */
    public KeyAlgorithm.Family family() {
        return family;
    }
}
