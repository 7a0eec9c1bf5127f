package io.mshield.crypto.bc;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.CertificateSubject;
import io.mshield.crypto.CsrChecker;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.RawSigner;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.SignatureService;
import io.mshield.crypto.SignatureVerification;
import io.mshield.crypto.csr.CsrBuilder;
import io.mshield.crypto.internal.Allowlist;
import io.mshield.crypto.internal.Bc;
import io.mshield.crypto.internal.RsaFixtures;
import io.mshield.crypto.twoparty.Sm2TwoPartyPhone;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECParameterSpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 17 (STRICT-SPI), through the public API: every key, curve and scheme outside the
 * allowlist is refused by {@code decodePublicKey}, {@code verify}, signing, the CA and the CSR
 * checker; RSA-4096 is accepted everywhere. Keys for refusals are built from a fixed modulus
 * with a chosen exponent (no generation); the RSA-4096 key is a committed test resource.
 */
class AllowlistTest {
    private static final BouncyCastleCrypto CRYPTO = BouncyCastleCrypto.create();
    private static final SignatureService SIGNATURES = CRYPTO.signatures();
    private static final byte[] DATA = "转账 1,000,000.00 元".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An odd modulus of exactly {@code bits} bits: enough for any check that reads sizes and exponents. */
    private static BigInteger modulus(int bits) {
        return new BigInteger(bits, new Random(bits)).setBit(bits - 1).setBit(0);
    }

