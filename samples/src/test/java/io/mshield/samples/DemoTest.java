package io.mshield.samples;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DemoTest {

    @Test
    @DisplayName("the demo runs to the end and shows refusals by code, never a PIN")
    void runs(@TempDir Path tmp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Demo.run(new String[]{"--out", tmp.resolve("out").toString(), "--data", tmp.resolve("data").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String transcript = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(transcript).contains("demo finished", "UNSUPPORTED_ID_DOCUMENT", "INVALID_ID_NUMBER", "INVALID_PIN_FORMAT",
                "INVALID_POLICY").doesNotContain("135790").doesNotContain("13579 ").doesNotContain("470258").doesNotContain("582946");
        assertThat(transcript).contains("DEVICE custody", "HOSTED custody", "COLLABORATIVE custody", "locked (LOCK_UNTIL_BANK_RESET)", "denied: COOLING_OFF",
                "hardware key required (cap 1000000.00 CNY)", "tampered payee: SIGNATURE_INVALID", "evidence of the first payment verifies offline: true",
                "renewed inside the 6-month window", "is now REVOKED", "chain, seal and checkpoints intact: true");
        assertThat(transcript).as("WHO-ACTS").contains("reset the PIN to a NEW PIN", "the old PIN now: rejected", "the new PIN: accepted",
                "freezing 李四's shield: FORBIDDEN", "renewal with the PIN and an SMS code");
        assertThat(transcript).as("seals").contains("registers the 公章 with its PIN as a PIN block",
                "a USB key whose certificate the CA revoked: CERTIFICATE_REVOKED", "bound to USB key", "moved with confirmation");
        assertThat(transcript).as("WHO-ACTS biometric").contains("registers the fingerprint key of the phone's secure module with the PIN: method now FINGERPRINT",
                "transfer confirmed by fingerprint alone, no PIN typed (seed 000): ACCEPTED",
                "a key the bank never registered: BIOMETRIC_REJECTED (5 attempts left)", "(seed 000: the PIN change is for the PIN method): PIN_REQUIRED")
                .doesNotContain("246813");
        for (String alg : new String[]{"sm2", "p256", "ed25519", "rsa2048"}) {
            for (String f : new String[]{"-root.pem", "-issuing.pem", "-leaf.pem", "-revoked.pem", "-crl.pem", "-data.bin", "-data.p7s"}) {
                assertThat(tmp.resolve("out").resolve(alg + f)).isNotEmptyFile();
            }
        }
        assertThat(tmp.resolve("out").resolve("evidence-p256.p7s")).isNotEmptyFile();
        assertThat(tmp.resolve("out").resolve("evidence-p256.bin")).isNotEmptyFile();
        assertThat(tmp.resolve("out").resolve("evidence-sm2.p7s")).isNotEmptyFile();
        assertThat(tmp.resolve("out").resolve("evidence-sm2.bin")).isNotEmptyFile();
        for (String f : new String[]{"evidence-p256.sig", "evidence-p256.tst", "tsa-p256-chain.pem", "evidence-sm2.sig",
                "evidence-sm2.tst", "tsa-sm2-chain.pem"}) {
            assertThat(tmp.resolve("out").resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(transcript).contains("only saw (or relayed) the QR code takes the login: QR_POLL_SECRET_INVALID",
                "the PC page that created it polls with its poll secret and logs in: CONSUMED", "same QR approval replayed: CHALLENGE_INVALID",
                "scan-to-sign of", "forged signature: QR_PAYLOAD_INVALID", "公章 bound to USB key", "without confirmation: SEAL_BINDING_CONFLICT",
                "moved with confirmation", "unbound (UNBIND): bound now false", "synced to invest: 2 apps", "disabling with a wrong SMS code: OTP_INCORRECT",
                "disabled in invest with an SMS code: enabled in 0 apps", "through the mobile-banking channel now: LINKED_APP_DISABLED");
        assertThat(transcript).doesNotContain("582014");
        assertQrDecodes(tmp.resolve("out"));
    }

    /** R7.2: login-qr.png decodes, with zxing, to exactly the payload the bank issued, which parses strictly. */
    private static void assertQrDecodes(Path out) {
        try {
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(out.resolve("login-qr.png").toFile());
            int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            com.google.zxing.BinaryBitmap bitmap = new com.google.zxing.BinaryBitmap(new com.google.zxing.common.HybridBinarizer(
                    new com.google.zxing.RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
            // PURE_BARCODE: the PNG is the generated symbol itself, so it is read module by module.
            // zxing's finder-pattern detection, meant for photos, misses about 3 in 100 such
            // synthetic images whatever the payload's validity, which would make this test flaky.
            String decoded = new com.google.zxing.qrcode.QRCodeReader().decode(bitmap,
                    java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
            String issued = java.nio.file.Files.readString(out.resolve("login-qr.txt"), StandardCharsets.UTF_8);
            assertThat(decoded).isEqualTo(issued).startsWith(io.mshield.qr.QrPayload.PREFIX);
            assertThat(io.mshield.qr.QrPayload.parse(decoded).purpose()).isEqualTo(io.mshield.qr.QrPurpose.LOGIN);
        } catch (java.io.IOException | com.google.zxing.ReaderException e) {
            throw new AssertionError("login-qr.png does not decode", e);
        }
    }

    @Test
    @DisplayName("CA-PERSIST 7 a second run on the same --data administers the first run's shields (loss, freeze, void), "
            + "publishes a CRL listing the voided certificate, then walks through again with new customers; a third run stops")
    void dataSurvivesRuns(@TempDir Path tmp) throws Exception {
        String data = tmp.resolve("data").toString();
        String out = tmp.resolve("out").toString();
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        assertThat(Demo.run(new String[]{"--data", data}, new PrintStream(first, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).isZero();
        assertThat(first.toString(StandardCharsets.UTF_8)).contains("existing shields: 0", "chain, seal and checkpoints intact: true");
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        ByteArrayOutputStream secondErr = new ByteArrayOutputStream();
        assertThat(Demo.run(new String[]{"--data", data, "--out", out}, new PrintStream(second, true, StandardCharsets.UTF_8),
                new PrintStream(secondErr, true, StandardCharsets.UTF_8))).as(secondErr.toString(StandardCharsets.UTF_8)).isZero();
        String transcript = second.toString(StandardCharsets.UTF_8);
        assertThat(transcript).containsPattern("existing shields: [1-9]")
                .contains("After the restart", "李四 reports the phone lost: LOST; the CA answers REVOKED (CERTIFICATE_HOLD)",
                        "freezes 孙七's shield: FROZEN", "and voids it: REVOKED; the CA answers REVOKED (CESSATION_OF_OPERATION)",
                        "lists the voided certificate", "wrote ca-after-restart-crl.pem",
                        "Walking through again with new customers", "opened", "陈一", "demo finished", "chain, seal and checkpoints intact: true")
                .doesNotContain("run with a new --data DIR");
        java.util.regex.Matcher voided = java.util.regex.Pattern.compile("lists the voided certificate ([0-9a-f]+): true").matcher(transcript);
        assertThat(voided.find()).as(transcript).isTrue();
        String pem = java.nio.file.Files.readString(tmp.resolve("out").resolve("ca-after-restart-crl.pem"));
        byte[] der = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z0-9 ]+-----", ""));
        assertThat(new org.bouncycastle.cert.X509CRLHolder(der).getRevokedCertificate(new java.math.BigInteger(voided.group(1), 16)))
                .as("ca-after-restart-crl.pem lists the voided certificate").isNotNull();
        assertThat(tmp.resolve("data").resolve("bank-keys.mks")).isNotEmptyFile();

        ByteArrayOutputStream third = new ByteArrayOutputStream();
        assertThat(Demo.run(new String[]{"--data", data}, new PrintStream(third, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).isZero();
        assertThat(third.toString(StandardCharsets.UTF_8)).contains("both walkthroughs' customers", "hash chain intact: true");
    }

    @Test
    @DisplayName("bad arguments give usage and status 2")
    void badArguments() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Demo.run(new String[]{"--bogus"}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage");
    }
}
