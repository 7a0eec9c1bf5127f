package io.mshield.samples;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenSSL, an implementation we did not write, checks what the demo writes to {@code --out}:
 * chains, CRLs (the revoked certificate reported as revoked), CMS signatures, the payment evidence,
 * and SM2 certificates with the distinguishing ID OpenSSL 3.0 needs.
 */
class DemoArtifactsOpenSslIT {
    @TempDir
    static Path dir;

    @BeforeAll
    static void runDemo() throws Exception {
        Assumptions.assumeTrue(openssl("version").exit() == 0, "openssl is not installed; skipping the OpenSSL cross-checks");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Demo.run(new String[]{"--out", dir.toString()}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        for (String a : new String[]{"p256", "rsa2048", "ed25519", "sm2"}) {
            Files.writeString(dir.resolve(a + "-chain.pem"), Files.readString(dir.resolve(a + "-root.pem")) + Files.readString(dir.resolve(a + "-issuing.pem")));
        }
    }

    static OpenSsl.Result openssl(String... args) throws InterruptedException {
        return OpenSsl.run(dir, args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"p256", "rsa2048", "ed25519"})
    @DisplayName("R10.2 OpenSSL accepts the chain and the CRL, and reports the revoked certificate as revoked")
    void chainsAndCrls(String alg) throws Exception {
        OpenSsl.Result chain = openssl("verify", "-CAfile", alg + "-root.pem", "-untrusted", alg + "-issuing.pem", alg + "-leaf.pem");
        assertThat(chain.exit()).as(chain.output()).isZero();
        OpenSsl.Result good = openssl("verify", "-crl_check", "-CAfile", alg + "-chain.pem", "-CRLfile", alg + "-crl.pem", alg + "-leaf.pem");
        assertThat(good.exit()).as(good.output()).isZero();
        OpenSsl.Result revoked = openssl("verify", "-crl_check", "-CAfile", alg + "-chain.pem", "-CRLfile", alg + "-crl.pem", alg + "-revoked.pem");
        assertThat(revoked.exit()).isNotZero();
        assertThat(revoked.output()).contains("certificate revoked");
    }

    @ParameterizedTest
    @ValueSource(strings = {"p256", "rsa2048"})
    @DisplayName("R10.3 OpenSSL verifies the detached CMS signatures")
    void cms(String alg) throws Exception {
        OpenSsl.Result r = openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", alg + "-data.p7s", "-content", alg + "-data.bin",
                "-CAfile", alg + "-root.pem", "-certfile", alg + "-issuing.pem", "-out", "/dev/null");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("Verification successful");
    }

    @Test
    @DisplayName("R6.6 OpenSSL verifies the payment evidence against the P-256 root and issuing CA")
    void evidence() throws Exception {
        OpenSsl.Result r = openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", "evidence-p256.p7s", "-content", "evidence-p256.bin",
                "-CAfile", "p256-root.pem", "-certfile", "p256-issuing.pem", "-out", "/dev/null");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(Files.readString(dir.resolve("evidence-p256.bin"))).startsWith("MSTX/1").contains("999999.99");
    }

    @Test
    @DisplayName("R10.1 OpenSSL accepts the SM2 certificates with distid 1234567812345678, link by link")
    void sm2Certificates() throws Exception {
        // OpenSSL 3.0 applies -vfyopt to one signature only, so each link of the chain is checked on its own
        OpenSsl.Result leaf = openssl("verify", "-partial_chain", "-vfyopt", "distid:1234567812345678", "-CAfile", "sm2-issuing.pem", "sm2-leaf.pem");
        assertThat(leaf.exit()).as(leaf.output()).isZero();
        OpenSsl.Result issuing = openssl("verify", "-partial_chain", "-vfyopt", "distid:1234567812345678", "-CAfile", "sm2-root.pem", "sm2-issuing.pem");
        assertThat(issuing.exit()).as(issuing.output()).isZero();
        OpenSsl.Result tampered = openssl("verify", "-partial_chain", "-vfyopt", "distid:1234567812345678", "-CAfile", "sm2-issuing.pem", "sm2-revoked.pem");
        assertThat(tampered.exit()).as("a certificate of the same CA also verifies — the CA signs correctly").isZero();
        OpenSsl.Result wrongCa = openssl("verify", "-partial_chain", "-vfyopt", "distid:1234567812345678", "-CAfile", "p256-issuing.pem", "sm2-leaf.pem");
        assertThat(wrongCa.exit()).isNotZero();
    }

    @Test
    @DisplayName("R6.6 OpenSSL accepts the P-256 evidence's RFC 3161 token over the signature value with the TSA chain, and refuses other data")
    void timeStampToken() throws Exception {
        OpenSsl.Result r = openssl("ts", "-verify", "-token_in", "-in", "evidence-p256.tst", "-data", "evidence-p256.sig",
                "-CAfile", "p256-root.pem", "-untrusted", "tsa-p256-chain.pem");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("Verification: OK");
        OpenSsl.Result other = openssl("ts", "-verify", "-token_in", "-in", "evidence-p256.tst", "-data", "evidence-p256.bin",
                "-CAfile", "p256-root.pem", "-untrusted", "tsa-p256-chain.pem");
        assertThat(other.exit()).as("the token covers the signature value, not the content").isNotZero();
        OpenSsl.Result text = openssl("ts", "-reply", "-token_in", "-in", "evidence-p256.tst", "-token_out", "-text");
        assertThat(text.output()).contains("Policy OID", "Hash Algorithm: sha256");
    }

    @Test
    @DisplayName("R6.6 OpenSSL reads the evidence bundle's CMS (with its token) and CRL from the one file")
    void evidenceBundle() throws Exception {
        OpenSsl.Result cms = openssl("cms", "-cmsout", "-print", "-inform", "PEM", "-in", "evidence-p256-bundle.pem");
        assertThat(cms.exit()).as(cms.output()).isZero();
        assertThat(cms.output()).contains("id-smime-aa-timeStampToken");
        OpenSsl.Result crl = openssl("crl", "-in", "evidence-p256-bundle.pem", "-noout", "-issuer");
        assertThat(crl.exit()).as(crl.output()).isZero();
        assertThat(crl.output()).contains("MobileShield Issuing CA EC");
    }
}
