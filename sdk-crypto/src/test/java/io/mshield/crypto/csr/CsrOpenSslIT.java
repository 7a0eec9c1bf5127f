package io.mshield.crypto.csr;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.CsrChecker;
import io.mshield.crypto.CsrChecker.Expectation;
import io.mshield.crypto.KeyAlgorithm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Requests made by the OpenSSL command line, as a phone SDK built on OpenSSL would make them, go
 * through the checker: the allowed ones pass, the refused ones give CSR_INVALID.
 */
class CsrOpenSslIT {
    private static final String NAME = "张三";
    private static final Expectation ANY = new Expectation(EnumSet.allOf(KeyAlgorithm.class), NAME, 8192);

    @TempDir
    Path directory;

    private final CsrChecker checker = CsrCheckers.create();

    @BeforeAll
    static void needsOpenSsl() throws InterruptedException {
        boolean present;
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            present = process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        }
        assumeTrue(present, "openssl is not installed: apt-get install openssl");
    }

    private byte[] openssl(String keyOptions) throws IOException, InterruptedException {
        Path out = directory.resolve("request.der");
        List<String> command = new ArrayList<>(List.of("openssl", "req", "-new", "-nodes", "-utf8", "-subj", "/CN=" + NAME,
                "-keyout", directory.resolve("key.pem").toString(), "-outform", "DER", "-out", out.toString()));
        command.addAll(List.of(keyOptions.trim().split("\\s+")));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return Files.readAllBytes(out);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "P-256 ECDSA-SHA-256 | -newkey ec -pkeyopt ec_paramgen_curve:P-256 | EC_P256",
        "SM2 SM3withSM2 (default ID) | -newkey sm2 -sm3 -sigopt distid:1234567812345678 | SM2",
        "RSA-2048 SHA-256 | -newkey rsa:2048 -sha256 | RSA_2048",
        "RSA-3072 PSS | -newkey rsa:3072 -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha256 | RSA_3072",
        "Ed25519 | -newkey ed25519 | ED25519"})
    @DisplayName("R10.2 an OpenSSL-made request is accepted: ")
    void accepted(String name, String options, KeyAlgorithm expected) throws Exception {
        assertThat(checker.check(openssl(options), ANY).algorithm()).as(name).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "SHA-1 with RSA | -newkey rsa:2048 -sha1",
        "RSA-1024 | -newkey rsa:1024 -sha256",
        "secp256k1 | -newkey ec -pkeyopt ec_paramgen_curve:secp256k1",
        "P-256 with explicit parameters | -newkey ec -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:explicit",
        "P-384 | -newkey ec -pkeyopt ec_paramgen_curve:P-384",
        "SM2 with another user ID | -newkey sm2 -sm3 -sigopt distid:ALICE123@YAHOO.COM",
        "ECDSA with SHA-512 | -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha512"})
    @DisplayName("R10.1 an OpenSSL-made request with a refused algorithm gives CSR_INVALID: ")
    void refused(String name, String options) throws Exception {
        byte[] der = openssl(options);
        ShieldException e = catchThrowableOfType(ShieldException.class, () -> checker.check(der, ANY));
        assertThat(e).as(name).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.CSR_INVALID);
    }
}
