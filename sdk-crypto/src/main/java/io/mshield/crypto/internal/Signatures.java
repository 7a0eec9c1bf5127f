package io.mshield.crypto.internal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.SignatureScheme;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Objects;

/**
 * Raw sign and verify for every {@link SignatureScheme}, always through BouncyCastle (JDK 17's
 * SunEC accepts invalid ECDSA signatures and is slower).
 *
 * <p>Every call first binds the scheme to the key through {@link Allowlist}: a key outside the
 * allowlist, or a scheme of another family or curve than the key's (ECDSA with an SM2-curve key,
 * SM2 with a P-256 key), is refused with {@link ErrorCode#ALGORITHM_NOT_SUPPORTED} before any
 * private- or public-key operation.
 *
 * <p>Instances are immutable and thread-safe; each call creates its own {@link Signature}.
 */
public final class Signatures {
    /** The SM2 user ID of GM/T 0009 used when none is configured. */
    public static final String DEFAULT_SM2_USER_ID = "1234567812345678";

    private final byte[] sm2UserId;

    /**
     * Creates a signer/verifier with an SM2 user ID.
     *
     * @param sm2UserId the SM2 distinguishing identifier (ID_A), 1–8191 bytes in UTF-8
     */
    public Signatures(String sm2UserId) {
        Objects.requireNonNull(sm2UserId, "sm2UserId");
        this.sm2UserId = Allowlist.sm2UserId(sm2UserId).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Creates one with the default SM2 user ID {@value #DEFAULT_SM2_USER_ID}.
     *
     * @return the instance
     */
    public static Signatures withDefaultUserId() {
        return new Signatures(DEFAULT_SM2_USER_ID);
    }

    /**
     * The SM2 user ID's bytes.
     *
     * @return a copy
     */
    public byte[] sm2UserId() {
        return sm2UserId.clone();
    }

    /**
     * Signs.
     *
     * @param key    the private key
     * @param scheme the scheme
     * @param data   the data
     * @return the signature value
     * @throws ShieldException {@link ErrorCode#ALGORITHM_NOT_SUPPORTED} when the key is outside the
     *                         allowlist or does not fit the scheme
     */
    public byte[] sign(PrivateKey key, SignatureScheme scheme, byte[] data) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(data, "data");
        Signature s = initializedSigner(key, scheme);
        try {
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED,
                    "cannot sign with " + scheme + " using a " + key.getAlgorithm() + " key", e);
        }
    }

    /**
     * A signer initialized with a key. After each {@code sign()} JCA resets it to this initialized
     * state, so one signer can make many signatures, one thread at a time ({@link SignerPool}).
     *
     * @param key    the private key
     * @param scheme the scheme
     * @return the signer
     */
    Signature initializedSigner(PrivateKey key, SignatureScheme scheme) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(scheme, "scheme");
        Allowlist.keyOf(key).ifPresent(algorithm -> Allowlist.bind(scheme, algorithm));
        try {
            Signature s = newSignature(scheme);
            s.initSign(key);
            return s;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED,
                    "cannot sign with " + scheme + " using a " + key.getAlgorithm() + " key", e);
        }
    }

    /**
     * Verifies; every malformed input yields false.
     *
     * @param key       the public key
     * @param scheme    the scheme
     * @param data      the data
     * @param signature the signature value
     * @return true only for a valid signature
     * @throws ShieldException {@link ErrorCode#ALGORITHM_NOT_SUPPORTED} when the key is outside the
     *                         allowlist or does not fit the scheme
     */
    public boolean verify(PublicKey key, SignatureScheme scheme, byte[] data, byte[] signature) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(signature, "signature");
        Allowlist.bind(scheme, Allowlist.keyOf(key));
        Signature s;
        try {
            s = newSignature(scheme);
            s.initVerify(key);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED,
                    "cannot verify " + scheme + " with a " + key.getAlgorithm() + " key", e);
        }
        try {
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private Signature newSignature(SignatureScheme scheme) throws GeneralSecurityException {
        Objects.requireNonNull(scheme, "scheme");
        switch (scheme) {
            case SM2_SM3: {
                Signature s = Signature.getInstance("SM3withSM2", Bc.provider());
                s.setParameter(new SM2ParameterSpec(sm2UserId));
                return s;
            }
            case ECDSA_SHA256:
                return Signature.getInstance("SHA256withECDSA", Bc.provider());
            case ECDSA_SHA256_P1363:
                return Signature.getInstance("SHA256withPLAIN-ECDSA", Bc.provider());
            case ED25519:
                return Signature.getInstance("Ed25519", Bc.provider());
            case RSA_PKCS1_SHA256:
                return Signature.getInstance("SHA256withRSA", Bc.provider());
            case RSA_PSS_SHA256: {
                Signature s = Signature.getInstance("RSASSA-PSS", Bc.provider());
                s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                return s;
            }
            default:
                throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "unknown scheme " + scheme);
        }
    }
}
