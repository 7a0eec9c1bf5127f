package io.mshield.crypto.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mshield.ShieldException;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.SignatureService;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Wycheproof vector for P-256 (DER and P1363), Ed25519 and RSA-2048 PKCS#1 v1.5 through the
 * SDK's public verify API ({@link SignatureService#verify}). The files are read from
 * {@code ../shared/vectors/wycheproof/} and never copied into the project; without them the test
 * is skipped with a message.
 *
 * <p>The allowlist (docs/crypto.md) takes RSA only with e = 65537: for a group whose key has another
 * exponent (Wycheproof's e = 3 keys), the expected outcome of every vector is that
 * {@link SignatureService#decodePublicKey} refuses the key with ALGORITHM_NOT_SUPPORTED; every other
 * vector keeps its Wycheproof verdict.
 */
class WycheproofTest {
    private static final SignatureService SIGNATURES = BouncyCastleCrypto.create().signatures();
    private static final HexFormat HEX = HexFormat.of();

    static Path dir() {
        return Path.of(System.getProperty("mshield.shared.dir", "../../shared"), "vectors", "wycheproof");
    }

    @TestFactory
    @DisplayName("R10.1 Wycheproof: every P-256, Ed25519 and RSA-2048 vector gives the expected verdict")
    Stream<DynamicTest> vectors() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(dir()), "../shared/vectors/wycheproof is absent; skipping the Wycheproof vectors");
        List<DynamicTest> tests = new ArrayList<>();
        tests.addAll(file("ecdsa_secp256r1_sha256_test.json", SignatureScheme.ECDSA_SHA256));
        tests.addAll(file("ecdsa_secp256r1_sha256_p1363_test.json", SignatureScheme.ECDSA_SHA256_P1363));
        tests.addAll(file("ed25519_test.json", SignatureScheme.ED25519));
        tests.addAll(file("rsa_signature_2048_sha256_test.json", SignatureScheme.RSA_PKCS1_SHA256));
        tests.addAll(file("rsa_pkcs1_2048_sig_gen_test.json", SignatureScheme.RSA_PKCS1_SHA256));
        assertThat(tests).hasSizeGreaterThan(1000);
        return tests.stream();
    }

    private static List<DynamicTest> file(String name, SignatureScheme scheme) throws Exception {
        JsonNode root = new ObjectMapper().readTree(dir().resolve(name).toFile());
        List<DynamicTest> out = new ArrayList<>();
        for (JsonNode group : root.get("testGroups")) {
            JsonNode der = group.has("publicKeyDer") ? group.get("publicKeyDer") : group.get("keyDer");
            JsonNode rsa = group.has("publicKey") ? group.get("publicKey") : group.path("privateKey");
            boolean refusedKey = rsa.has("publicExponent") && !"010001".equals(rsa.get("publicExponent").asText());
            // the SDK signs and verifies RSA with SHA-256 only: vectors for other hashes must not verify
            boolean otherHash = group.has("sha") && !group.get("sha").asText().equals("SHA-256");
            for (JsonNode t : group.get("tests")) {
                String result = refusedKey ? "refused key" : otherHash ? "invalid" : t.get("result").asText();
                out.add(DynamicTest.dynamicTest(name + " #" + t.get("tcId").asInt() + " " + result + " " + t.get("comment").asText(), () -> {
                    if (refusedKey) {
                        ShieldException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                                ShieldException.class, () -> publicKey(group, der));
                        assertThat(refused).isNotNull().extracting(ShieldException::code)
                                .isEqualTo(io.mshield.ErrorCode.ALGORITHM_NOT_SUPPORTED);
                        return;
                    }
                    PublicKey key = publicKey(group, der);
                    boolean ok = SIGNATURES.verify(key, scheme, HEX.parseHex(t.get("msg").asText()), HEX.parseHex(t.get("sig").asText()));
                    if (result.equals("valid")) {
                        assertThat(ok).as("valid vector").isTrue();
                    } else if (result.equals("invalid")) {
                        assertThat(ok).as("invalid vector").isFalse();
                    }
                }));
            }
        }
        assertThat(out).hasSize(root.get("numberOfTests").asInt());
        return out;
    }

    private static PublicKey publicKey(JsonNode group, JsonNode der) throws Exception {
        if (group.has("publicKeyDer")) {
            return SIGNATURES.decodePublicKey(HEX.parseHex(der.asText()));
        }
        // the generation file carries the private key; its public half is in the PKCS#8 / RSA structure
        var rsa = org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(
                org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(HEX.parseHex(group.get("privateKeyPkcs8").asText())).parsePrivateKey());
        var spki = new org.bouncycastle.asn1.x509.SubjectPublicKeyInfo(
                new org.bouncycastle.asn1.x509.AlgorithmIdentifier(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption,
                        org.bouncycastle.asn1.DERNull.INSTANCE),
                new org.bouncycastle.asn1.pkcs.RSAPublicKey(rsa.getModulus(), rsa.getPublicExponent()));
        return SIGNATURES.decodePublicKey(spki.getEncoded());
    }
}
