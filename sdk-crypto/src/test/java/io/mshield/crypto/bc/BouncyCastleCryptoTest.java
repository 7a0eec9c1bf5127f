package io.mshield.crypto.bc;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.certificate.RevocationReason;
import io.mshield.crypto.CertificateSubject;
import io.mshield.crypto.CsrChecker;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.RawSigner;
import io.mshield.crypto.RevocationStatus;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.SignatureVerification;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BouncyCastleCryptoTest {
    private static final BouncyCastleCrypto CRYPTO = BouncyCastleCrypto.create();
    private static final Phone PHONE = new Phone(new SecureRandom());
    private static final byte[] DATA = "转账 999,999.99 元".getBytes(StandardCharsets.UTF_8);

    private static X509Certificate issue(KeyPair keys, KeyAlgorithm alg, String request) {
        Instant now = Instant.now();
        return CRYPTO.certificateAuthority().issue(new IssueRequest(keys.getPublic(), alg,
                new CertificateSubject("张三", "91350100M000100Y43", "ab".repeat(32), "MS12345678901"), now, now.plus(Duration.ofDays(365)), request));
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    @DisplayName("R10.1 R10.2 R10.3 every algorithm: key pair, CSR, certificate, detached CMS that verifies to the root; tampered content fails")
    void roundTrip(KeyAlgorithm alg) {
        KeyPair keys = PHONE.generate(alg);
        byte[] csr = PHONE.certificateRequest(keys, alg, "张三");
        CsrChecker.CheckedCsr checked = CRYPTO.csrChecker().check(csr, new CsrChecker.Expectation(Set.of(alg), "张三", 16384));
        assertThat(checked.algorithm()).isEqualTo(alg);
        X509Certificate cert = issue(keys, alg, "rt-" + alg);
        assertThat(cert.getKeyUsage()[0]).isTrue();
        assertThat(cert.getKeyUsage()[1]).isTrue();
        assertThat(cert.getSerialNumber().bitLength()).isGreaterThanOrEqualTo(120);
        assertThat(cert.getSubjectX500Principal().getName()).doesNotContain("11010519491231002X");
        SignatureScheme scheme = alg.defaultScheme();
        RawSigner signer = RawSigner.of(scheme, data -> PHONE.sign(keys, scheme, data));
        var chain = CRYPTO.certificateAuthority().chain(alg.family());
        byte[] cms = CRYPTO.signatures().signCms(signer, cert, chain, DATA, Instant.now());
        SignatureVerification v = CRYPTO.signatures().verifyCms(cms, DATA);
        assertThat(v.valid()).as(v.failure().orElse("")).isTrue();
        assertThat(v.chain()).hasSize(3);
        assertThat(v.signingTime()).isPresent();
        assertThat(CRYPTO.signatures().verifyCms(cms, "tampered".getBytes(StandardCharsets.UTF_8)).valid()).isFalse();
        byte[] raw = PHONE.sign(keys, scheme, DATA);
        byte[] direct = CRYPTO.signatures().assembleCms(raw, scheme, cert, chain, DATA);
        assertThat(CRYPTO.signatures().verifyCms(direct, DATA).valid()).isTrue();
        assertThatThrownBy(() -> CRYPTO.signatures().assembleCms(raw, scheme, cert, chain, "other".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
        assertThat(CRYPTO.signatures().decodePublicKey(keys.getPublic().getEncoded()).getEncoded()).isEqualTo(keys.getPublic().getEncoded());
    }

    @Test
    @DisplayName("R10.4 a hold lists the certificate on the CRL, a release lists it as removeFromCRL, a revocation is final; CRL numbers grow")
    void revocation() throws Exception {
        KeyPair keys = PHONE.generate(KeyAlgorithm.EC_P256);
        X509Certificate cert = issue(keys, KeyAlgorithm.EC_P256, "rev-1");
        Instant now = Instant.now();
        var ca = CRYPTO.certificateAuthority();
        ca.revoke(cert.getSerialNumber(), RevocationReason.CERTIFICATE_HOLD, now);
        assertThat(ca.status(cert.getSerialNumber(), now.plusSeconds(1)).reason()).contains(RevocationReason.CERTIFICATE_HOLD);
        X509CRLHolder first = new X509CRLHolder(ca.crl(KeyAlgorithm.Family.EC));
        assertThat(first.getRevokedCertificate(cert.getSerialNumber())).isNotNull();
        ca.release(cert.getSerialNumber(), now.plusSeconds(2));
        assertThat(ca.status(cert.getSerialNumber(), now.plusSeconds(3)).state()).isEqualTo(RevocationStatus.State.GOOD);
        X509CRLHolder second = new X509CRLHolder(ca.crl(KeyAlgorithm.Family.EC));
        assertThat(org.bouncycastle.asn1.x509.CRLReason.getInstance(second.getRevokedCertificate(cert.getSerialNumber()).getExtensions()
                .getExtension(org.bouncycastle.asn1.x509.Extension.reasonCode).getParsedValue()).getValue().intValue()).isEqualTo(8);
        assertThat(new java.math.BigInteger(second.getExtension(org.bouncycastle.asn1.x509.Extension.cRLNumber).getParsedValue().toString()))
                .isGreaterThan(new java.math.BigInteger(first.getExtension(org.bouncycastle.asn1.x509.Extension.cRLNumber).getParsedValue().toString()));
        ca.revoke(cert.getSerialNumber(), RevocationReason.KEY_COMPROMISE, now.plusSeconds(4));
        assertThatThrownBy(() -> ca.release(cert.getSerialNumber(), now.plusSeconds(5))).isInstanceOf(ShieldException.class);
        assertThat(ca.status(cert.getSerialNumber(), now.plusSeconds(3)).state()).as("good before the revocation time").isEqualTo(RevocationStatus.State.GOOD);
        assertThat(ca.status(java.math.BigInteger.TEN, now).state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(issue(keys, KeyAlgorithm.EC_P256, "rev-1")).as("issuance is idempotent by request id").isEqualTo(cert);
        assertThatThrownBy(() -> issue(PHONE.generate(KeyAlgorithm.EC_P256), KeyAlgorithm.EC_P256, "rev-1"))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_CONFLICT));
    }

    @Test
    @DisplayName("R10.2 CSRs: 30 00, garbage, a wrong name, secp256k1, RSA-1024 and a wrong algorithm are refused with CSR_INVALID")
    void csrRefusals() throws Exception {
        CsrChecker c = CRYPTO.csrChecker();
        CsrChecker.Expectation p256 = new CsrChecker.Expectation(Set.of(KeyAlgorithm.EC_P256), "张三", 16384);
        for (byte[] bad : new byte[][]{{0x30, 0x00}, {}, {0x30}, "not a csr".getBytes(StandardCharsets.UTF_8)}) {
            assertThatThrownBy(() -> c.check(bad, p256)).isInstanceOfSatisfying(ShieldException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CSR_INVALID));
        }
        KeyPair ok = PHONE.generate(KeyAlgorithm.EC_P256);
        assertThatThrownBy(() -> c.check(PHONE.certificateRequest(ok, KeyAlgorithm.EC_P256, "李四"), p256))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CSR_INVALID));
        assertThatThrownBy(() -> c.check(PHONE.certificateRequest(PHONE.generate(KeyAlgorithm.SM2), KeyAlgorithm.SM2, "张三"), p256))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CSR_INVALID));
        KeyPairGenerator k1 = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        k1.initialize(new ECGenParameterSpec("secp256k1"));
        KeyPair k1Keys = k1.generateKeyPair();
        assertThatThrownBy(() -> c.check(PHONE.certificateRequest(k1Keys, KeyAlgorithm.EC_P256, "张三"), p256))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CSR_INVALID));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA", new BouncyCastleProvider());
        rsa.initialize(1024);
        KeyPair weak = rsa.generateKeyPair();
        assertThatThrownBy(() -> c.check(PHONE.certificateRequest(weak, KeyAlgorithm.RSA_2048, "张三"),
                new CsrChecker.Expectation(Set.of(KeyAlgorithm.RSA_2048), "张三", 16384)))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CSR_INVALID));
        byte[] good = PHONE.certificateRequest(ok, KeyAlgorithm.EC_P256, "张三");
        assertThatThrownBy(() -> c.check(good, new CsrChecker.Expectation(Set.of(KeyAlgorithm.EC_P256), "张三", 100)))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CSR_INVALID));
        byte[] popBroken = good.clone();
        popBroken[popBroken.length - 3] ^= 1;
        assertThatThrownBy(() -> c.check(popBroken, p256)).isInstanceOfSatisfying(ShieldException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CSR_INVALID));
        assertThat(c.check(good, p256).publicKey().getEncoded()).isEqualTo(ok.getPublic().getEncoded());
    }

    @Test
    @DisplayName("R5.4 the key storage decrypts SM2 and ECIES PIN blocks, MACs with HMAC-SM3, and never shows a secret")
    void keyStorage() {
        var ks = CRYPTO.keyStorage();
        for (KeyAlgorithm alg : new KeyAlgorithm[]{KeyAlgorithm.SM2, KeyAlgorithm.EC_P256}) {
            KeyHandle h = ks.generateKeyPair(alg);
            byte[] ct = PHONE.encrypt(ks.publicKey(h).getEncoded(), DATA);
            assertThat(ks.decrypt(h, ct)).isEqualTo(DATA);
            ct[ct.length - 1] ^= 1;
            assertThatThrownBy(() -> ks.decrypt(h, ct)).isInstanceOfSatisfying(ShieldException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.DECRYPTION_FAILED));
        }
        KeyHandle mac = ks.generateMacKey();
        assertThat(ks.mac(mac, DATA)).hasSize(32).isEqualTo(ks.mac(mac, DATA));
        assertThat(ks.toString()).doesNotContainPattern("[0-9a-f]{32}");
        ks.destroy(mac);
        assertThat(ks.contains(mac)).isFalse();
        assertThatThrownBy(() -> ks.mac(mac, DATA)).isInstanceOfSatisfying(ShieldException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_NOT_FOUND));
    }

    @Test
    @DisplayName("R7.4 a P-256 envelope sealed by signatures().encrypt, by the phone or by PublicKeyEncryption opens in every software key storage")
    void p256EnvelopesOpenInEveryKeyStorage(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.util.List<io.mshield.crypto.KeyStorage> storages = java.util.List.of(CRYPTO.keyStorage(),
                io.mshield.crypto.keys.InMemoryKeyStorage.create(new SecureRandom()),
                BouncyCastleCrypto.keyStoreFile(dir.resolve("bank-keys.mks"), "envelope-test-password".toCharArray()));
        for (io.mshield.crypto.KeyStorage ks : storages) {
            KeyHandle h = ks.generateKeyPair(KeyAlgorithm.EC_P256);
            assertThat(ks.decrypt(h, CRYPTO.signatures().encrypt(ks.publicKey(h), DATA))).as("SignatureService.encrypt into %s", ks).isEqualTo(DATA);
            assertThat(ks.decrypt(h, PHONE.encrypt(ks.publicKey(h).getEncoded(), DATA))).as("Phone.encrypt into %s", ks).isEqualTo(DATA);
            assertThat(ks.decrypt(h, new io.mshield.crypto.keys.PublicKeyEncryption(new SecureRandom()).encrypt(ks.publicKey(h), DATA)))
                    .as("PublicKeyEncryption into %s", ks).isEqualTo(DATA);
            ks.destroy(h);
        }
        storages.get(1).close();
        storages.get(2).close();
    }
}