    private static byte[] rsaSpki(BigInteger n, BigInteger e) throws Exception {
        return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                new RSAPublicKey(n, e)).getEncoded();
    }

    /**
     * An RSA public key as another provider might hand it over: no checks of its own, so the
     * refusal seen is the SDK's.
     */
    private record ForeignRsaKey(BigInteger getModulus, BigInteger getPublicExponent) implements java.security.interfaces.RSAPublicKey {
        private static final long serialVersionUID = 1L;

        @Override
        public String getAlgorithm() {
            return "RSA";
        }

        @Override
        public String getFormat() {
            return "X.509";
        }

        @Override
        public byte[] getEncoded() {
            try {
                return rsaSpki(getModulus, getPublicExponent);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static PublicKey rsaKey(BigInteger n, BigInteger e) {
        return new ForeignRsaKey(n, e);
    }

    private static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Bc.provider());
        g.initialize(new ECGenParameterSpec(curve), RANDOM);
        return g.generateKeyPair();
    }

    private static byte[] rawSign(PrivateKey key, String algorithm, byte[] data) throws Exception {
        Signature s = Signature.getInstance(algorithm, Bc.provider());
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reason) {
        ShieldException e = catchThrowableOfType(ShieldException.class, call);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.ALGORITHM_NOT_SUPPORTED);
        assertThat(e.getMessage()).contains(reason);
    }

    static KeyPair rsa4096() throws Exception {
        byte[] pkcs8;
        try (InputStream in = AllowlistTest.class.getResourceAsStream("/keys/rsa4096-test-only.pk8.der")) {
            pkcs8 = in.readAllBytes();
        }
        KeyFactory f = KeyFactory.getInstance("RSA", Bc.provider());
        RSAPrivateCrtKey priv = (RSAPrivateCrtKey) f.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        return new KeyPair(f.generatePublic(new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent())), priv);
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256k1", "brainpoolP256r1", "secp384r1"})
    @DisplayName("R10.1 keys on other curves are refused by decodePublicKey and by verify, even with a valid signature")
    void otherCurves(String curve) throws Exception {
        KeyPair keys = ec(curve);
        byte[] signature = rawSign(keys.getPrivate(), "SHA256withECDSA", DATA);
        assertRefused(() -> SIGNATURES.decodePublicKey(keys.getPublic().getEncoded()), "is not allowed");
        assertRefused(() -> SIGNATURES.verify(keys.getPublic(), SignatureScheme.ECDSA_SHA256, DATA, signature), "is not allowed");
    }

    @Test
    @DisplayName("R10.1 a P-256 key with explicit curve parameters is refused by decodePublicKey and by verify")
    void explicitParameters() throws Exception {
        ECNamedCurveParameterSpec named = ECNamedCurveTable.getParameterSpec("secp256r1");
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Bc.provider());
        g.initialize(new ECParameterSpec(named.getCurve(), named.getG(), named.getN(), named.getH()), RANDOM);
        KeyPair keys = g.generateKeyPair();
        byte[] signature = rawSign(keys.getPrivate(), "SHA256withECDSA", DATA);
        assertRefused(() -> SIGNATURES.decodePublicKey(keys.getPublic().getEncoded()), "explicit");
        assertRefused(() -> SIGNATURES.verify(keys.getPublic(), SignatureScheme.ECDSA_SHA256, DATA, signature), "explicit");
        assertRefused(() -> new Phone(RANDOM).sign(keys, SignatureScheme.ECDSA_SHA256, DATA), "sm2p256v1 or P-256");
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 2047, 2304, 4095, 8192, 16384})
    @DisplayName("R10.1 RSA moduli other than 2048, 3072 and 4096 bits are refused by decodePublicKey and verify")
    void rsaSizes(int bits) throws Exception {
        BigInteger n = modulus(bits);
        assertRefused(() -> SIGNATURES.decodePublicKey(rsaSpki(n, Allowlist.RSA_EXPONENT)), "bits");
        assertRefused(() -> SIGNATURES.verify(rsaKey(n, Allowlist.RSA_EXPONENT), SignatureScheme.RSA_PKCS1_SHA256, DATA,
                new byte[bits / 8]), "bits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "3", "17", "65539", "4294967297", "65536"})
    @DisplayName("R10.1 RSA public exponents other than 65537 are refused by decodePublicKey and verify")
    void rsaExponents(String exponent) throws Exception {
        BigInteger n = modulus(2048);
        BigInteger e = new BigInteger(exponent);
        assertRefused(() -> SIGNATURES.decodePublicKey(rsaSpki(n, e)), "exponent");
        assertRefused(() -> SIGNATURES.verify(rsaKey(n, e), SignatureScheme.RSA_PKCS1_SHA256, DATA, new byte[256]), "exponent");
    }

    @Test
    @DisplayName("R10.1 the e = 1 forgery (the padded message as its own signature, no private key) is refused by verify and by the CA")
    void exponentOneForgery() throws Exception {
        PublicKey forged = KeyFactory.getInstance("RSA", Bc.provider()).generatePublic(new RSAPublicKeySpec(RsaFixtures.realisticModulus(), BigInteger.ONE));
        byte[] signature = RsaFixtures.emsaPkcs1(DATA);
        // what made the forgery work: BouncyCastle alone accepts it
        Signature bc = Signature.getInstance("SHA256withRSA", Bc.provider());
        bc.initVerify(forged);
        bc.update(DATA);
        assertThat(bc.verify(signature)).isTrue();

        assertRefused(() -> SIGNATURES.verify(forged, SignatureScheme.RSA_PKCS1_SHA256, DATA, signature), "exponent");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        assertRefused(() -> CRYPTO.certificateAuthority().issue(new IssueRequest(forged, KeyAlgorithm.RSA_2048,
                new CertificateSubject("张三", "91350100M000100Y43", "ab".repeat(32), "MS00000000017"),
                now, now.plus(Duration.ofDays(30)), "req-e1")), "exponent");
    }

    @Test
    @DisplayName("R10.1 scheme/key mismatch: an SM2 signature under a P-256 key and an ECDSA one under an SM2 key are refused, both ways")
    void schemeKeyMismatch() throws Exception {
        KeyPair p256 = ec("secp256r1");
        KeyPair sm2 = ec("sm2p256v1");
        byte[] sm2OverP256 = rawSign(p256.getPrivate(), "SM3withSM2", DATA);
        byte[] ecdsaOverSm2 = rawSign(sm2.getPrivate(), "SHA256withECDSA", DATA);
        assertRefused(() -> SIGNATURES.verify(p256.getPublic(), SignatureScheme.SM2_SM3, DATA, sm2OverP256), "does not fit");
        assertRefused(() -> SIGNATURES.verify(sm2.getPublic(), SignatureScheme.ECDSA_SHA256, DATA, ecdsaOverSm2), "does not fit");
        assertRefused(() -> SIGNATURES.verify(sm2.getPublic(), SignatureScheme.ECDSA_SHA256_P1363, DATA, new byte[64]), "does not fit");
        Phone phone = new Phone(RANDOM);
        assertRefused(() -> phone.sign(p256, SignatureScheme.SM2_SM3, DATA), "does not fit");
        assertRefused(() -> phone.sign(sm2, SignatureScheme.ECDSA_SHA256, DATA), "does not fit");
        // the same signatures under their own keys verify
        assertThat(SIGNATURES.verify(sm2.getPublic(), SignatureScheme.SM2_SM3, DATA, phone.sign(sm2, SignatureScheme.SM2_SM3, DATA))).isTrue();
        assertThat(SIGNATURES.verify(p256.getPublic(), SignatureScheme.ECDSA_SHA256, DATA, phone.sign(p256, SignatureScheme.ECDSA_SHA256, DATA)))
                .isTrue();
    }

    @Test
    @DisplayName("R10.1 the key storage signs only when the handle's algorithm is the stored key's")
    void handleKeyMismatch() {
        KeyHandle sm2 = CRYPTO.keyStorage().generateKeyPair(KeyAlgorithm.SM2);
        KeyHandle lying = new KeyHandle(sm2.storage(), sm2.alias(), KeyAlgorithm.EC_P256);
        ShieldException e = catchThrowableOfType(ShieldException.class,
                () -> CRYPTO.keyStorage().sign(lying, SignatureScheme.ECDSA_SHA256, DATA));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.KEY_NOT_FOUND);
        assertThatThrownBy(() -> CRYPTO.keyStorage().publicKey(lying)).isInstanceOf(ShieldException.class);
        assertRefused(() -> CRYPTO.keyStorage().sign(sm2, SignatureScheme.ECDSA_SHA256, DATA), "does not fit");
        assertThat(CRYPTO.keyStorage().sign(sm2, SignatureScheme.SM2_SM3, DATA)).isNotEmpty();
    }

    @Test
    @DisplayName("R10.1 RSA-4096: a KeyAlgorithm, a request the CSR checker accepts, a certificate from the CA, a CMS that verifies")
    void rsa4096Everywhere() throws Exception {
        KeyPair keys = rsa4096();
        assertThat(KeyAlgorithm.RSA_4096.bits()).isEqualTo(4096);
        assertThat(SIGNATURES.decodePublicKey(keys.getPublic().getEncoded())).isEqualTo(keys.getPublic());
        byte[] csr = CsrBuilder.forCommonName("王五").build(keys);
        CsrChecker.CheckedCsr checked = CRYPTO.csrChecker().check(csr, new CsrChecker.Expectation(Set.of(KeyAlgorithm.RSA_4096), "王五", 16384));
        assertThat(checked.algorithm()).isEqualTo(KeyAlgorithm.RSA_4096);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate certificate = CRYPTO.certificateAuthority().issue(new IssueRequest(checked.publicKey(), KeyAlgorithm.RSA_4096,
                new CertificateSubject("王五", "91350100M000100Y43", "ef".repeat(32), "MS00000004096"),
                now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofDays(30)), "req-4096"));
        Phone phone = new Phone(RANDOM);
        for (SignatureScheme scheme : new SignatureScheme[]{SignatureScheme.RSA_PKCS1_SHA256, SignatureScheme.RSA_PSS_SHA256}) {
            byte[] cms = SIGNATURES.signCms(RawSigner.of(scheme, d -> phone.sign(keys, scheme, d)), certificate,
                    CRYPTO.certificateAuthority().chain(KeyAlgorithm.Family.RSA), DATA, now);
            SignatureVerification v = SIGNATURES.verifyCms(cms, DATA);
            assertThat(v.failure()).isEmpty();
            assertThat(v.valid()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256k1-key", "rsa-e1-key", "rsa16384-key", "sha1-signature"})
    @DisplayName("R8 a certificate with a key or signature algorithm outside the allowlist is refused by decodeCertificate (the seal medium's check)")
    void certificatesOutsideTheAllowlist(String name) throws Exception {
        byte[] der;
        try (InputStream in = AllowlistTest.class.getResourceAsStream("StrictSpiFuzzTestInputs/sealMediumCertificate/" + name)) {
            der = in.readAllBytes();
        }
        ShieldException e = catchThrowableOfType(ShieldException.class, () -> SIGNATURES.decodeCertificate(der));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.CERTIFICATE_INVALID);
        assertThat(e.getMessage()).contains("not allowed");
    }

    @Test
    @DisplayName("R10.6 the phone half refuses the SM2 user ID the bank half refuses (8,192 bytes); 8,191 is the bound")
    void sm2UserIdBound() {
        assertThat(Allowlist.MAX_SM2_USER_ID_BYTES).isEqualTo(8191);
        ShieldException e = catchThrowableOfType(ShieldException.class, () -> new Sm2TwoPartyPhone(RANDOM, "a".repeat(8192)));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(new Sm2TwoPartyPhone(RANDOM, "a".repeat(8191))).isNotNull();
    }

    @Test
    @DisplayName("R10.2 null input meets the documented contracts: CsrChecker.check and ocsp throw NullPointerException naming the argument")
    void nullContracts() {
        CsrChecker.Expectation any = new CsrChecker.Expectation(Set.of(KeyAlgorithm.SM2), "x", 100);
        assertThatThrownBy(() -> CRYPTO.csrChecker().check(null, any)).isInstanceOf(NullPointerException.class).hasMessage("der");
        assertThatThrownBy(() -> CRYPTO.csrChecker().check(new byte[]{1}, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("expectation");
        assertThatThrownBy(() -> CRYPTO.certificateAuthority().ocsp(null)).isInstanceOf(NullPointerException.class).hasMessage("request");
        assertThatThrownBy(() -> SIGNATURES.decodePublicKey(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SIGNATURES.verify(null, SignatureScheme.ED25519, DATA, DATA)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SIGNATURES.verifyCms(null, DATA)).isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("R10.1 malformed public keys give INVALID_ARGUMENT, never another exception")
    void malformedKeys() throws Exception {
        byte[] good = ec("secp256r1").getPublic().getEncoded();
        for (byte[] bad : new byte[][]{{}, {0x30, 0x00}, Arrays.copyOf(good, good.length - 1), Arrays.copyOf(good, good.length + 1)}) {
            ShieldException e = catchThrowableOfType(ShieldException.class, () -> SIGNATURES.decodePublicKey(bad));
            assertThat(e).isNotNull();
            assertThat(e.code()).isIn(ErrorCode.INVALID_ARGUMENT, ErrorCode.ALGORITHM_NOT_SUPPORTED);
        }
        byte[] offCurve = good.clone();
        offCurve[offCurve.length - 1] ^= 1;
        ShieldException e = catchThrowableOfType(ShieldException.class, () -> SIGNATURES.decodePublicKey(offCurve));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
}
