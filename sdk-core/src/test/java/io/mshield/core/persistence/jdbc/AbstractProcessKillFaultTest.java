package io.mshield.core.persistence.jdbc;

import io.mshield.ErrorCode;
import io.mshield.MobileShield;
import io.mshield.ShieldException;
import io.mshield.audit.AuditEntry;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.identity.ShieldNumber;
import io.mshield.persistence.Persistence;
import io.mshield.signature.SignatureRecord;
import io.mshield.transaction.AuthorizationId;
import io.mshield.transaction.SignatureReceipt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 19 item 3: a bank node killed between co-sign and complete. {@link FaultChild}, a JVM of
 * its own on the test class path, opens the SDK on a database and a key store file, co-signs a
 * COLLABORATIVE payment whose joint signature the phone then holds, signals, keeps working, and is
 * killed with {@code destroyForcibly}. A new SDK on the same data (another node, or the restarted
 * one) finds every transaction the node saw committed (each payment it authorized or cancelled
 * before the kill), nothing partial and the audit chain intact, and completes the payment exactly once.
 */
abstract class AbstractProcessKillFaultTest {
    @TempDir
    Path dir;

    /**
     * Where the node's data lives: {@code h2 <directory>} or {@code jdbc <url>}.
     *
     * @return the two arguments
     * @throws Exception when no database can be had
     */
    protected abstract List<String> database() throws Exception;

    /**
     * A raw data source on the same data, to read the store directly.
     *
     * @param database what {@link #database()} returned
     * @return the data source
     */
    protected abstract DataSource raw(List<String> database);

    @Test
    @DisplayName("Fault: a node killed between co-sign and complete — nothing partial, the audit chain intact, the payment completed exactly once by a new SDK")
    void nodeKilledBetweenCoSignAndComplete() throws Exception {
        List<String> db = database();
        Path keys = dir.resolve("bank-keys.mks");
        Path handOver = dir.resolve("phone.txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FaultChild.class.getName()));
        command.addAll(db);
        command.add(keys.toString());
        command.add(handOver.toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> authorized = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> cancelled = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch working = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean signalled = new java.util.concurrent.atomic.AtomicBoolean();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.equals("READY")) {
                        signalled.set(true);
                        ready.countDown();
                    } else if (line.startsWith(FaultChild.AUTHORIZED)) {
                        authorized.add(line.substring(FaultChild.AUTHORIZED.length()));
                        working.countDown();
                    } else if (line.startsWith(FaultChild.CANCELLED)) {
                        cancelled.add(line.substring(FaultChild.CANCELLED.length()));
                    } else if (output.size() < 400) {
                        output.add(line);
                    }
                }
            } catch (java.io.IOException ignored) {
                // the child is gone
            } finally {
                ready.countDown();
                working.countDown();
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            assertThat(ready.await(5, TimeUnit.MINUTES) && signalled.get()).as("the node signals, output: %s", output).isTrue();
            assertThat(working.await(5, TimeUnit.MINUTES) && !authorized.isEmpty()).as("the node authorizes, output: %s", output).isTrue();
            // let it work a little more: the kill lands somewhere in its authorize/cancel loop
            Thread.sleep(ThreadLocalRandom.current().nextLong(300, 1500));
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
        }
        assertThat(child.isAlive()).isFalse();
        // what the node printed before it died is still in the pipe: read it to the end
        reader.join(TimeUnit.MINUTES.toMillis(1));
        assertThat(reader.isAlive()).as("the node's output read to its end").isFalse();

        List<String> phone = Files.readAllLines(handOver, StandardCharsets.UTF_8);
        ShieldNumber shield = ShieldNumber.of(phone.get(0));
        AuthorizationId authorization = new AuthorizationId(phone.get(1));
        byte[] signature = Base64.getDecoder().decode(phone.get(2));
        DataSource raw = raw(db);

