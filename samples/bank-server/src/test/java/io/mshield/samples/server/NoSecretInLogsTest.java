package io.mshield.samples.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.samples.phone.BankClient;
import io.mshield.samples.phone.QrCodes;
import io.mshield.samples.phone.SimPhone;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("R9 no secret in any log: SMS codes, PINs, PIN blocks, poll secrets, the key store's password")
@ExtendWith(OutputCaptureExtension.class)
class NoSecretInLogsTest extends ServerTest {

    @Test
    @DisplayName("a day of the phone and the PC at DEBUG for io.mshield leaves none of its secrets in the server's log")
    void noSecrets(CapturedOutput output) throws Exception {
        String pin = "864209";
        SimPhone phone = enrolled("DEVICE", KeyAlgorithm.EC_P256, pin);
        phone.checkPin("975310");
        phone.pay("30.00", "上海供应商有限公司", "6222000000000002", pin);
        BankClient bank = bank();
        bank.post("/api/phone/shields/" + phone.shield() + "/linked-apps/sms", null);
        String sms = bank.post("/api/sandbox/sms/" + phone.person().phone(), null).path("value").asText();
        JsonNode block = phone.pinProof(pin);
        bank.post("/api/phone/shields/" + phone.shield() + "/pin-check", block);
        JsonNode session = bank.post("/api/pc/login", null);
        phone.scanAndApprove(QrCodes.read(bank.bytes(session.path("qrImage").asText())), pin);
        JsonNode other = bank.post("/api/pc/login", null);
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/pc/sessions/" + session.path("id").asText()))
                .header("X-Poll-Secret", other.path("pollSecret").asText()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        HttpResponse<String> poll = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/pc/sessions/" + session.path("id").asText()))
                .header("X-Poll-Secret", session.path("pollSecret").asText()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(poll.body()).contains("CONSUMED");

        String log = output.getAll();
        assertThat(log).as("the capture sees the server's log").contains("SMS for LINKED_APP").contains(phone.shield());
        assertThat(log).doesNotContain(block.path("encryptedPin").asText())
                .doesNotContain(session.path("pollSecret").asText())
                .doesNotContain(other.path("pollSecret").asText())
                .doesNotContain("sample-only-password");
        for (String secret : new String[]{pin, "975310", sms}) {
            assertThat(Pattern.compile("(?<![0-9])" + secret + "(?![0-9])").matcher(log).find()).as("a secret in the log").isFalse();
        }
    }
}
