package io.mshield.samples.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.samples.phone.BankClient;
import io.mshield.samples.phone.SimPhone;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Staff endpoints over HTTP (R4): loss, freeze, PIN reset, void, lists, audit")
class StaffEndpointsTest extends ServerTest {

    private JsonNode staff(String shield, String action) throws Exception {
        return staff(shield, action, null);
    }

    private JsonNode staff(String shield, String action, JsonNode body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/staff/shields/" + shield + "/" + action))
                .header("X-Staff-Id", "teller-07").header("X-Branch", "xm-0592").header("X-Verification-Ref", "idv-test-1");
        if (body != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.POST(HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    }

    @Test
    @DisplayName("R4.1 R4.3 staff freeze a shield: the phone's payment is denied SHIELD_FROZEN; unfrozen, it pays")
    void freeze() throws Exception {
        SimPhone phone = enrolled("DEVICE", KeyAlgorithm.EC_P256, "135790");

        assertThat(staff(phone.shield(), "freeze").path("status").asText()).isEqualTo("FROZEN");
        JsonNode denied = phone.pay("10.00", "上海供应商有限公司", "6222000000000002", "135790");
        assertThat(denied.path("outcome").asText()).isEqualTo("DENIED");
        assertThat(denied.path("code").asText()).isEqualTo("SHIELD_FROZEN");
        assertThatThrownBy(() -> phone.checkPin("135790")).isInstanceOfSatisfying(BankClient.Refused.class, e -> {
            assertThat(e.code()).isEqualTo("SHIELD_FROZEN");
            assertThat(e.status()).isEqualTo(409);
        });
        assertThat(staff(phone.shield(), "unfreeze").path("status").asText()).isEqualTo("ACTIVE");
        assertThat(phone.pay("10.00", "上海供应商有限公司", "6222000000000002", "135790").path("signatureId").asText()).isNotBlank();
    }

    @Test
    @DisplayName("R4.1 loss reported and cancelled at the counter; a voided shield stays void")
    void lossAndVoid() throws Exception {
        SimPhone phone = enrolled("HOSTED", KeyAlgorithm.SM2, "135790");

        assertThat(staff(phone.shield(), "loss").path("status").asText()).isEqualTo("LOST");
        assertThat(staff(phone.shield(), "loss/cancel").path("status").asText()).isEqualTo("ACTIVE");
        assertThat(staff(phone.shield(), "void").path("status").asText()).isEqualTo("REVOKED");
        assertThat(bank().get("/api/staff/shields/" + phone.shield()).path("status").asText()).isEqualTo("REVOKED");
    }

    @Test
    @DisplayName("R5.2 R4.3 six wrong PINs lock the shield (seed 002); staff reset it to a NEW PIN the phone sends as a PIN block; the old one stops working")
    void pinReset() throws Exception {
        SimPhone phone = enrolled("DEVICE", KeyAlgorithm.EC_P256, "135790");
        for (int i = 0; i < 6; i++) {
            phone.checkPin("000135");
        }
        assertThat(phone.checkPin("135790").path("result").asText()).isEqualTo("LOCKED");

        staff(phone.shield(), "pin-reset", phone.pinProof("582946"));

        assertThat(phone.checkPin("135790").path("result").asText()).isEqualTo("REJECTED");
        assertThat(phone.checkPin("582946").path("result").asText()).isEqualTo("ACCEPTED");
    }

    @Test
    @DisplayName("lists: a person's shields, those due for renewal; the audit chain is intact")
    void lists() {
        SimPhone phone = enrolled("DEVICE", KeyAlgorithm.EC_P256, "135790");

        JsonNode list = bank().get("/api/staff/shields?enterprise=xm-trading&idNumber=" + phone.person().idNumber());

        assertThat(list).extracting(s -> s.path("number").asText()).containsExactly(phone.shield());
        assertThat(bank().get("/api/staff/shields/due-for-renewal").isArray()).isTrue();
        JsonNode audit = bank().get("/api/staff/audit/verify");
        assertThat(audit.path("intact").asBoolean()).isTrue();
        assertThat(audit.path("entriesChecked").asLong()).isPositive();
    }
}
