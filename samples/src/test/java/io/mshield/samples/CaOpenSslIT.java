package io.mshield.samples;

import io.mshield.certificate.RevocationReason;
import io.mshield.core.persistence.jdbc.JdbcPersistence;
import io.mshield.crypto.CertificateAuthority;
import io.mshield.crypto.CertificateSubject;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyStorage;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.bc.Phone;
import io.mshield.persistence.Persistence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenSSL, an implementation we did not write, checks the CA across a restart (H2 file database and
 * key store file): the chain, the CRL published after the restart (the certificate revoked before
 * it reported revoked, error 23), and OCSP responses ({@code openssl ocsp -respin}), for P-256; SM2
 * chains link by link with the distinguishing ID OpenSSL 3.0 needs.
 */
class CaOpenSslIT {
    private static final char[] PASSWORD = "openssl-test-password".toCharArray();
    @TempDir
    static Path dir;

    static OpenSsl.Result openssl(String... args) throws InterruptedException {
        return OpenSsl.run(dir, args);
    }

    private static void pem(String name, String type, byte[] der) throws IOException {
        Files.writeString(dir.resolve(name), "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) + "\n-----END " + type + "-----\n");
    }

    private static byte[] ocspRequest(X509Certificate issuer, BigInteger serial) throws Exception {
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new X509CertificateHolder(issuer.getEncoded()), serial);
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        return new OCSPReqBuilder().addRequest(id).setRequestExtensions(new Extensions(new Extension(
                OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(nonce).getEncoded()))).build().getEncoded();
    }

    private static final class Node implements AutoCloseable {
        final Persistence store = JdbcPersistence.embeddedH2(dir.resolve("db"));
        final KeyStorage keys = BouncyCastleCrypto.keyStoreFile(dir.resolve("bank-keys.mks"), PASSWORD.clone());
        final CertificateAuthority ca = BouncyCastleCrypto.builder().keyStorage(keys).persistence(store).build().certificateAuthority();

        @Override
        public void close() {
            store.close();
            keys.close();
        }
    }

    @BeforeAll
    static void issueRevokeRestart() throws Exception {
        Assumptions.assumeTrue(openssl("version").exit() == 0, "openssl is not installed; skipping the OpenSSL cross-checks of the CA");
        Phone phone = new Phone(new SecureRandom());
        Instant now = Instant.now();
        X509Certificate good;
        X509Certificate revoked;
        X509Certificate sm2;
        try (Node first = new Node()) {
            good = first.ca.issue(new IssueRequest(phone.generate(KeyAlgorithm.EC_P256).getPublic(), KeyAlgorithm.EC_P256,
                    new CertificateSubject("张三", "91350100M000100Y43", "ab".repeat(32), "MS12345678901"), now.minusSeconds(60),
                    now.plus(Duration.ofDays(30)), "openssl-good"));
            revoked = first.ca.issue(new IssueRequest(phone.generate(KeyAlgorithm.EC_P256).getPublic(), KeyAlgorithm.EC_P256,
                    new CertificateSubject("李四", "91350100M000100Y43", "cd".repeat(32), "MS12345678902"), now.minusSeconds(60),
                    now.plus(Duration.ofDays(30)), "openssl-revoked"));
            sm2 = first.ca.issue(new IssueRequest(phone.generate(KeyAlgorithm.SM2).getPublic(), KeyAlgorithm.SM2,
                    new CertificateSubject("王五", "91350100M000100Y43", "ef".repeat(32), "MS12345678903"), now.minusSeconds(60),
                    now.plus(Duration.ofDays(30)), "openssl-sm2"));
            first.ca.revoke(revoked.getSerialNumber(), RevocationReason.KEY_COMPROMISE, now.minusSeconds(30));
        }
        try (Node second = new Node()) {
            List<X509Certificate> chain = second.ca.chain(KeyAlgorithm.Family.EC);
            pem("p256-issuing.pem", "CERTIFICATE", chain.get(0).getEncoded());
            pem("p256-root.pem", "CERTIFICATE", chain.get(1).getEncoded());
            Files.writeString(dir.resolve("p256-chain.pem"), Files.readString(dir.resolve("p256-root.pem"))
                    + Files.readString(dir.resolve("p256-issuing.pem")));
            pem("p256-good.pem", "CERTIFICATE", good.getEncoded());
            pem("p256-revoked.pem", "CERTIFICATE", revoked.getEncoded());
            pem("ca-after-restart-crl.pem", "X509 CRL", second.ca.crl(KeyAlgorithm.Family.EC));
            byte[] goodRequest = ocspRequest(chain.get(0), good.getSerialNumber());
            Files.write(dir.resolve("good.req"), goodRequest);
            Files.write(dir.resolve("good.ocsp"), second.ca.ocsp(goodRequest));
            Files.write(dir.resolve("revoked.ocsp"), second.ca.ocsp(ocspRequest(chain.get(0), revoked.getSerialNumber())));
            List<X509Certificate> sm2Chain = second.ca.chain(KeyAlgorithm.Family.SM2);
            pem("sm2-issuing.pem", "CERTIFICATE", sm2Chain.get(0).getEncoded());
            pem("sm2-root.pem", "CERTIFICATE", sm2Chain.get(1).getEncoded());
            pem("sm2-leaf.pem", "CERTIFICATE", sm2.getEncoded());
        }
    }

