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
                "INVALID_POLICY").doesNotContain("135790").doesNotContain("13579 ");
        assertThat(tmp.resolve("out")).isDirectory();
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
