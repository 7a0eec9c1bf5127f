package io.mshield.samples.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.samples.phone.QrCodes;
import io.mshield.samples.phone.SimPhone;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Scan-to-login and scan-to-sign over HTTP (R7.2, R7.3)")
class QrEndpointsTest extends ServerTest {

    private HttpResponse<String> poll(String id, String secret) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/pc/sessions/" + id))
                .header("X-Poll-Secret", secret).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("R7.2 the PC's QR PNG is scanned and approved; the poll with the secret logs in once, a wrong secret is 403")
    void login() throws Exception {
        SimPhone phone = enrolled("DEVICE", KeyAlgorithm.EC_P256, "135790");
        JsonNode session = bank().post("/api/pc/login", null);
        String id = session.path("id").asText();
        assertThat(new ObjectMapper().readTree(poll(id, session.path("pollSecret").asText()).body()).path("state").asText()).isEqualTo("CREATED");

        String payload = QrCodes.read(bank().bytes(session.path("qrImage").asText()));
        JsonNode approved = phone.scanAndApprove(payload, "135790");

        assertThat(approved.path("state").asText()).isEqualTo("APPROVED");
        assertThat(poll(id, "not-the-secret").statusCode()).isEqualTo(403);
        JsonNode done = new ObjectMapper().readTree(poll(id, session.path("pollSecret").asText()).body());
        assertThat(done.path("state").asText()).isEqualTo("CONSUMED");
        assertThat(done.path("loggedIn").asText()).contains(phone.shield());
    }

    @Test
    @DisplayName("R7.2 a page that only saw or relayed the QR code cannot take the login (403 QR_POLL_SECRET_INVALID); the victim's page still logs in")
    void relayedQrCode() throws Exception {
        SimPhone phone = enrolled("DEVICE", KeyAlgorithm.EC_P256, "135790");
        JsonNode victim = bank().post("/api/pc/login", null);
        JsonNode attacker = bank().post("/api/pc/login", null);   // the attacker's own page, with its own secret
        String id = victim.path("id").asText();
        String payload = QrCodes.read(bank().bytes(victim.path("qrImage").asText()));
        assertThat(payload).doesNotContain(victim.path("pollSecret").asText());
        phone.scanAndApprove(payload, "135790");

        HttpResponse<String> stolen = poll(id, attacker.path("pollSecret").asText());
        assertThat(stolen.statusCode()).isEqualTo(403);
        assertThat(new ObjectMapper().readTree(stolen.body()).path("code").asText()).isEqualTo("QR_POLL_SECRET_INVALID");
        assertThat(stolen.body()).doesNotContain(phone.shield());
        assertThat(poll(id, id).statusCode()).isEqualTo(403);

        JsonNode done = new ObjectMapper().readTree(poll(id, victim.path("pollSecret").asText()).body());
        assertThat(done.path("state").asText()).isEqualTo("CONSUMED");
        assertThat(done.path("loggedIn").asText()).contains(phone.shield());
        // polling again shows the same login to that page, and still nothing to the other
        assertThat(new ObjectMapper().readTree(poll(id, victim.path("pollSecret").asText()).body()).path("loggedIn").asText())
                .contains(phone.shield());
        assertThat(poll(id, attacker.path("pollSecret").asText()).statusCode()).isEqualTo(403);
    }

    @Test
    @DisplayName("R7.3 scan-to-sign: the phone signs the shown content; the poll reports the signature")
    void sign() throws Exception {
        SimPhone phone = enrolled("COLLABORATIVE", KeyAlgorithm.SM2, "246813");
        JsonNode session = bank().post("/api/pc/sign", io.mshield.samples.phone.BankClient.object().put("system", "customs")
                .put("reference", "decl-1").put("displayText", "报关单 decl-1 申报确认"));

        JsonNode approved = phone.scanAndApprove(session.path("payload").asText(), "246813");

        assertThat(approved.path("displayText").asText()).isEqualTo("报关单 decl-1 申报确认");
        JsonNode done = new ObjectMapper().readTree(poll(session.path("id").asText(), session.path("pollSecret").asText()).body());
        assertThat(done.path("signatureId").asText()).isNotBlank();
    }
}