        FaultBank bank = new FaultBank();
        Persistence store = FaultChild.open(db.get(0), db.get(1));
        BouncyCastleCrypto crypto = bank.crypto(store, BouncyCastleCrypto.keyStoreFile(keys, FaultBank.KEY_STORE_PASSWORD.clone()));
        MobileShield sdk = bank.sdk(store, crypto, Clock.systemUTC());
        try {
            assertThat(sdk.audit().verify().intact()).as("the audit chain after the kill").isTrue();
            String pending = authorizationBody(raw, authorization.value());
            assertThat(pending).as("the co-signed authorization waits, its round recorded").contains("\"status\":\"RESERVED\"")
                    .contains("\"coSignPending\":true");
            assertThat(accepted(sdk, shield)).as("only the first payment is signed").hasSize(1);
            assertCommittedBeforeTheKill(raw, authorized, cancelled);
            assertLimitsMatchAuthorizations(raw, shield);

            SignatureReceipt receipt = sdk.transactions().complete(authorization, signature, Optional.empty());
            assertThat(receipt.record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
            assertThat(sdk.signatures().verifyEvidence(sdk.signatures().evidence(receipt.record().id()).orElseThrow()).valid())
                    .as("the evidence of the completed payment verifies").isTrue();
            assertThatThrownBy(() -> sdk.transactions().complete(authorization, signature, Optional.empty()))
                    .as("a second completion").isInstanceOfSatisfying(ShieldException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CHALLENGE_INVALID));

            assertThat(accepted(sdk, shield)).as("the payment signed exactly once").hasSize(2);
            List<String> signed = new ArrayList<>();
            for (AuditEntry e : sdk.audit().read(1, 1000)) {
                if (e.action().equals("transaction.signed")) {
                    signed.add(e.details().get("authorization"));
                }
            }
            assertThat(signed).hasSize(2).doesNotHaveDuplicates().contains(authorization.value());
            assertThat(authorizationBody(raw, authorization.value())).contains("\"status\":\"COMMITTED\"");
            assertLimitsMatchAuthorizations(raw, shield);
            assertThat(counter(raw, "pin_fail:" + shield.value())).as("the PIN failures reset by the signature").isZero();
            assertThat(sdk.audit().verify().intact()).isTrue();
        } finally {
            sdk.close();
            store.close();
        }
    }

    private static List<SignatureRecord> accepted(MobileShield sdk, ShieldNumber shield) {
        return sdk.signatures().history(shield, 0, 100).stream().filter(r -> r.outcome() == SignatureRecord.Outcome.ACCEPTED).toList();
    }

    /**
     * Every transaction the node saw committed before it was killed is in the store: each
     * authorization that {@code authorize} returned exists, each that {@code cancel} returned for is
     * released.
     */
    private static void assertCommittedBeforeTheKill(DataSource raw, List<String> authorized, List<String> cancelled) {
        java.util.Map<String, String> status = new java.util.HashMap<>();
        for (String body : strings(raw, "SELECT body FROM ms_documents WHERE collection = 'authorizations'")) {
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":\"([0-9a-f]+)\"").matcher(body);
            java.util.regex.Matcher st = java.util.regex.Pattern.compile("\"status\":\"([A-Z]+)\"").matcher(body);
            assertThat(id.find() && st.find()).as("an authorization's id and status").isTrue();
            status.put(id.group(1), st.group(1));
        }
        assertThat(status).as("the %d authorizations the node was told were made before it was killed", authorized.size())
                .containsKeys(authorized.toArray(String[]::new));
        for (String id : cancelled) {
            assertThat(status.get(id)).as("authorization %s, cancelled before the kill", id).isEqualTo("RELEASED");
        }
    }

    /** The daily limit counter equals the sum of the reserved and committed authorizations (all of 1.00). */
    private static void assertLimitsMatchAuthorizations(DataSource raw, ShieldNumber shield) {
        long live = 0;
        for (String body : strings(raw, "SELECT body FROM ms_documents WHERE collection = 'authorizations'")) {
            if (body.contains("\"shield\":\"" + shield.value() + "\"")
                    && (body.contains("\"status\":\"RESERVED\"") || body.contains("\"status\":\"COMMITTED\""))) {
                live++;
            }
        }
        assertThat(counter(raw, "lim_sd:" + shield.value() + ":")).as("the limit counter against %d live authorizations", live)
                .isEqualTo(live * 100);
    }

    private static String authorizationBody(DataSource raw, String id) {
        List<String> found = strings(raw, "SELECT body FROM ms_documents WHERE collection = 'authorizations' AND doc_key = '" + id + "'");
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static long counter(DataSource raw, String prefix) {
        return StoreRows.sumOfCounters(raw, prefix);
    }

    private static List<String> strings(DataSource raw, String sql) {
        return StoreRows.bytes(raw, sql).stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }
}
