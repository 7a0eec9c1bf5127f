package io.mshield.samples.phone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The phone's side of the sample bank server's HTTP API: JSON in, JSON out, and a refusal (an
 * RFC 9457 problem detail) as a {@link Refused} carrying its error code and HTTP status.
 */
public final class BankClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * A refusal of the server.
     */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;

        Refused(int status, String code, String detail) {
            super(status + " " + code + ": " + detail);
            this.status = status;
            this.code = code;
        }

        /**
         * The HTTP status.
         *
         * @return the status
         */
        public int status() {
            return status;
        }

        /**
         * The error code of the problem detail.
         *
         * @return the code
         */
        public String code() {
            return code;
        }
    }

    /**
     * A client of the server at this address.
     *
     * @param base e.g. {@code http://localhost:8080}
     */
    public BankClient(URI base) {
        this.base = base;
    }

    /**
     * A new JSON object to fill in.
     *
     * @return the object
     */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /**
     * POSTs JSON.
     *
     * @param path the path
     * @param body the body, or null for none
     * @return the response's JSON (an empty object for no content)
     */
    public JsonNode post(String path, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        return send(b.build());
    }

    /**
     * GETs JSON.
     *
     * @param path the path
     * @return the response's JSON
     */
    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /**
     * GETs bytes, e.g. a QR code's PNG.
     *
     * @param url an absolute URL, or a path on the server
     * @return the bytes
     */
    public byte[] bytes(String url) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(base.resolve(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new Refused(r.statusCode(), "HTTP", "GET " + url);
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isEmpty() ? object() : JSON.readTree(r.body());
            if (r.statusCode() / 100 != 2) {
                throw new Refused(r.statusCode(), body.path("code").asText("HTTP"), body.path("detail").asText(""));
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
