package io.mshield.crypto.internal.keys;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.Arrays;
import org.bouncycastle.util.BigIntegers;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * ECIES on P-256 in the shape of SEC 1 §5.1 and ISO/IEC 18033-2 ECIES-KEM with a DEM that is an
 * AEAD, like Tink's ECIES-AEAD-HKDF:
 * <ol>
 *   <li>an ephemeral key pair (r, R = r·G) on P-256;</li>
 *   <li>Z = the x-coordinate of r·Q (32 bytes), Q the recipient's key;</li>
 *   <li>K = HKDF-SHA-256(IKM = R ‖ Z, salt = empty, info = {@value #INFO}), 32 bytes;</li>
 *   <li>ciphertext = R (uncompressed, 65 bytes) ‖ AES-256-GCM<sub>K</sub>(nonce = 12 zero bytes,
 *       no associated data, 16-byte tag). The all-zero nonce is safe: K is used once.</li>
 * </ol>
 */
public final class EciesP256 {
    /** The HKDF info string that names this scheme and its version. */
    public static final String INFO = "io.mshield ECIES P-256 HKDF-SHA-256 AES-256-GCM v1";
    /** Length of the ephemeral point. */
    public static final int POINT_LENGTH = 65;
    /** Length of the GCM tag. */
    public static final int TAG_LENGTH = 16;

    private static final int KEY_LENGTH = 32;

    private EciesP256() {
    }

    /**
     * Encrypts.
     *
     * @param recipient a P-256 public key (caller checked the curve)
     * @param plaintext the message, may be empty
     * @param random    the source of the ephemeral key
     * @return R ‖ AES-GCM ciphertext ‖ tag
     */
    public static byte[] encrypt(PublicKey recipient, byte[] plaintext, SecureRandom random) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(random, "random");
        ECPublicKeyParameters q;
        try {
            q = (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(recipient);
        } catch (InvalidKeyException | RuntimeException e) {
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "cannot ECIES-encrypt to this key", e);
        }
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(q.getParameters(), random));
        AsymmetricCipherKeyPair ephemeral = generator.generateKeyPair();
        byte[] r = ((ECPublicKeyParameters) ephemeral.getPublic()).getQ().getEncoded(false);
        byte[] key = deriveKey((ECPrivateKeyParameters) ephemeral.getPrivate(), q, r);
        try {
            GCMModeCipher gcm = gcm(true, key);
            byte[] out = new byte[POINT_LENGTH + gcm.getOutputSize(plaintext.length)];
            System.arraycopy(r, 0, out, 0, POINT_LENGTH);
            int n = gcm.processBytes(plaintext, 0, plaintext.length, out, POINT_LENGTH);
            gcm.doFinal(out, POINT_LENGTH + n);
            return out;
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("AES-GCM encryption cannot fail", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Decrypts; any malformed or altered ciphertext fails the same way.
     *
     * @param key        the P-256 private key
     * @param ciphertext R ‖ AES-GCM ciphertext ‖ tag
     * @return the plaintext
     * @throws ShieldException {@link ErrorCode#DECRYPTION_FAILED}
     */
    public static byte[] decrypt(PrivateKey key, byte[] ciphertext) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (ciphertext.length < POINT_LENGTH + TAG_LENGTH || ciphertext[0] != 0x04) {
            throw failed(null);
        }
        byte[] k = null;
        try {
            ECPrivateKeyParameters d = (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(key);
            ECDomainParameters domain = d.getParameters();
            byte[] r = Arrays.copyOfRange(ciphertext, 0, POINT_LENGTH);
            ECPoint point = domain.getCurve().decodePoint(r);
            ECPublicKeyParameters ephemeral = new ECPublicKeyParameters(point, domain);
            k = deriveKey(d, ephemeral, r);
            GCMModeCipher gcm = gcm(false, k);
            int bodyLength = ciphertext.length - POINT_LENGTH;
            byte[] out = new byte[gcm.getOutputSize(bodyLength)];
            int n = gcm.processBytes(ciphertext, POINT_LENGTH, bodyLength, out, 0);
            n += gcm.doFinal(out, n);
            return n == out.length ? out : Arrays.copyOf(out, n);
        } catch (InvalidKeyException | InvalidCipherTextException | RuntimeException e) {
            throw failed(e);
        } finally {
            if (k != null) {
                Arrays.fill(k, (byte) 0);
            }
        }
    }

    private static byte[] deriveKey(ECPrivateKeyParameters own, ECPublicKeyParameters other, byte[] ephemeralPoint) {
        ECDHBasicAgreement agreement = new ECDHBasicAgreement();
        agreement.init(own);
        byte[] z = BigIntegers.asUnsignedByteArray(agreement.getFieldSize(), agreement.calculateAgreement(other));
        byte[] ikm = Arrays.concatenate(ephemeralPoint, z);
        try {
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
            hkdf.init(new HKDFParameters(ikm, null, INFO.getBytes(StandardCharsets.US_ASCII)));
            byte[] key = new byte[KEY_LENGTH];
            hkdf.generateBytes(key, 0, KEY_LENGTH);
            return key;
        } finally {
            Arrays.fill(z, (byte) 0);
            Arrays.fill(ikm, (byte) 0);
        }
    }

    private static GCMModeCipher gcm(boolean encrypt, byte[] key) {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, new byte[12]));
        return gcm;
    }

    private static ShieldException failed(Exception cause) {
        return new ShieldException(ErrorCode.DECRYPTION_FAILED, "ECIES ciphertext is malformed or does not decrypt with this key", cause);
    }
}
