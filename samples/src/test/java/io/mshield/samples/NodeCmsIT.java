package io.mshield.samples;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Node's own {@code crypto} module, with a 100-line DER reader of ours and no CMS library,
 * checks the demo's detached CMS files: content digest, signature over the signed attributes
 * (Ed25519 per RFC 8419, ECDSA and RSA), and leaf → issuing → root. It is the independent
 * verifier for Ed25519 CMS, which OpenSSL's {@code cms -verify} also handles but which this
 * test checks without any CMS code at all.
 */
class NodeCmsIT {
    @TempDir
    static Path dir;
    static Path script;

    @BeforeAll
    static void setUp() throws Exception {
        Assumptions.assumeTrue(run(List.of("node", "--version")).startsWith("v"), "node is not installed; skipping the Node cross-check");
        script = dir.resolve("verify-cms.js");
        try (InputStream in = Objects.requireNonNull(NodeCmsIT.class.getResourceAsStream("/node/verify-cms.js"))) {
            Files.copy(in, script);
        }
        int status = Demo.run(new String[]{"--out", dir.toString()}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
    }

    static String run(List<String> command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return out;
        } catch (java.io.IOException e) {
            return "";
        }
    }

    static String verify(String cms, Path content, String issuing, String root) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", script.toString()));
        command.addAll(List.of(dir.resolve(cms).toString(), content.toString(), dir.resolve(issuing).toString(), dir.resolve(root).toString()));
        return run(command);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ed25519, ed25519", "p256, ec", "rsa2048, rsa"})
    @DisplayName("R10.3 Node's crypto verifies our detached CMS and its chain: Ed25519, P-256, RSA-2048")
    void nodeAccepts(String alg, String keyType) throws Exception {
        assertThat(verify(alg + "-data.p7s", dir.resolve(alg + "-data.bin"), alg + "-issuing.pem", alg + "-root.pem"))
                .isEqualTo("true " + keyType);
    }

    @Test
    @DisplayName("R10.3 Node refuses the Ed25519 CMS over changed content, and under another family's CA")
    void nodeRefuses() throws Exception {
        Path changed = dir.resolve("changed.bin");
        byte[] content = Files.readAllBytes(dir.resolve("ed25519-data.bin"));
        content[0] ^= 1;
        Files.write(changed, content);
        assertThat(verify("ed25519-data.p7s", changed, "ed25519-issuing.pem", "ed25519-root.pem"))
                .isEqualTo("false: message digest does not match the content");
        assertThat(verify("ed25519-data.p7s", dir.resolve("ed25519-data.bin"), "p256-issuing.pem", "ed25519-root.pem"))
                .isEqualTo("false: the leaf is not issued by the issuing CA");
        // A signature flipped inside the file: still well-formed DER, no longer a valid signature.
        byte[] cms = Files.readAllBytes(dir.resolve("ed25519-data.p7s"));
        cms[cms.length - 1] ^= 1;
        Files.write(dir.resolve("flipped.p7s"), cms);
        assertThat(verify("flipped.p7s", dir.resolve("ed25519-data.bin"), "ed25519-issuing.pem", "ed25519-root.pem"))
                .isEqualTo("false: the signature does not verify");
    }
}
