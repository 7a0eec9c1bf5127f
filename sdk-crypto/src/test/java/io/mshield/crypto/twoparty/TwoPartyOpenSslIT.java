package io.mshield.crypto.twoparty;

import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.internal.Sm2BankHalf;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** OpenSSL 3.0 verifies raw two-party SM2 signatures with distid 1234567812345678. */
class TwoPartyOpenSslIT {

    private static int openssl(Path dir, String... args) throws Exception {
        try {
            Process p = new ProcessBuilder(concat(args)).directory(dir.toFile())
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static List<String> concat(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    @DisplayName("R10.6 OpenSSL accepts two-party SM2 signatures (distid 1234567812345678) and refuses one over other data")
    void openssl(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(openssl(dir, "version") == 0, "openssl is not installed; skipping");
        SecureRandom random = new SecureRandom();
        Sm2TwoPartyPhone phone = new Sm2TwoPartyPhone(random, "1234567812345678");
        Sm2BankHalf bank = new Sm2BankHalf("t", random, "1234567812345678");
        for (int i = 0; i < 5; i++) {
            Sm2TwoPartyPhone.Share share = phone.newShare();
            CollaborativeSm2.SharedKey key = bank.generateShare(share.p1());
            byte[] data = ("two-party sample " + i).getBytes(StandardCharsets.UTF_8);
            Sm2TwoPartyPhone.Round round = phone.startRound();
            CollaborativeSm2.CoSignature c = bank.coSign(key.share(), bank.digest(key.publicKey(), data), round.q1());
            byte[] sig = phone.finish(share, round, c.r(), c.s2(), c.s3());
            Files.writeString(dir.resolve("pub.pem"), "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.publicKey().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            Files.write(dir.resolve("data.bin"), data);
            Files.write(dir.resolve("other.bin"), "something else".getBytes(StandardCharsets.UTF_8));
            Files.write(dir.resolve("sig.der"), sig);
            assertThat(openssl(dir, "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "data.bin", "-sigfile", "sig.der",
                    "-digest", "sm3", "-pkeyopt", "distid:1234567812345678")).isZero();
            assertThat(openssl(dir, "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "other.bin", "-sigfile", "sig.der",
                    "-digest", "sm3", "-pkeyopt", "distid:1234567812345678")).isNotZero();
        }
    }
}
