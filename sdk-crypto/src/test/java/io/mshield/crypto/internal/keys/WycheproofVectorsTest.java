package io.mshield.crypto.internal.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.internal.Bc;
import io.mshield.crypto.internal.Signatures;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Project Wycheproof vectors (read from {@code ${mshield.shared.dir}/vectors/wycheproof/}, never
 * copied into the project) through the SDK's own path: {@link Signatures#verify} for signatures,
 * {@link HmacSm3} for HMAC-SM3. Every test case is a dynamic test; "valid" must verify, "invalid"
 * must not, "acceptable" may go either way but must not throw. A last test checks that the number
 * of cases checked equals the file's {@code numberOfTests}.
 */
class WycheproofVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private final Signatures signatures = Signatures.withDefaultUserId();

    private static JsonNode load(String name) throws IOException {
        String shared = System.getProperty("mshield.shared.dir");
        assumeTrue(shared != null && !shared.isBlank(),
                "system property mshield.shared.dir is not set (the Maven build sets it): Wycheproof vectors skipped");
        Path file = Paths.get(shared, "vectors", "wycheproof", name);
        assumeTrue(Files.isRegularFile(file), "Wycheproof vectors not found at " + file + ": skipped");
        return JSON.readTree(file.toFile());
    }

    private interface Check {
        void run(JsonNode group, JsonNode test) throws Exception;
    }

    /** One dynamic test per vector, then one that checks the count against numberOfTests. */
    private static Stream<DynamicNode> perVector(String name, Check check) throws IOException {
        JsonNode root = load(name);
        int declared = root.get("numberOfTests").asInt();
        AtomicInteger checked = new AtomicInteger();
        List<DynamicNode> tests = new ArrayList<>();
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode test : group.get("tests")) {
                String display = "tcId " + test.get("tcId").asInt() + " " + test.get("result").asText()
                        + (test.path("comment").asText().isEmpty() ? "" : ": " + test.get("comment").asText());
                tests.add(DynamicTest.dynamicTest(display, () -> {
                    check.run(group, test);
                    checked.incrementAndGet();
                }));
            }
        }
        tests.add(DynamicTest.dynamicTest("all " + declared + " vectors of " + name + " were checked", () -> {
            assertThat(checked.get()).isPositive().isEqualTo(declared);
        }));
        return tests.stream();
    }

    private static PublicKey publicKey(JsonNode group, String field, String algorithm) throws GeneralSecurityException {
        return KeyFactory.getInstance(algorithm, Bc.provider())
                .generatePublic(new X509EncodedKeySpec(HEX.parseHex(group.get(field).asText())));
    }

    /**
     * Whether a group's RSA key has a public exponent other than 65537. The allowlist
     * (docs/crypto.md) refuses such keys outright, so for exactly these groups (Wycheproof's
     * e = 3 keys) the expected outcome of every vector, whatever its verdict, is a refusal with
     * ALGORITHM_NOT_SUPPORTED; every other vector keeps its Wycheproof verdict.
     */
    static boolean exponentOutsideAllowlist(JsonNode group) {
        JsonNode key = group.has("publicKey") ? group.get("publicKey") : group.path("privateKey");
        return key.has("publicExponent") && !"010001".equals(key.get("publicExponent").asText());
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(io.mshield.ShieldException.class, call))
                .as("a key outside the allowlist is refused").isNotNull()
                .extracting(io.mshield.ShieldException::code).isEqualTo(io.mshield.ErrorCode.ALGORITHM_NOT_SUPPORTED);
    }

    private Check verifies(SignatureScheme scheme, String keyAlgorithm) {
        return (group, test) -> {
            PublicKey key = publicKey(group, "publicKeyDer", keyAlgorithm);
            if (exponentOutsideAllowlist(group)) {
                assertRefused(() -> signatures.verify(key, scheme, HEX.parseHex(test.get("msg").asText()),
                        HEX.parseHex(test.get("sig").asText())));
                return;
            }
            boolean valid = signatures.verify(key, scheme, HEX.parseHex(test.get("msg").asText()),
                    HEX.parseHex(test.get("sig").asText()));
            assertResult(test, valid);
        };
    }

    private static void assertResult(JsonNode test, boolean valid) {
        String result = test.get("result").asText();
        switch (result) {
            case "valid":
                assertThat(valid).as("valid vector rejected").isTrue();
                break;
            case "invalid":
                assertThat(valid).as("invalid vector accepted").isFalse();
                break;
            case "acceptable":
                // either answer is fine; reaching here means it did not throw
                break;
            default:
                throw new AssertionError("unknown result " + result);
        }
    }

    @TestFactory
    @DisplayName("R10.1 Wycheproof ECDSA P-256 SHA-256, DER signatures")
    Stream<DynamicNode> ecdsaDer() throws IOException {
        return perVector("ecdsa_secp256r1_sha256_test.json", verifies(SignatureScheme.ECDSA_SHA256, "EC"));
    }

    @TestFactory
    @DisplayName("R10.1 Wycheproof ECDSA P-256 SHA-256, IEEE P1363 signatures")
    Stream<DynamicNode> ecdsaP1363() throws IOException {
        return perVector("ecdsa_secp256r1_sha256_p1363_test.json", verifies(SignatureScheme.ECDSA_SHA256_P1363, "EC"));
    }

    @TestFactory
    @DisplayName("R10.1 Wycheproof Ed25519")
    Stream<DynamicNode> ed25519() throws IOException {
        return perVector("ed25519_test.json", verifies(SignatureScheme.ED25519, "Ed25519"));
    }

    @TestFactory
    @DisplayName("R10.1 Wycheproof RSA-2048 PKCS#1 v1.5 SHA-256 verification")
    Stream<DynamicNode> rsaPkcs1Verify() throws IOException {
        return perVector("rsa_signature_2048_sha256_test.json", verifies(SignatureScheme.RSA_PKCS1_SHA256, "RSA"));
    }

    @TestFactory
    @DisplayName("R10.1 Wycheproof RSA-2048 PKCS#1 v1.5 generation: SHA-256 signatures are reproduced, other digests never verify as SHA-256")
    Stream<DynamicNode> rsaPkcs1Generate() throws IOException {
        return perVector("rsa_pkcs1_2048_sig_gen_test.json", (group, test) -> {
            PublicKey publicKey = publicKey(group, "keyDer", "RSA");
            byte[] message = HEX.parseHex(test.get("msg").asText());
            byte[] expected = HEX.parseHex(test.get("sig").asText());
            if (exponentOutsideAllowlist(group)) {
                PrivateKey privateKey = KeyFactory.getInstance("RSA", Bc.provider())
                        .generatePrivate(new PKCS8EncodedKeySpec(HEX.parseHex(group.get("privateKeyPkcs8").asText())));
                assertRefused(() -> signatures.sign(privateKey, SignatureScheme.RSA_PKCS1_SHA256, message));
                assertRefused(() -> signatures.verify(publicKey, SignatureScheme.RSA_PKCS1_SHA256, message, expected));
            } else if ("SHA-256".equals(group.get("sha").asText())) {
                PrivateKey privateKey = KeyFactory.getInstance("RSA", Bc.provider())
                        .generatePrivate(new PKCS8EncodedKeySpec(HEX.parseHex(group.get("privateKeyPkcs8").asText())));
                assertThat(signatures.sign(privateKey, SignatureScheme.RSA_PKCS1_SHA256, message)).isEqualTo(expected);
                assertThat(test.get("result").asText()).isIn("valid", "acceptable");
                assertThat(signatures.verify(publicKey, SignatureScheme.RSA_PKCS1_SHA256, message, expected)).isTrue();
            } else {
                assertThat(signatures.verify(publicKey, SignatureScheme.RSA_PKCS1_SHA256, message, expected))
                        .as(group.get("sha").asText() + " signature accepted as SHA-256").isFalse();
            }
        });
    }

    @TestFactory
    @DisplayName("R5.4 Wycheproof HMAC-SM3 (the software storages' MAC)")
    Stream<DynamicNode> hmacSm3() throws IOException {
        return perVector("hmac_sm3_test.json", (group, test) -> {
            byte[] tag = HmacSm3.mac(HEX.parseHex(test.get("key").asText()), HEX.parseHex(test.get("msg").asText()));
            byte[] expected = HEX.parseHex(test.get("tag").asText());
            int length = group.get("tagSize").asInt() / 8;
            boolean matches = expected.length == length && java.security.MessageDigest.isEqual(java.util.Arrays.copyOf(tag, length), expected);
            assertResult(test, matches);
        });
    }
}
