package io.mshield.samples.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("docs/openapi.json is the OpenAPI description the server serves")
class OpenApiTest extends ServerTest {
    private static final Path COMMITTED = Path.of(System.getProperty("basedir", "."), "..", "..", "docs", "openapi.json").normalize();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    @DisplayName("the served /v3/api-docs equals the committed docs/openapi.json (regenerate: -Dopenapi.write=true)")
    void committedEqualsServed() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode served = JSON.readTree(r.body());
        String pretty = JSON.writeValueAsString(served) + "\n";
        Path copy = Path.of(System.getProperty("basedir", "."), "target", "openapi.json");
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, pretty);
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(COMMITTED, pretty);
        }

        assertThat(COMMITTED).as("docs/openapi.json; the served one is in %s", copy).exists();
        assertThat(JSON.readTree(Files.readString(COMMITTED)))
                .as("docs/openapi.json differs from what the server serves (in %s): rerun with -Dopenapi.write=true and commit it", copy)
                .isEqualTo(served);
        assertThat(served.path("paths").has("/api/phone/enrollments")).isTrue();
        assertThat(served.path("paths").has("/api/staff/shields/{number}/freeze")).isTrue();
        assertThat(served.path("paths").has("/api/pc/login")).isTrue();
    }
}
