package io.mshield.crypto.keys;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.KeyStorage;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.CertificateSubject;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.RawSigner;
import io.mshield.crypto.SignatureVerification;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.internal.Signatures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.security.Security;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link Pkcs11KeyStorage} against a fresh SoftHSM2 token: the storage contract, keys generated
 * in the token and not extractable, signatures that BouncyCastle verifies, SM2 and Ed25519
 * refused, keys kept across a restart. Failsafe sets {@code SOFTHSM2_CONF} to
 * {@code target/softhsm/softhsm2.conf}; this test writes that file and a new token directory.
 */
class SoftHsmKeyStorageIT extends AbstractKeyStorageContractTest {
    private static final Path LIBRARY = Paths.get("/usr/lib/softhsm/libsofthsm2.so");
    private static final String PIN = "246810";
    private static final String SO_PIN = "13579135";
    private static final byte[] DATA = "pay 100 CNY".getBytes(StandardCharsets.UTF_8);

    private static long slot;

    @BeforeAll
    static void createToken() throws IOException, InterruptedException {
        assumeTrue(Files.isRegularFile(LIBRARY), "SoftHSM2 is not installed (" + LIBRARY
                + " missing): apt-get install softhsm2 opensc");
        String conf = System.getenv("SOFTHSM2_CONF");
        assumeTrue(conf != null && !conf.isBlank(),
                "SOFTHSM2_CONF is not set: run this test through Maven Failsafe (mvn verify), which sets it");
        Path confFile = Paths.get(conf);
        Path tokens = confFile.resolveSibling("tokens");
        if (Files.exists(tokens)) {
            try (Stream<Path> old = Files.walk(tokens)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toArray(Path[]::new)) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(confFile, "directories.tokendir = " + tokens.toAbsolutePath() + "\n"
                + "objectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        String output = run("softhsm2-util", "--init-token", "--free", "--label", "mshield-it",
                "--so-pin", SO_PIN, "--pin", PIN);
        Matcher matcher = Pattern.compile("reassigned to slot (\\d+)").matcher(output);
        assertThat(matcher.find()).as("softhsm2-util output: " + output).isTrue();
        slot = Long.parseLong(matcher.group(1));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SOFTHSM2_CONF", System.getenv("SOFTHSM2_CONF"));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            assumeTrue(false, command[0] + " is not installed: apt-get install softhsm2 opensc");
            throw e;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }

    private static Pkcs11KeyStorage open(SecureRandom random) {
        return Pkcs11KeyStorage.builder(LIBRARY, random).id("softhsm").slot(slot).open(PIN.toCharArray());
    }

    @Override
    protected KeyStorage newStorage(SecureRandom random) {
        return open(random);
    }

    @Override
    protected Set<KeyAlgorithm> decryptingAlgorithms() {
        return EnumSet.noneOf(KeyAlgorithm.class);
    }

    @Override
    protected int concurrencyRounds() {
        return 3;
    }

    @Test
    @DisplayName("R10.5 a P-256 key is generated in the token, cannot be extracted, and its signature verifies with BouncyCastle")
    void p256InToken() throws Exception {
        KeyHandle key = storage.generateKeyPair(KeyAlgorithm.EC_P256);
        PublicKey publicKey = storage.publicKey(key);
        for (SignatureScheme scheme : List.of(SignatureScheme.ECDSA_SHA256, SignatureScheme.ECDSA_SHA256_P1363)) {
            byte[] signature = storage.sign(key, scheme, DATA);
            assertThat(Signatures.withDefaultUserId().verify(publicKey, scheme, DATA, signature)).isTrue();
        }

        // Look at the token object through a second, independent SunPKCS11 session.
        Provider provider = Security.getProvider("SunPKCS11").configure("--name = inspect\nlibrary = "
                + LIBRARY + "\nslot = " + slot + "\n");
        KeyStore token = KeyStore.getInstance("PKCS11", provider);
        token.load(null, PIN.toCharArray());
        Key tokenKey = token.getKey(key.alias(), null);
        assertThat(tokenKey).isInstanceOf(PrivateKey.class);
        assertThat(tokenKey.getEncoded()).as("a sensitive key has no encoding").isNull();
        assertThat(tokenKey.toString()).contains("token object").contains("sensitive").contains("unextractable");

        // And through OpenSC's tool: CKA_SENSITIVE, CKA_NEVER_EXTRACTABLE, CKA_LOCAL (generated in the token).
        if (Files.isExecutable(Paths.get("/usr/bin/pkcs11-tool"))) {
            String objects = run("pkcs11-tool", "--module", LIBRARY.toString(), "--slot", Long.toString(slot),
                    "--login", "--pin", PIN, "--list-objects", "--type", "privkey");
            List<String> accessLines = new ArrayList<>();
            for (String line : objects.split("\n")) {
                if (line.trim().startsWith("Access:")) {
                    accessLines.add(line);
                }
            }
            assertThat(accessLines).isNotEmpty().allSatisfy(line -> assertThat(line)
                    .contains("sensitive").contains("never extractable").contains("local"));
        }
    }

    @Test
    @DisplayName("R10.5 a token key (P-256, RSA-2048, RSA-4096), wired into BouncyCastleCrypto, signs a detached CMS that verifies to the root; the content is bound")
    void tokenKeySignsCms() throws Exception {
        BouncyCastleCrypto crypto = BouncyCastleCrypto.builder().keyStorage(storage).build();
        for (KeyAlgorithm algorithm : List.of(KeyAlgorithm.EC_P256, KeyAlgorithm.RSA_2048, KeyAlgorithm.RSA_4096)) {
            KeyHandle key = crypto.keyStorage().generateKeyPair(algorithm);
            Instant now = Instant.now();
            X509Certificate certificate = crypto.certificateAuthority().issue(new IssueRequest(storage.publicKey(key), algorithm,
                    new CertificateSubject("赵六", "91350100M000100Y43", "0f".repeat(32), "MS00000000044"),
                    now.minusSeconds(60), now.plus(Duration.ofDays(30)), "hsm-" + algorithm));
            SignatureScheme scheme = algorithm.defaultScheme();
            RawSigner inToken = RawSigner.of(scheme, data -> storage.sign(key, scheme, data));
            byte[] cms = crypto.signatures().signCms(inToken, certificate,
                    crypto.certificateAuthority().chain(algorithm.family()), DATA, now);
            SignatureVerification verification = crypto.signatures().verifyCms(cms, DATA);
            assertThat(verification.valid()).as(algorithm + ": " + verification.failure().orElse("")).isTrue();
            assertThat(verification.signer()).contains(certificate);
            assertThat(verification.chain()).hasSize(3);
            assertThat(crypto.signatures().verifyCms(cms, "pay 900 CNY".getBytes(StandardCharsets.UTF_8)).valid()).isFalse();
        }
    }

    @Test
    @DisplayName("R10.1 SM2 and Ed25519 are refused with ALGORITHM_NOT_SUPPORTED and say why")
    void refusesSm2AndEd25519() {
        assertThat(storage.algorithms()).containsExactlyInAnyOrder(KeyAlgorithm.EC_P256, KeyAlgorithm.RSA_2048, KeyAlgorithm.RSA_3072,
                KeyAlgorithm.RSA_4096);
        ShieldException sm2 = catchThrowableOfType(ShieldException.class, () -> storage.generateKeyPair(KeyAlgorithm.SM2));
        assertThat(sm2.code()).isEqualTo(ErrorCode.ALGORITHM_NOT_SUPPORTED);
        assertThat(sm2.getMessage()).contains("SM2").contains("PKCS#11");
        ShieldException ed = catchThrowableOfType(ShieldException.class, () -> storage.generateKeyPair(KeyAlgorithm.ED25519));
        assertThat(ed.code()).isEqualTo(ErrorCode.ALGORITHM_NOT_SUPPORTED);
        assertThat(ed.getMessage()).contains("Ed25519");
        KeyHandle p256 = storage.generateKeyPair(KeyAlgorithm.EC_P256);
        ShieldException decrypt = catchThrowableOfType(ShieldException.class, () -> storage.decrypt(p256, new byte[100]));
        assertThat(decrypt.code()).isEqualTo(ErrorCode.ALGORITHM_NOT_SUPPORTED);
        assertThat(decrypt.getMessage()).contains("ECIES");
    }

    @Test
    @DisplayName("R10.1 keys and MAC keys stay in the token across a restart")
    void survivesRestart() {
        KeyHandle ec = storage.generateKeyPair(KeyAlgorithm.EC_P256);
        KeyHandle rsa = storage.generateKeyPair(KeyAlgorithm.RSA_2048);
        KeyHandle mac = storage.generateMacKey();
        assertThat(mac.algorithm()).isEqualTo(Pkcs11KeyStorage.MAC_HANDLE_ALGORITHM);
        byte[] tag = storage.mac(mac, DATA);
        PublicKey ecPublic = storage.publicKey(ec);
        storage.close();

        try (Pkcs11KeyStorage again = open(new SecureRandom())) {
            assertThat(again.contains(ec)).isTrue();
            assertThat(again.contains(rsa)).isTrue();
            assertThat(again.publicKey(ec)).isEqualTo(ecPublic);
            byte[] signature = again.sign(rsa, SignatureScheme.RSA_PSS_SHA256, DATA);
            assertThat(Signatures.withDefaultUserId().verify(again.publicKey(rsa), SignatureScheme.RSA_PSS_SHA256, DATA, signature)).isTrue();
            assertThat(again.mac(mac, DATA)).isEqualTo(tag);
            again.destroy(ec);
        }
        try (Pkcs11KeyStorage third = open(new SecureRandom())) {
            assertThat(third.contains(ec)).isFalse();
            assertThat(third.contains(rsa)).isTrue();
        }
    }

    @Test
    @DisplayName("R10.5 a wrong PIN fails with KEY_STORAGE_FAILURE, and the PIN array is cleared")
    void wrongPin() {
        // PKCS#11 login is per process and token: while any session of this JVM is logged in,
        // SunPKCS11 takes any PIN. Log out first so the token checks the PIN.
        storage.close();
        char[] wrong = "000000".toCharArray();
        assertThatThrownBy(() -> Pkcs11KeyStorage.builder(LIBRARY, new SecureRandom()).slot(slot).open(wrong))
                .isInstanceOfSatisfying(ShieldException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.KEY_STORAGE_FAILURE);
                    assertThat(e.getMessage()).doesNotContain("000000");
                });
        assertThat(wrong).containsOnly('\0');
        char[] right = PIN.toCharArray();
        open(new SecureRandom()).close();
        Pkcs11KeyStorage.builder(LIBRARY, new SecureRandom()).slot(slot).open(right).close();
        assertThat(right).containsOnly('\0');
        assertThatThrownBy(() -> Pkcs11KeyStorage.builder(Paths.get("/nonexistent/libpkcs11.so"), new SecureRandom())
                .open(PIN.toCharArray()))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    @DisplayName("R10.6 SoftHSM COLLABORATIVE: d2 wrapped by a token AES key co-signs a payment that OpenSSL verifies (distid 1234567812345678)")
    void softHsmCollaborativePaymentVerifiesWithOpenSsl(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        io.mshield.crypto.CollaborativeSm2 bank = storage.collaborativeSm2().orElseThrow();
        io.mshield.crypto.twoparty.Sm2TwoPartyPhone phone = new io.mshield.crypto.twoparty.Sm2TwoPartyPhone(new SecureRandom(), "1234567812345678");
        io.mshield.crypto.twoparty.Sm2TwoPartyPhone.Share share = phone.newShare();
        io.mshield.crypto.CollaborativeSm2.SharedKey key = bank.generateShare(share.p1());
        // the share's token key: an AES key that is sensitive and cannot be extracted
        Provider provider = Security.getProvider("SunPKCS11").configure("--name = inspect-share\nlibrary = "
                + LIBRARY + "\nslot = " + slot + "\n");
        KeyStore token = KeyStore.getInstance("PKCS11", provider);
        token.load(null, PIN.toCharArray());
        String tokenAlias = key.share().alias().substring(0, key.share().alias().indexOf('.'));
        Key wrapping = token.getKey(tokenAlias, null);
        assertThat(wrapping).isInstanceOf(javax.crypto.SecretKey.class);
        assertThat(wrapping.getAlgorithm()).isEqualTo("AES");
        assertThat(wrapping.getEncoded()).as("the token key is not extractable").isNull();
        byte[] payment = "MSTX/1\npayee 6222000000000002\namount 100.00 CNY\n".getBytes(StandardCharsets.UTF_8);
        io.mshield.crypto.twoparty.Sm2TwoPartyPhone.Round round = phone.startRound();
        io.mshield.crypto.CollaborativeSm2.CoSignature c = bank.coSign(key.share(), bank.digest(key.publicKey(), payment), round.q1());
        byte[] sig = phone.finish(share, round, c.r(), c.s2(), c.s3());
        Files.writeString(dir.resolve("pub.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.publicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        Files.write(dir.resolve("payment.bin"), payment);
        Files.write(dir.resolve("sig.der"), sig);
        String out = run("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", dir.resolve("pub.pem").toString(), "-rawin", "-in",
                dir.resolve("payment.bin").toString(), "-sigfile", dir.resolve("sig.der").toString(), "-digest", "sm3",
                "-pkeyopt", "distid:1234567812345678");
        assertThat(out).contains("Signature Verified Successfully");
        // after a restart the wrapped share still signs: it lives in the token, wrapped
        storage.close();
        storage = open(new SecureRandom());
        io.mshield.crypto.twoparty.Sm2TwoPartyPhone.Round again = phone.startRound();
        io.mshield.crypto.CollaborativeSm2.CoSignature c2 = storage.collaborativeSm2().orElseThrow().coSign(key.share(),
                bank.digest(key.publicKey(), payment), again.q1());
        assertThat(Signatures.withDefaultUserId().verify(key.publicKey(), SignatureScheme.SM2_SM3, payment,
                phone.finish(share, again, c2.r(), c2.s2(), c2.s3()))).isTrue();
    }
}
