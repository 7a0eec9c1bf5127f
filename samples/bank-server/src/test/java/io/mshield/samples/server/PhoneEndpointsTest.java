package io.mshield.samples.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.samples.phone.BankClient;
import io.mshield.samples.phone.SimPhone;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Payments, PIN, envelopes and linked apps over HTTP (R5, R6, R7.4, R9)")
class PhoneEndpointsTest extends ServerTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"DEVICE, EC_P256", "HOSTED, SM2", "COLLABORATIVE, SM2"})
    @DisplayName("R6 authorize, (co-)sign and complete a payment: signed, with CMS evidence")
    void pays(String custody, KeyAlgorithm algorithm) {
        SimPhone phone = enrolled(custody, algorithm, "246813");

        JsonNode receipt = phone.pay("20000.00", "上海供应商有限公司", "6222000000000002", "246813");

        assertThat(receipt.path("signatureId").asText()).isNotBlank();
        assertThat(receipt.path("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(Base64.getDecoder().decode(receipt.path("cms").asText())).hasSizeGreaterThan(100);
    }

    @Test
    @DisplayName("R6.2 R6.3 a payment above the shield's cap needs the hardware key; an operator without an active one is refused NO_ACTIVE_HARDWARE_KEY")
    void aboveCap() {
        SimPhone phone = enrolled("DEVICE", KeyAlgorithm.EC_P256, "135790");
        BankClient bank = bank();
        var p = BankClient.object().put("reference", "cap-1").put("scenario", "transfer").put("amount", "1000000.01")
                .put("channel", "mobile").put("displayText", "转账 1,000,000.01 元");
        p.putObject("payer").put("name", "厦门示例贸易有限公司").put("account", "6222000000000001").put("bank", "厦门银行");
        p.putObject("payee").put("name", "上海供应商有限公司").put("account", "6222000000000002").put("bank", "工商银行");
        clock.advance(java.time.Duration.ofHours(7));   // past the cooling-off of a new credential

        JsonNode d = bank.post("/api/phone/shields/" + phone.shield() + "/payments", p);

        // the sandbox's directory gives a USB key to the legal representative only
        assertThat(d.path("outcome").asText()).isEqualTo("DENIED");
        assertThat(d.path("code").asText()).isEqualTo("NO_ACTIVE_HARDWARE_KEY");
        p.put("amount", "1000000.00").put("reference", "cap-2");
        assertThat(bank.post("/api/phone/shields/" + phone.shield() + "/payments", p).path("outcome").asText()).isEqualTo("ALLOWED");
    }

    @Test
    @DisplayName("R5.1 a PIN check: a wrong PIN is rejected with the attempts left, the right one accepted")
    void pinCheck() {
        SimPhone phone = enrolled("DEVICE", KeyAlgorithm.EC_P256, "135790");

        JsonNode wrong = phone.checkPin("000135");
        JsonNode right = phone.checkPin("135790");

        assertThat(wrong.path("result").asText()).isEqualTo("REJECTED");
        assertThat(wrong.path("attemptsLeft").asInt()).isEqualTo(5);
        assertThat(right.path("result").asText()).isEqualTo("ACCEPTED");
    }

    @Test
    @DisplayName("R7.4 a digital envelope is sealed to the shield's key")
    void envelope() {
        SimPhone phone = enrolled("DEVICE", KeyAlgorithm.SM2, "135790");

        JsonNode sealed = bank().post("/api/phone/shields/" + phone.shield() + "/envelopes",
                BankClient.object().put("data", Base64.getEncoder().encodeToString("对账单".getBytes(java.nio.charset.StandardCharsets.UTF_8))));

        assertThat(Base64.getDecoder().decode(sealed.path("data").asText())).hasSizeGreaterThan(96);
    }

    @Test
    @DisplayName("R7.4 a HOSTED shield's envelope opens with the right PIN; a wrong PIN is 403 PIN_INCORRECT and opens nothing")
    void hostedEnvelope() {
        SimPhone phone = enrolled("HOSTED", KeyAlgorithm.SM2, "135790");
        byte[] plaintext = "2026年11月对账单".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String sealed = bank().post("/api/phone/shields/" + phone.shield() + "/envelopes",
                BankClient.object().put("data", Base64.getEncoder().encodeToString(plaintext))).path("data").asText();
        var wrong = BankClient.object().put("ciphertext", sealed);
        wrong.set("pin", phone.pinProof("000135"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bank().post("/api/phone/shields/" + phone.shield() + "/envelopes/open", wrong))
                .isInstanceOfSatisfying(BankClient.Refused.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo("PIN_INCORRECT");
                });
        var right = BankClient.object().put("ciphertext", sealed);
        right.set("pin", phone.pinProof("135790"));
        JsonNode opened = bank().post("/api/phone/shields/" + phone.shield() + "/envelopes/open", right);

        assertThat(Base64.getDecoder().decode(opened.path("data").asText())).isEqualTo(plaintext);
    }

    @Test
    @DisplayName("R9.4 linked apps: none enabled after opening; the identity check asks for ID-number positions")
    void linkedApps() {
        SimPhone phone = enrolled("DEVICE", KeyAlgorithm.EC_P256, "135790");

        JsonNode apps = bank().get("/api/phone/shields/" + phone.shield() + "/linked-apps");
        JsonNode check = bank().post("/api/phone/shields/" + phone.shield() + "/linked-apps/identity-check", null);

        assertThat(apps.path("apps").size()).isZero();
        assertThat(check.path("positions").size()).isPositive();
    }
}
