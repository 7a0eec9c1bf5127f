package io.mshield.persistence;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentTest {

    @Test
    @DisplayName("documents and log entries copy their bytes in and out")
    void copies() {
        byte[] body = {1, 2, 3};
        Map<String, String> index = new HashMap<>(Map.of("owner", "a"));
        Document d = new Document("shields", "MS00000000001", 1, body, index);
        body[0] = 9;
        index.put("x", "y");
        assertThat(d.body()).containsExactly(1, 2, 3);
        d.body()[1] = 9;
        assertThat(d.body()).containsExactly(1, 2, 3);
        assertThat(d.index()).containsOnlyKeys("owner");
        assertThat(d).isEqualTo(new Document("shields", "MS00000000001", 1, new byte[]{1, 2, 3}, Map.of("owner", "a")));
        assertThat(d.toString()).contains("3 bytes").doesNotContain("[1, 2, 3]");
        LogEntry e = new LogEntry("audit", 1, body);
        body[1] = 7;
        assertThat(e.body()).containsExactly(9, 2, 3);
    }

    @Test
    @DisplayName("names, keys, versions and sequences are validated")
    void validation() {
        assertThatThrownBy(() -> new Document("Shields", "k", 1, new byte[0], Map.of()))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> new Document("shields", "a\nb", 1, new byte[0], Map.of()))
                .isInstanceOf(ShieldException.class);
        assertThatThrownBy(() -> new Document("shields", "x".repeat(Names.MAX_KEY_LENGTH + 1), 1, new byte[0], Map.of()))
                .isInstanceOf(ShieldException.class);
        assertThatThrownBy(() -> new Document("shields", "k", 0, new byte[0], Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LogEntry("audit", 0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
