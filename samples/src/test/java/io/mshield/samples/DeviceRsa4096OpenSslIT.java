package io.mshield.samples;

import io.mshield.MobileShield;
import io.mshield.core.MobileShields;
import io.mshield.core.persistence.memory.InMemoryPersistence;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.bc.Phone;
import io.mshield.enrollment.Application;
import io.mshield.enrollment.DeviceInfo;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.KeyProposal;
import io.mshield.identity.DeviceId;
import io.mshield.identity.PersonName;
import io.mshield.identity.UserId;
import io.mshield.identity.UserType;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.Pin;
import io.mshield.pin.PinBlock;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinProof;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.ShieldDetails;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.Party;
import io.mshield.transaction.SignatureReceipt;
import io.mshield.transaction.Transaction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 (STRICT-SPI): a DEVICE shield with an RSA-4096 key enrolls through the engine, signs a
 * payment, and OpenSSL — an implementation we did not write — verifies the CMS the bank keeps as
 * evidence, against the CA's root. Skipped with a message where OpenSSL is absent.
 */
class DeviceRsa4096OpenSslIT {
    private static final String PIN = "135790";

    private static int openssl(Path dir, List<String> output, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            output.add(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static PinProof.EncryptedPin pinBlock(Phone phone, PinChallenge challenge) {
        try (Pin p = Pin.of(PIN)) {
            return new PinProof.EncryptedPin(challenge.id(), phone.encrypt(challenge.pinKey(), PinBlock.encode(challenge, p)));
        }
    }

    @Test
    @DisplayName("R10.1 a DEVICE shield with an RSA-4096 key enrolls, signs a payment, and OpenSSL verifies its CMS")
    void rsa4096DeviceShield(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(openssl(dir, new ArrayList<>(), "version") == 0, "openssl is not installed; skipping");
        SecureRandom random = new SecureRandom();
        Phone phone = new Phone(random);
        DemoBank bank = new DemoBank(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        BouncyCastleCrypto crypto = BouncyCastleCrypto.builder().random(random).build();
        try (MobileShield sdk = MobileShields.builder()
                .persistence(new InMemoryPersistence())
                .crypto(crypto)
                .smsSender(bank).faceVerifier(bank).identityRegistry(bank).hardwareKeys(bank)
                .coolingOff(io.mshield.limit.CoolingOffPolicy.none())
                .clock(new DemoClock(Instant.now().truncatedTo(ChronoUnit.SECONDS))).random(random)
                .build()) {
            Application application = new Application("rsa4096-1", DemoBank.ENTERPRISE, DemoBank.CREDIT_CODE, DemoBank.ZHANG,
                    PersonName.of(DemoBank.NAMES.get(DemoBank.ZHANG)), UserType.LEGAL_REPRESENTATIVE,
                    new DeviceInfo(DeviceId.of("pixel-zhang"), UserId.of("acct-pixel-zhang"), Set.of(AuthMethod.PIN)),
                    CustodyMode.DEVICE, KeyAlgorithm.RSA_4096);
            EnrollmentSession s = sdk.enrollment().start(application);
            sdk.enrollment().acceptAgreement(s.id(), "2026-11");
            sdk.enrollment().sendSmsCode(s.id());
            sdk.enrollment().verifySmsCode(s.id(), bank.lastCode(DemoBank.ZHANG));
            sdk.enrollment().verifyFace(s.id(), new FaceVerifier.FaceCapture(new byte[]{1}));
            sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(pinBlock(phone, sdk.enrollment().pinChallenge(s.id()))));
            sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey());
            KeyPair keys = phone.generate(KeyAlgorithm.RSA_4096);
            ShieldDetails shield = sdk.enrollment().complete(s.id(), phone.certificateRequest(keys, KeyAlgorithm.RSA_4096, "张三"));
            assertThat(shield.algorithm()).isEqualTo(KeyAlgorithm.RSA_4096);
            assertThat(shield.custody()).isEqualTo(CustodyMode.DEVICE);

            Transaction payment = new Transaction("rsa4096-pay-1", Scenario.TRANSFER, Money.cny("100.00"),
                    new Party("厦门示例贸易有限公司", "6222000000000001", "厦门银行"),
                    Optional.of(new Party("上海供应商有限公司", "6222000000000002", "工商银行")), List.of(), "mobile",
                    "转账 100.00 元 给 上海供应商有限公司");
            Authorization authorization = sdk.transactions().authorize(shield.number(), payment, Authenticator.SHIELD);
            assertThat(authorization).isInstanceOf(Authorization.Allowed.class);
            Authorization.Allowed allowed = (Authorization.Allowed) authorization;
            byte[] signature = phone.sign(keys, SignatureScheme.RSA_PKCS1_SHA256, allowed.signedContent());
            SignatureReceipt receipt = sdk.transactions().complete(allowed.id(), signature,
                    Optional.of(pinBlock(phone, sdk.shields().pinChallenge(shield.number()))));
            var evidence = sdk.signatures().evidence(receipt.record().id()).orElseThrow();

            List<X509Certificate> chain = crypto.certificateAuthority().chain(KeyAlgorithm.Family.RSA);
            Files.write(dir.resolve("data.bin"), evidence.content());
            Files.write(dir.resolve("data.p7s"), evidence.cms());
            Files.write(dir.resolve("root.pem"), CryptoArtifacts.pem("CERTIFICATE", chain.get(chain.size() - 1).getEncoded()));
            Files.write(dir.resolve("issuing.pem"), CryptoArtifacts.pem("CERTIFICATE", chain.get(0).getEncoded()));
            List<String> output = new ArrayList<>();
            int exit = openssl(dir, output, "cms", "-verify", "-binary", "-inform", "DER", "-in", "data.p7s", "-content", "data.bin",
                    "-CAfile", "root.pem", "-certfile", "issuing.pem", "-out", "/dev/null");
            assertThat(exit).as(String.join("\n", output)).isZero();
            assertThat(String.join("\n", output)).contains("Verification successful");
            List<String> key = new ArrayList<>();
            Files.write(dir.resolve("leaf.der"), evidence.chain().get(0));
            assertThat(openssl(dir, key, "x509", "-inform", "DER", "-in", "leaf.der", "-noout", "-text")).isZero();
            assertThat(String.join("\n", key)).contains("Public-Key: (4096 bit)").contains("Exponent: 65537");
        }
    }
}
