package io.mshield.crypto.internal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.internal.csr.CsrAlgorithms;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * What this SDK accepts, in one place; every entry point (public-key decoding, raw sign and
 * verify, CSR checking, CA issuance, CMS, key storage) asks here, and docs/crypto.md tabulates it.
 * <ul>
 *   <li>keys: SM2 on sm2p256v1 and ECDSA on P-256, both as a named curve with an uncompressed
 *       point (no explicit or implicit parameters, no other curve); Ed25519; RSA with NULL
 *       parameters, an odd modulus of exactly 2048, 3072 or 4096 bits and the public exponent
 *       65537 and no other;</li>
 *   <li>a signature scheme only with a key of its family and curve: SM2/SM3 with SM2 keys, ECDSA
 *       with P-256 keys, Ed25519 with Ed25519 keys, RSA schemes with RSA keys;</li>
 *   <li>digests: SM3 and SHA-256, and SHA-512 only where Ed25519 in CMS requires it (RFC 8419);
 *       never SHA-1 or MD5 (they have no entry, so they are refused by construction);</li>
 *   <li>SM2 user IDs of 1 to {@value #MAX_SM2_USER_ID_BYTES} bytes (ENTL is a 16-bit count of bits).</li>
 * </ul>
 * Every check reads encodings only: nothing here performs a public-key operation, so it is
 * cheap to run on untrusted input before anything costly. Stateless.
 */
public final class Allowlist {
    /** The longest SM2 user ID, in bytes: its length in bits must fit ENTL's 16 bits. */
    public static final int MAX_SM2_USER_ID_BYTES = 8191;
    /** The only RSA public exponent accepted. */
    public static final BigInteger RSA_EXPONENT = BigInteger.valueOf(65537);

    private Allowlist() {
    }

    /**
     * The algorithm of an encoded public key, if it is allowed.
     *
     * @param info the SubjectPublicKeyInfo
     * @return the algorithm
     * @throws ShieldException {@link ErrorCode#ALGORITHM_NOT_SUPPORTED} with the reason otherwise
     */
    public static KeyAlgorithm keyOf(SubjectPublicKeyInfo info) {
        Objects.requireNonNull(info, "info");
        ASN1ObjectIdentifier oid = info.getAlgorithm().getAlgorithm();
        ASN1Encodable parameters = info.getAlgorithm().getParameters();
        if (info.getPublicKeyData().getPadBits() != 0) {
            throw refused("the public key is not a whole number of bytes");
        }
        byte[] key = info.getPublicKeyData().getBytes();
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            if (!(parameters instanceof ASN1ObjectIdentifier)) {
                throw refused("EC keys must name their curve; explicit or implicit parameters are not allowed");
            }
            KeyAlgorithm algorithm;
            if (GMObjectIdentifiers.sm2p256v1.equals(parameters)) {
                algorithm = KeyAlgorithm.SM2;
            } else if (X9ObjectIdentifiers.prime256v1.equals(parameters)) {
                algorithm = KeyAlgorithm.EC_P256;
            } else {
                throw refused("EC curve " + parameters + " is not allowed (only sm2p256v1 and P-256)");
            }
            if (key.length != 65 || key[0] != 0x04) {
                throw refused("EC public keys must be uncompressed points");
            }
            return algorithm;
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
            if (parameters != null || key.length != 32) {
                throw refused("an Ed25519 key must have no parameters and 32 bytes");
            }
            return KeyAlgorithm.ED25519;
        }
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            if (!DERNull.INSTANCE.equals(parameters)) {
                throw refused("RSA key parameters must be NULL");
            }
            RSAPublicKey rsa;
            try {
                rsa = RSAPublicKey.getInstance(info.parsePublicKey());
            } catch (java.io.IOException | RuntimeException e) {
                throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "the RSA public key is malformed");
            }
            return rsa(rsa.getModulus(), rsa.getPublicExponent());
        }
        throw refused("key algorithm " + oid.getId() + " is not allowed");
    }

    private static KeyAlgorithm rsa(BigInteger modulus, BigInteger exponent) {
        if (modulus.signum() <= 0 || !modulus.testBit(0)) {
            throw refused("the RSA modulus must be positive and odd");
        }
        int bits = modulus.bitLength();
        if (bits < 2048) {
            throw refused("RSA keys below 2048 bits are not allowed (got " + bits + ")");
        }
        KeyAlgorithm algorithm = switch (bits) {
            case 2048 -> KeyAlgorithm.RSA_2048;
            case 3072 -> KeyAlgorithm.RSA_3072;
            case 4096 -> KeyAlgorithm.RSA_4096;
            default -> throw refused("RSA moduli must be 2048, 3072 or 4096 bits (got " + bits + ")");
        };
        if (!RSA_EXPONENT.equals(exponent)) {
            throw refused("the RSA public exponent must be 65537");
        }
        return algorithm;
    }

    /**
     * Checks that a key is an allowed SM2 key, for two-party SM2, whose arithmetic is on sm2p256v1
     * only: an RSA, Ed25519 or P-256 key is refused rather than cast or computed on the wrong curve.
     *
     * @param key the key
     * @throws ShieldException {@link ErrorCode#ALGORITHM_NOT_SUPPORTED} when it is not an SM2 key
     */
    public static void requireSm2(PublicKey key) {
        KeyAlgorithm algorithm = keyOf(key);
        if (algorithm != KeyAlgorithm.SM2) {
            throw refused("two-party SM2 needs an SM2 public key, not " + algorithm);
        }
    }

    /**
     * The algorithm of a public key of any provider, read from its encoding.
     *
     * @param key the key
     * @return the algorithm
     * @throws ShieldException {@link ErrorCode#ALGORITHM_NOT_SUPPORTED} when it is not allowed
     */
    public static KeyAlgorithm keyOf(PublicKey key) {
        Objects.requireNonNull(key, "key");
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            throw refused("a " + key.getAlgorithm() + " public key without an X.509 encoding is not allowed");
        }
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(encoded);
        } catch (RuntimeException e) {
            throw refused("the public key's encoding is not a SubjectPublicKeyInfo");
        }
        return keyOf(info);
    }

    /**
     * Like {@link #keyOf(SubjectPublicKeyInfo)}, without the reason.
     *
     * @param info the SubjectPublicKeyInfo
     * @return the algorithm, or empty when not allowed or malformed
     */
    public static Optional<KeyAlgorithm> identify(SubjectPublicKeyInfo info) {
        try {
            return Optional.of(keyOf(info));
        } catch (ShieldException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The algorithm of a private key from its PKCS#8 encoding (a key without one, such as a token
     * key, is described by its handle instead).
     *
     * @param key the key
     * @return the algorithm, or empty when the key has no PKCS#8 encoding
     * @throws ShieldException {@link ErrorCode#ALGORITHM_NOT_SUPPORTED} when it is not allowed
     */
    public static Optional<KeyAlgorithm> keyOf(PrivateKey key) {
        Objects.requireNonNull(key, "key");
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            return Optional.empty();
        }
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(encoded);
            AlgorithmIdentifier id = info.getPrivateKeyAlgorithm();
            if (PKCSObjectIdentifiers.rsaEncryption.equals(id.getAlgorithm())) {
                RSAPrivateKey rsa = RSAPrivateKey.getInstance(info.parsePrivateKey());
                return Optional.of(rsa(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (X9ObjectIdentifiers.id_ecPublicKey.equals(id.getAlgorithm())) {
                if (GMObjectIdentifiers.sm2p256v1.equals(id.getParameters())) {
                    return Optional.of(KeyAlgorithm.SM2);
                }
                if (X9ObjectIdentifiers.prime256v1.equals(id.getParameters())) {
                    return Optional.of(KeyAlgorithm.EC_P256);
                }
                throw refused("EC private keys must be on sm2p256v1 or P-256, as a named curve");
            }
            if (EdECObjectIdentifiers.id_Ed25519.equals(id.getAlgorithm())) {
                return Optional.of(KeyAlgorithm.ED25519);
            }
            throw refused("private key algorithm " + id.getAlgorithm().getId() + " is not allowed");
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw refused("the private key's encoding is not PKCS#8");
        }
    }

    /**
     * Binds a scheme to its key: the key's family (and so its curve) must be the scheme's.
     *
     * @param scheme the scheme
     * @param key    the key's algorithm
     * @throws ShieldException {@link ErrorCode#ALGORITHM_NOT_SUPPORTED} when they do not fit
     */
    public static void bind(SignatureScheme scheme, KeyAlgorithm key) {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(key, "key");
        if (scheme.family() != key.family()) {
            throw refused(scheme + " does not fit a " + key + " key");
        }
    }

    /**
     * The scheme of an X.509 or PKCS#10 signature algorithm identifier with the parameters its
     * standard requires.
     *
     * @param identifier the identifier
     * @return the scheme, or empty for anything else (SHA-1 and MD5 included)
     */
    public static Optional<SignatureScheme> schemeOf(AlgorithmIdentifier identifier) {
        try {
            return CsrAlgorithms.schemeOf(identifier);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The scheme of a CMS SignerInfo: its signature algorithm with its digest algorithm, for a
     * signer key of a given algorithm. Besides the X.509 identifiers it accepts what RFC 3370
     * and RFC 8419 make signers write: {@code rsaEncryption} (with SHA-256) for PKCS#1 v1.5, and
     * SHA-512 as Ed25519's digest algorithm. The digest must be the scheme's: SM3 for SM2,
     * SHA-256 for ECDSA and RSA.
     *
     * @param digest    the SignerInfo's digestAlgorithm
     * @param signature the SignerInfo's signatureAlgorithm
     * @param key       the signer key's algorithm (from {@link #keyOf(SubjectPublicKeyInfo)})
     * @return the scheme
     * @throws ShieldException {@link ErrorCode#ALGORITHM_NOT_SUPPORTED} when the pair is not
     *                         allowed or does not fit the key
     */
    public static SignatureScheme cmsScheme(AlgorithmIdentifier digest, AlgorithmIdentifier signature, KeyAlgorithm key) {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(key, "key");
        ASN1ObjectIdentifier d = digest.getAlgorithm();
        if (!absentOrNull(digest.getParameters())) {
            throw refused("the digest algorithm has parameters");
        }
        SignatureScheme scheme;
        if (PKCSObjectIdentifiers.rsaEncryption.equals(signature.getAlgorithm()) && absentOrNull(signature.getParameters())) {
            scheme = SignatureScheme.RSA_PKCS1_SHA256;
        } else {
            scheme = schemeOf(signature).orElseThrow(() -> refused("signature algorithm " + signature.getAlgorithm().getId()
                    + " is not allowed (or has wrong parameters)"));
        }
        ASN1ObjectIdentifier expected = switch (scheme) {
            case SM2_SM3 -> GMObjectIdentifiers.sm3;
            case ED25519 -> NISTObjectIdentifiers.id_sha512;
            default -> NISTObjectIdentifiers.id_sha256;
        };
        if (!expected.equals(d)) {
            throw refused("digest algorithm " + d.getId() + " is not allowed with " + scheme);
        }
        bind(scheme, key);
        return scheme;
    }

    /**
     * Checks an SM2 user ID and returns it: 1 to {@value #MAX_SM2_USER_ID_BYTES} bytes in UTF-8.
     *
     * @param userId the ID
     * @return the same ID
     * @throws ShieldException {@link ErrorCode#INVALID_ARGUMENT} when empty or longer
     */
    public static String sm2UserId(String userId) {
        Objects.requireNonNull(userId, "userId");
        int length = userId.getBytes(StandardCharsets.UTF_8).length;
        if (length == 0 || length > MAX_SM2_USER_ID_BYTES) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "SM2 user ID must be 1-" + MAX_SM2_USER_ID_BYTES + " bytes");
        }
        return userId;
    }

    private static boolean absentOrNull(ASN1Encodable parameters) {
        return parameters == null || DERNull.INSTANCE.equals(parameters);
    }

    private static ShieldException refused(String why) {
        return new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, why);
    }
}
