package io.mshield.crypto.bc;

import io.mshield.crypto.CsrChecker;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.SignatureScheme;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** We accept what OpenSSL, an implementation we did not write, makes: CSRs, certificates, signatures. */
class OpenSslMadeIT {
    private static final BouncyCastleCrypto CRYPTO = BouncyCastleCrypto.create();

    private static int openssl(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    @Test
    @DisplayName("R10.2 an OpenSSL-made P-256 CSR passes the checker; its certificate parses; its signatures verify")
    void acceptsOpenSsl(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(openssl(dir, "version") == 0, "openssl is not installed; skipping");
        assertThat(openssl(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-pkeyopt", "ec_param_enc:named_curve",
                "-nodes", "-keyout", "key.pem", "-subj", "/CN=Zhang San", "-outform", "DER", "-out", "csr.der")).isZero();
        CsrChecker.CheckedCsr checked = CRYPTO.csrChecker().check(Files.readAllBytes(dir.resolve("csr.der")),
                new CsrChecker.Expectation(Set.of(KeyAlgorithm.EC_P256), "Zhang San", 16384));
        assertThat(checked.algorithm()).isEqualTo(KeyAlgorithm.EC_P256);

        assertThat(openssl(dir, "req", "-x509", "-key", "key.pem", "-subj", "/CN=Zhang San", "-days", "30", "-outform", "DER", "-out", "cert.der")).isZero();
        X509Certificate cert = CRYPTO.signatures().decodeCertificate(Files.readAllBytes(dir.resolve("cert.der")));
        assertThat(cert.getPublicKey().getEncoded()).isEqualTo(checked.publicKey().getEncoded());

        Files.writeString(dir.resolve("data.txt"), "payment 100.00 CNY");
        assertThat(openssl(dir, "dgst", "-sha256", "-sign", "key.pem", "-out", "sig.der", "data.txt")).isZero();
        PublicKey key = checked.publicKey();
        byte[] data = Files.readAllBytes(dir.resolve("data.txt"));
        byte[] sig = Files.readAllBytes(dir.resolve("sig.der"));
        assertThat(CRYPTO.signatures().verify(key, SignatureScheme.ECDSA_SHA256, data, sig)).isTrue();
        data[0] ^= 1;
        assertThat(CRYPTO.signatures().verify(key, SignatureScheme.ECDSA_SHA256, data, sig)).isFalse();
    }
}
