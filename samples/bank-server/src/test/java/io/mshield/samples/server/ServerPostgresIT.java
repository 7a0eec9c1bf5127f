package io.mshield.samples.server;

import io.mshield.crypto.KeyAlgorithm;
import io.mshield.samples.phone.BankClient;
import io.mshield.samples.phone.SimPhone;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The server on PostgreSQL: mshield.database.url instead of the embedded H2")
class ServerPostgresIT {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    /** A new database on the local server, or null when none is reachable. */
    private static String freshDatabase() {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres?connectTimeout=2", "postgres", "");
             Statement s = c.createStatement()) {
            String name = "mshield_server_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            s.execute("CREATE DATABASE " + name);
            return SERVER + name;
        } catch (java.sql.SQLException unreachable) {
            return null;
        }
    }

    /** Drops the test's database: the server outlives the test, and each run would leave one behind. */
    private static void drop(String url) {
        String name = url.substring(SERVER.length());
        try (Connection c = DriverManager.getConnection(SERVER + "postgres?connectTimeout=2", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (java.sql.SQLException e) {
            System.out.println("ServerPostgresIT: could not drop " + name + ": " + e.getMessage());
        }
    }

    @Test
    @DisplayName("with --mshield.database.url the schema is migrated in PostgreSQL, a phone enrolls and pays, and no H2 file is made")
    void runsOnPostgres(@TempDir Path data) throws Exception {
        String url = freshDatabase();
        if (url == null) {
            System.out.println("ServerPostgresIT: no PostgreSQL server reachable at 127.0.0.1:5432: skipped");
        }
        Assumptions.assumeTrue(url != null, "no PostgreSQL server reachable at 127.0.0.1:5432: skipped");

        try {
            try (ConfigurableApplicationContext server = new SpringApplicationBuilder(BankServer.class).run("--server.port=0",
                    "--mshield.data=" + data, "--mshield.database.url=" + url, "--mshield.database.user=postgres")) {
                BankClient bank = new BankClient(URI.create("http://localhost:" + server.getEnvironment().getProperty("local.server.port")));
                SimPhone phone = new SimPhone(bank, SimPhone.sandboxPerson(bank, 1), "pg-phone-1");
                phone.enroll("DEVICE", KeyAlgorithm.SM2, "135790");

                assertThat(phone.pay("88.00", "上海供应商有限公司", "6222000000000002", "135790").path("signatureId").asText()).isNotBlank();
            }

            try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
                r.next();
                assertThat(r.getInt(1)).as("tables migrated into PostgreSQL").isPositive();
            }
            try (Stream<Path> files = Files.list(data)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".mv.db"));
            }
        } finally {
            drop(url);
        }
    }
}
