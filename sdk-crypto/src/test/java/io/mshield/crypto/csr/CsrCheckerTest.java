package io.mshield.crypto.csr;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.CsrChecker;
import io.mshield.crypto.CsrChecker.CheckedCsr;
import io.mshield.crypto.CsrChecker.Expectation;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.RawSigner;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.internal.Bc;
import io.mshield.crypto.internal.keys.KeyAlgorithms;
import io.mshield.crypto.keys.InMemoryKeyStorage;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECParameterSpec;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CsrCheckerTest {
    private static final String NAME = "张三";
    private static final Expectation ANY = new Expectation(EnumSet.allOf(KeyAlgorithm.class), NAME, 8192);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CsrChecker checker = CsrCheckers.create();

    private static KeyPair generate(KeyAlgorithm algorithm) {
        return KeyAlgorithms.generate(algorithm, RANDOM);
    }

    private static KeyPair generate(String algorithm, java.security.spec.AlgorithmParameterSpec spec) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, Bc.provider());
        generator.initialize(spec, RANDOM);
        return generator.generateKeyPair();
    }

    /** A request made by BouncyCastle's own builder, with any signature algorithm. */
    private static byte[] bcRequest(KeyPair keyPair, String signatureAlgorithm, X500Name subject) throws Exception {
        ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm).setProvider(Bc.provider()).build(keyPair.getPrivate());
        PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(subject, keyPair.getPublic()).build(signer);
        return request.getEncoded();
    }

    private static X500Name cn(String... names) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        for (String name : names) {
            builder.addRDN(BCStyle.CN, name);
        }
        return builder.build();
    }

    private void assertInvalid(byte[] der, Expectation expectation, String messagePart) {
        ShieldException e = catchThrowableOfType(ShieldException.class, () -> checker.check(der, expectation));
        assertThat(e).as("expected CSR_INVALID").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.CSR_INVALID);
        assertThat(e.getMessage()).containsIgnoringCase(messagePart);
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    @DisplayName("R10.2 a request built for every algorithm passes, with proof of possession")
    void acceptsEveryAlgorithm(KeyAlgorithm algorithm) {
        KeyPair keyPair = generate(algorithm);
        byte[] der = CsrBuilder.forCommonName(NAME).build(keyPair);
        CheckedCsr checked = checker.check(der, ANY);
        assertThat(checked.algorithm()).isEqualTo(algorithm);
        assertThat(checked.publicKey().getEncoded()).isEqualTo(keyPair.getPublic().getEncoded());
    }

    @Test
    @DisplayName("R10.2 a request signed by a key in a KeyStorage through a RawSigner passes, P1363 and PSS included")
    void rawSigner() {
        try (InMemoryKeyStorage storage = InMemoryKeyStorage.create(RANDOM)) {
            for (SignatureScheme scheme : new SignatureScheme[]{SignatureScheme.ECDSA_SHA256_P1363, SignatureScheme.RSA_PSS_SHA256,
                    SignatureScheme.SM2_SM3}) {
                KeyAlgorithm algorithm = scheme == SignatureScheme.RSA_PSS_SHA256 ? KeyAlgorithm.RSA_2048
                        : scheme == SignatureScheme.SM2_SM3 ? KeyAlgorithm.SM2 : KeyAlgorithm.EC_P256;
                KeyHandle key = storage.generateKeyPair(algorithm);
                RawSigner signer = signer(scheme, data -> storage.sign(key, scheme, data));
                byte[] der = CsrBuilder.forCommonName(NAME).build(storage.publicKey(key), signer);
                assertThat(checker.check(der, ANY).algorithm()).isEqualTo(algorithm);
            }
        }
    }

    private static RawSigner signer(SignatureScheme scheme, java.util.function.UnaryOperator<byte[]> sign) {
        return RawSigner.of(scheme, sign);
    }

    @Test
    @DisplayName("R10.2 the builder refuses a signer of another key, another family, and unsupported keys")
    void builderRefusals() throws Exception {
        KeyPair a = generate(KeyAlgorithm.EC_P256);
        KeyPair b = generate(KeyAlgorithm.EC_P256);
        io.mshield.crypto.internal.Signatures signatures = io.mshield.crypto.internal.Signatures.withDefaultUserId();
        RawSigner wrongKey = signer(SignatureScheme.ECDSA_SHA256, d -> signatures.sign(b.getPrivate(), SignatureScheme.ECDSA_SHA256, d));
        assertThatThrownBy(() -> CsrBuilder.forCommonName(NAME).build(a.getPublic(), wrongKey))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
        RawSigner wrongFamily = signer(SignatureScheme.ED25519, d -> new byte[64]);
        assertThatThrownBy(() -> CsrBuilder.forCommonName(NAME).build(a.getPublic(), wrongFamily))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALGORITHM_NOT_SUPPORTED));
        KeyPair k1 = generate("EC", new ECGenParameterSpec("secp256k1"));
        assertThatThrownBy(() -> CsrBuilder.forCommonName(NAME).build(k1))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALGORITHM_NOT_SUPPORTED));
        assertThatThrownBy(() -> CsrBuilder.forCommonName(" "))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> CsrBuilder.forCommonName("x".repeat(65)))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    @DisplayName("R10.2 the bytes 30 00, which make BouncyCastle's parser throw, give CSR_INVALID")
    void emptySequence() {
        byte[] der = {0x30, 0x00};
        assertThatThrownBy(() -> new PKCS10CertificationRequest(der)).isNotInstanceOf(ShieldException.class);
        assertInvalid(der, ANY, "malformed");
        assertInvalid(new byte[0], ANY, "empty");
        assertInvalid(new byte[]{0x30}, ANY, "DER");
        assertInvalid(new byte[]{0x05, 0x00}, ANY, "malformed");
    }

    @Test
    @DisplayName("R10.2 every truncation and every single-bit change of a valid request gives CSR_INVALID")
    void truncatedAndGarbled() {
        byte[] der = CsrBuilder.forCommonName(NAME).build(generate(KeyAlgorithm.EC_P256));
        for (int length = 0; length < der.length; length++) {
            byte[] truncated = Arrays.copyOf(der, length);
            assertThatThrownBy(() -> checker.check(truncated, ANY)).isInstanceOfSatisfying(ShieldException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CSR_INVALID));
        }
        for (int i = 0; i < der.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] garbled = der.clone();
                garbled[i] ^= (byte) (1 << bit);
                assertThatThrownBy(() -> checker.check(garbled, ANY)).as("byte %d bit %d", i, bit)
                        .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CSR_INVALID));
            }
        }
        byte[] trailing = Arrays.copyOf(der, der.length + 2);
        assertInvalid(trailing, ANY, "after the outer value");
    }

    @Test
    @DisplayName("R10.2 BER encodings and deep nesting are refused before parsing")
    void berAndNesting() {
        assertInvalid(new byte[]{0x30, (byte) 0x80, 0x00, 0x00}, ANY, "indefinite length");
        assertInvalid(new byte[]{0x30, (byte) 0x81, 0x01, 0x05}, ANY, "non-minimal length");
        byte[] nested = new byte[100];
        for (int i = 0; i < 50; i++) {
            nested[2 * i] = 0x30;
            nested[2 * i + 1] = (byte) (98 - 2 * i);
        }
        assertInvalid(nested, ANY, "nested too deeply");
        assertInvalid(new byte[]{0x30, 0x04, 0x23, 0x02, 0x03, 0x00}, ANY, "constructed BIT STRING");
    }

    @Test
    @DisplayName("R10.2 a request larger than the cap gives CSR_INVALID")
    void sizeCap() {
        byte[] der = CsrBuilder.forCommonName(NAME).build(generate(KeyAlgorithm.RSA_2048));
        assertThat(checker.check(der, new Expectation(Set.of(KeyAlgorithm.RSA_2048), NAME, der.length)).algorithm())
                .isEqualTo(KeyAlgorithm.RSA_2048);
        assertInvalid(der, new Expectation(Set.of(KeyAlgorithm.RSA_2048), NAME, der.length - 1), "longer than");
    }

    @Test
    @DisplayName("R10.2 a request whose signature was made by another key fails proof of possession")
    void wrongProofOfPossession() throws Exception {
        for (KeyAlgorithm algorithm : new KeyAlgorithm[]{KeyAlgorithm.SM2, KeyAlgorithm.EC_P256, KeyAlgorithm.ED25519}) {
            byte[] genuine = CsrBuilder.forCommonName(NAME).build(generate(algorithm));
            CertificationRequest request = CertificationRequest.getInstance(genuine);
            SubjectPublicKeyInfo otherKey = SubjectPublicKeyInfo.getInstance(generate(algorithm).getPublic().getEncoded());
            CertificationRequestInfo swapped = new CertificationRequestInfo(
                    request.getCertificationRequestInfo().getSubject(), otherKey, new DERSet());
            byte[] forged = new CertificationRequest(swapped, request.getSignatureAlgorithm(), request.getSignature())
                    .getEncoded(ASN1Encoding.DER);
            assertInvalid(forged, ANY, "proof of possession");
        }
        // SM2 signed with a user ID other than the default one.
        KeyPair sm2 = generate(KeyAlgorithm.SM2);
        CertificationRequestInfo info = new CertificationRequestInfo(cn(NAME),
                SubjectPublicKeyInfo.getInstance(sm2.getPublic().getEncoded()), new DERSet());
        byte[] signature = new io.mshield.crypto.internal.Signatures("ALICE123@YAHOO.COM")
                .sign(sm2.getPrivate(), SignatureScheme.SM2_SM3, info.getEncoded(ASN1Encoding.DER));
        byte[] der = new CertificationRequest(info, new AlgorithmIdentifier(GMObjectIdentifiers.sm2sign_with_sm3),
                new DERBitString(signature)).getEncoded(ASN1Encoding.DER);
        assertInvalid(der, ANY, "proof of possession");
    }

    @Test
    @DisplayName("R10.1 secp256k1, other curves and explicit EC parameters are refused")
    void refusedCurves() throws Exception {
        assertInvalid(bcRequest(generate("EC", new ECGenParameterSpec("secp256k1")), "SHA256withECDSA", cn(NAME)), ANY,
                "curve 1.3.132.0.10");
        assertInvalid(bcRequest(generate("EC", new ECGenParameterSpec("secp384r1")), "SHA256withECDSA", cn(NAME)), ANY,
                "not allowed");
        ECNamedCurveParameterSpec named = ECNamedCurveTable.getParameterSpec("secp256r1");
        ECParameterSpec explicit = new ECParameterSpec(named.getCurve(), named.getG(), named.getN(), named.getH());
        assertInvalid(bcRequest(generate("EC", explicit), "SHA256withECDSA", cn(NAME)), ANY, "explicit");
    }

    @Test
    @DisplayName("R10.1 RSA below 2048 bits, a small or even exponent and moduli other than 2048, 3072 and 4096 bits are refused")
    void refusedRsa() throws Exception {
        assertInvalid(bcRequest(generate("RSA", new RSAKeyGenParameterSpec(1024, RSAKeyGenParameterSpec.F4)), "SHA256withRSA",
                cn(NAME)), ANY, "below 2048");
        assertInvalid(bcRequest(generate("RSA", new RSAKeyGenParameterSpec(2048, BigInteger.valueOf(3))), "SHA256withRSA",
                cn(NAME)), ANY, "exponent");
        assertInvalid(bcRequest(generate("RSA", new RSAKeyGenParameterSpec(2304, RSAKeyGenParameterSpec.F4)), "SHA256withRSA",
                cn(NAME)), ANY, "2048, 3072 or 4096");
    }

    @Test
    @DisplayName("R10.1 SHA-1, MD5 and other digests, and schemes that do not fit the key, are refused")
    void refusedSignatureAlgorithms() throws Exception {
        KeyPair rsa = generate(KeyAlgorithm.RSA_2048);
        KeyPair p256 = generate(KeyAlgorithm.EC_P256);
        KeyPair sm2 = generate(KeyAlgorithm.SM2);
        assertInvalid(bcRequest(rsa, "SHA1withRSA", cn(NAME)), ANY, "1.2.840.113549.1.1.5");
        assertInvalid(bcRequest(rsa, "MD5withRSA", cn(NAME)), ANY, "1.2.840.113549.1.1.4");
        assertInvalid(bcRequest(rsa, "SHA512withRSA", cn(NAME)), ANY, "not allowed");
        assertInvalid(bcRequest(p256, "SHA1withECDSA", cn(NAME)), ANY, "1.2.840.10045.4.1");
        assertInvalid(bcRequest(p256, "SHA384withECDSA", cn(NAME)), ANY, "not allowed");
        assertInvalid(bcRequest(sm2, "SHA256withECDSA", cn(NAME)), ANY, "does not fit");
        assertInvalid(bcRequest(p256, "SM3withSM2", cn(NAME)), ANY, "does not fit");
        // BouncyCastle's own P-256/SHA-256 request is fine: the builders agree.
        assertThat(checker.check(bcRequest(p256, "SHA256withECDSA", cn(NAME)), ANY).algorithm()).isEqualTo(KeyAlgorithm.EC_P256);
        assertThat(checker.check(bcRequest(sm2, "SM3withSM2", cn(NAME)), ANY).algorithm()).isEqualTo(KeyAlgorithm.SM2);
    }

    @Test
    @DisplayName("R10.2 an algorithm outside the expectation's allowed set is refused")
    void notAllowedForThisShield() {
        byte[] der = CsrBuilder.forCommonName(NAME).build(generate(KeyAlgorithm.ED25519));
        assertInvalid(der, new Expectation(Set.of(KeyAlgorithm.SM2, KeyAlgorithm.EC_P256), NAME, 8192), "not allowed for this shield");
    }

    @Test
    @DisplayName("R10.2 the subject must have exactly one CN equal to the enrolled holder's name")
    void subject() throws Exception {
        KeyPair p256 = generate(KeyAlgorithm.EC_P256);
        assertInvalid(CsrBuilder.forCommonName("李四").build(p256), ANY, "does not match");
        assertInvalid(bcRequest(p256, "SHA256withECDSA", cn(NAME, NAME)), ANY, "exactly one common name");
        assertInvalid(bcRequest(p256, "SHA256withECDSA", new X500Name("O=Bank")), ANY, "exactly one common name");
        byte[] withOrganisation = bcRequest(p256, "SHA256withECDSA",
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Bank").addRDN(BCStyle.CN, NAME).build());
        assertThat(checker.check(withOrganisation, ANY).algorithm()).isEqualTo(KeyAlgorithm.EC_P256);
    }

    @Test
    @DisplayName("a non-CSR DER structure (a certificate-like sequence) gives CSR_INVALID, never another exception")
    void otherStructures() throws Exception {
        byte[] bitString = new DERBitString(new byte[]{1, 2, 3}).getEncoded();
        assertInvalid(bitString, ANY, "malformed");
        byte[] set = new DERSet().getEncoded();
        assertInvalid(set, ANY, "malformed");
    }
}
