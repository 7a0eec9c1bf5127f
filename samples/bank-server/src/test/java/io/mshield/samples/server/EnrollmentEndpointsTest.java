package io.mshield.samples.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.samples.phone.SimPhone;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Enrollment over HTTP (R2): every step of the phone's endpoints, for each custody")
class EnrollmentEndpointsTest extends ServerTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"DEVICE, EC_P256", "DEVICE, SM2", "HOSTED, SM2", "COLLABORATIVE, SM2"})
    @DisplayName("R2 the simulator opens a shield through the HTTP API: active, with a certificate")
    void opens(String custody, KeyAlgorithm algorithm) {
        SimPhone phone = newPhone();
        JsonNode shield = phone.enroll(custody, algorithm, "135790");

        assertThat(shield.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(shield.path("custody").asText()).isEqualTo(custody);
        assertThat(shield.path("algorithm").asText()).isEqualTo(algorithm.name());
        assertThat(shield.path("certificateSerial").asText()).isNotBlank();
        JsonNode read = bank().get("/api/phone/shields/" + phone.shield());
        assertThat(read.path("number").asText()).isEqualTo(phone.shield());
        assertThat(read.path("holder").asText()).as("the ID number only masked").contains("*");
    }
}
