package io.mshield.samples.server;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The packaged server starts with one command; the packaged simulator enrolls and pays against it")
class BankServerJarIT {
    private static final Path SERVER_JAR = Path.of(System.getProperty("basedir", "."), "target", "mshield-bank-server.jar");
    private static final Path SIM_JAR = Path.of(System.getProperty("basedir", "."), "..", "phone-sim", "target", "mshield-phone-sim.jar");

    @Test
    @DisplayName("java -jar mshield-bank-server.jar --server.port=N --mshield.data=DIR, then java -jar mshield-phone-sim.jar enroll pay")
    void startsAndServesTheSimulator(@TempDir Path data) throws Exception {
        assertThat(SERVER_JAR).exists();
        assertThat(SIM_JAR).exists();
        int port = freePort();
        Path log = data.resolve("server.log");
        Process server = new ProcessBuilder(java(), "-jar", SERVER_JAR.toString(), "--server.port=" + port, "--mshield.data=" + data.resolve("bank"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitHealthy(port, server, log);
            Process sim = new ProcessBuilder(java(), "-jar", SIM_JAR.toString(), "--server", "http://localhost:" + port, "--person", "3",
                    "--custody", "COLLABORATIVE", "--pin", "246813", "enroll", "pay", "100.00")
                    .redirectErrorStream(true).start();
            String out = new String(sim.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(sim.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(sim.exitValue()).as(out).isZero();
            assertThat(out).contains("enrolled MS").contains("COLLABORATIVE SM2, ACTIVE").contains("paid: signed");
            assertThat(data.resolve("bank")).isDirectoryContaining(p -> p.getFileName().toString().equals("bank-keys.mks"));
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitHealthy(int port, Process server, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            assertThat(server.isAlive()).as("the server exited: %s", Files.exists(log) ? Files.readString(log) : "").isTrue();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the server did not become healthy: " + Files.readString(log));
    }

}
