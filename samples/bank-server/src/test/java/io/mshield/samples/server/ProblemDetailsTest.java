package io.mshield.samples.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.samples.phone.BankClient;
import io.mshield.samples.phone.SimPhone;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Bad input: RFC 9457 problem details with a stable ErrorCode and HTTP status, nothing changed")
class ProblemDetailsTest extends ServerTest {

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode problem(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode p = new ObjectMapper().readTree(r.body());
        assertThat(p.path("code").asText()).isEqualTo(code);
        assertThat(p.path("title").asText()).isEqualTo(code);
        assertThat(p.path("type").asText()).isEqualTo("urn:mshield:error:" + code);
        assertThat(p.path("status").asInt()).isEqualTo(status);
        return p;
    }

    private String status(SimPhone phone) {
        return bank().get("/api/phone/shields/" + phone.shield()).path("status").asText();
    }

    @Test
    @DisplayName("malformed JSON: 400 INVALID_ARGUMENT, and no payment was authorized")
    void malformedJson() throws Exception {
        SimPhone phone = enrolled("DEVICE", KeyAlgorithm.EC_P256, "135790");

        problem(post("/api/phone/shields/" + phone.shield() + "/payments", "{\"reference\": \"x\", \"amount\": "), 400, "INVALID_ARGUMENT");
        problem(post("/api/phone/enrollments", "[1, 2"), 400, "INVALID_ARGUMENT");

        assertThat(status(phone)).isEqualTo("ACTIVE");
        assertThat(phone.checkPin("135790").path("result").asText()).as("the PIN counter untouched").isEqualTo("ACCEPTED");
    }

    @Test
    @DisplayName("a missing field or an unknown enum constant: 400 INVALID_ARGUMENT")
    void missingField() throws Exception {
        problem(post("/api/phone/enrollments", "{\"requestId\": \"r-1\"}"), 400, "INVALID_ARGUMENT");
        problem(post("/api/phone/enrollments/" + "0".repeat(32) + "/key", "{\"custody\": \"SOMEWHERE\"}"), 400, "INVALID_ARGUMENT");
    }

    @Test
    @DisplayName("unknown shield: 404 SHIELD_NOT_FOUND; a malformed shield number: 400 INVALID_SHIELD_NUMBER")
    void unknownShield() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/phone/shields/MS00000000000")).GET().build(), HttpResponse.BodyHandlers.ofString());
        problem(r, 404, "SHIELD_NOT_FOUND");
        problem(post("/api/phone/shields/MS00000000000/pin-challenge", ""), 404, "SHIELD_NOT_FOUND");
        problem(post("/api/phone/shields/not-a-shield/pin-challenge", ""), 400, "INVALID_SHIELD_NUMBER");
    }

    @Test
    @DisplayName("wrong PIN when paying: 403 PIN_INCORRECT with attemptsLeft; the payment is not signed and can still be completed")
    void wrongPin() throws Exception {
        SimPhone phone = enrolled("HOSTED", KeyAlgorithm.SM2, "135790");
        var pay = BankClient.object().put("reference", "wrong-pin-1").put("scenario", "other").put("amount", "10.00")
                .put("channel", "mobile").put("displayText", "其他业务 10.00 元");
        pay.putObject("payer").put("name", "厦门示例贸易有限公司").put("account", "6222000000000001").put("bank", "厦门银行");
        pay.putObject("payee").put("name", "上海供应商有限公司").put("account", "6222000000000002").put("bank", "工商银行");
        JsonNode allowed = bank().post("/api/phone/shields/" + phone.shield() + "/payments", pay);

        JsonNode p = problem(post("/api/phone/authorizations/" + allowed.path("id").asText() + "/sign-hosted",
                phone.pinProof("000135").toString()), 403, "PIN_INCORRECT");

        assertThat(p.path("attemptsLeft").asInt()).isEqualTo(5);
        assertThat(p.path("category").asText()).isEqualTo("PIN");
        assertThat(status(phone)).isEqualTo("ACTIVE");
        JsonNode receipt = phone.sign(allowed, "135790");
        assertThat(receipt.path("signatureId").asText()).as("the authorization was not used up by the wrong PIN").isNotBlank();
    }

    @Test
    @DisplayName("expired PIN challenge: 400 PIN_BLOCK_INVALID, no attempt counted")
    void expiredChallenge() throws Exception {
        SimPhone phone = enrolled("DEVICE", KeyAlgorithm.EC_P256, "135790");
        var proof = phone.pinProof("135790");
        clock.advance(Duration.ofMinutes(30));

        problem(post("/api/phone/shields/" + phone.shield() + "/pin-check", proof.toString()), 400, "PIN_BLOCK_INVALID");

        JsonNode wrong = phone.checkPin("000135");
        assertThat(wrong.path("attemptsLeft").asInt()).as("the expired block counted no attempt").isEqualTo(5);
    }

    @Test
    @DisplayName("expired QR challenge: 422 CHALLENGE_INVALID when scanned, its state EXPIRED")
    void expiredQr() throws Exception {
        SimPhone phone = enrolled("DEVICE", KeyAlgorithm.EC_P256, "135790");
        JsonNode session = bank().post("/api/pc/login", null);
        clock.advance(Duration.ofMinutes(30));

        problem(post("/api/phone/shields/" + phone.shield() + "/qr/scan",
                BankClient.object().put("value", session.path("payload").asText()).toString()), 422, "CHALLENGE_INVALID");

        HttpResponse<String> poll = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/pc/sessions/" + session.path("id").asText()))
                .header("X-Poll-Secret", session.path("pollSecret").asText()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(new ObjectMapper().readTree(poll.body()).path("state").asText()).isEqualTo("EXPIRED");
    }
}