    @Test
    @DisplayName("CA-PERSIST OpenSSL: the P-256 chain of a certificate issued before the restart verifies against the roots read after it")
    void chain() throws Exception {
        OpenSsl.Result r = openssl("verify", "-CAfile", "p256-root.pem", "-untrusted", "p256-issuing.pem", "p256-good.pem");
        assertThat(r.exit()).as(r.output()).isZero();
    }

    @Test
    @DisplayName("CA-PERSIST OpenSSL: the CRL published after the restart reports the certificate revoked before it (error 23)")
    void crlAfterRestart() throws Exception {
        OpenSsl.Result good = openssl("verify", "-crl_check", "-CAfile", "p256-chain.pem", "-CRLfile", "ca-after-restart-crl.pem", "p256-good.pem");
        assertThat(good.exit()).as(good.output()).isZero();
        OpenSsl.Result revoked = openssl("verify", "-crl_check", "-CAfile", "p256-chain.pem", "-CRLfile", "ca-after-restart-crl.pem", "p256-revoked.pem");
        assertThat(revoked.exit()).isNotZero();
        assertThat(revoked.output()).contains("error 23").contains("certificate revoked");
    }

    @Test
    @DisplayName("CA-PERSIST OpenSSL: openssl ocsp -respin verifies the responses made after the restart: good, and revoked (keyCompromise)")
    void ocsp() throws Exception {
        // given the request, OpenSSL also checks that the response echoes its nonce
        OpenSsl.Result echoed = openssl("ocsp", "-reqin", "good.req", "-respin", "good.ocsp", "-CAfile", "p256-chain.pem");
        assertThat(echoed.exit()).as(echoed.output()).isZero();
        assertThat(echoed.output()).contains("Response verify OK").doesNotContainIgnoringCase("nonce");
        OpenSsl.Result good = openssl("ocsp", "-respin", "good.ocsp", "-no_nonce", "-CAfile", "p256-chain.pem",
                "-issuer", "p256-issuing.pem", "-cert", "p256-good.pem");
        assertThat(good.exit()).as(good.output()).isZero();
        assertThat(good.output()).contains("Response verify OK").contains("p256-good.pem: good");
        OpenSsl.Result revoked = openssl("ocsp", "-respin", "revoked.ocsp", "-no_nonce", "-CAfile", "p256-chain.pem", "-issuer", "p256-issuing.pem",
                "-cert", "p256-revoked.pem");
        assertThat(revoked.exit()).as(revoked.output()).isZero();
        assertThat(revoked.output()).contains("Response verify OK").contains("p256-revoked.pem: revoked").contains("keyCompromise");
    }

    @Test
    @DisplayName("CA-PERSIST OpenSSL: the SM2 chain read after the restart verifies link by link with distid 1234567812345678")
    void sm2Chain() throws Exception {
        OpenSsl.Result leaf = openssl("verify", "-partial_chain", "-vfyopt", "distid:1234567812345678", "-CAfile", "sm2-issuing.pem", "sm2-leaf.pem");
        assertThat(leaf.exit()).as(leaf.output()).isZero();
        OpenSsl.Result issuing = openssl("verify", "-partial_chain", "-vfyopt", "distid:1234567812345678", "-CAfile", "sm2-root.pem", "sm2-issuing.pem");
        assertThat(issuing.exit()).as(issuing.output()).isZero();
    }
}
