package io.mshield.samples.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.samples.phone.BankClient;
import io.mshield.samples.phone.SimPhone;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Micrometer metrics on the Actuator: payments, PIN failures, locks, latency")
class MetricsTest extends ServerTest {

    private double count(String metric, String tag) {
        try {
            JsonNode m = bank().get("/actuator/metrics/" + metric + (tag == null ? "" : "?tag=" + tag));
            for (JsonNode s : m.path("measurements")) {
                if (s.path("statistic").asText().equals("COUNT")) {
                    return s.path("value").asDouble();
                }
            }
            return 0;
        } catch (BankClient.Refused notYetRegistered) {
            assertThat(notYetRegistered.status()).isEqualTo(404);
            return 0;
        }
    }

    @Test
    @DisplayName("a signed payment counts in mshield.payments{outcome=SIGNED} and its time in mshield.latency")
    void payments() {
        SimPhone phone = enrolled("DEVICE", KeyAlgorithm.EC_P256, "135790");
        double before = count("mshield.payments", "outcome:SIGNED");
        double timedBefore = count("mshield.latency", "operation:complete");

        phone.pay("12.00", "上海供应商有限公司", "6222000000000002", "135790");

        assertThat(count("mshield.payments", "outcome:SIGNED")).isEqualTo(before + 1);
        assertThat(count("mshield.latency", "operation:complete")).isEqualTo(timedBefore + 1);
    }

    @Test
    @DisplayName("wrong PINs count in mshield.pin.failures, a check refused by the lock in mshield.pin.locks")
    void pinFailuresAndLocks() {
        SimPhone phone = enrolled("DEVICE", KeyAlgorithm.EC_P256, "135790");
        double failures = count("mshield.pin.failures", null);
        double locks = count("mshield.pin.locks", null);

        for (int i = 0; i < 6; i++) {
            phone.checkPin("000135");
        }
        phone.checkPin("135790");

        assertThat(count("mshield.pin.failures", null)).isEqualTo(failures + 5);
        assertThat(count("mshield.pin.locks", null)).isEqualTo(locks + 2);
    }
}
