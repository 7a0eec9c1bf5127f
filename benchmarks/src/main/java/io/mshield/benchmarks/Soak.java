package io.mshield.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mshield.Actor;
import io.mshield.MobileShield;
import io.mshield.ShieldException;
import io.mshield.audit.AuditEntry;
import io.mshield.audit.AuditVerification;
import io.mshield.core.MobileShields;
import io.mshield.core.persistence.jdbc.JdbcPersistence;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.SignatureVerification;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.bc.Phone;
import io.mshield.enrollment.Application;
import io.mshield.enrollment.DeviceInfo;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.KeyProposal;
import io.mshield.identity.DeviceId;
import io.mshield.identity.PersonName;
import io.mshield.identity.ShieldNumber;
import io.mshield.identity.UserId;
import io.mshield.identity.UserType;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.limit.CumulativeLimits;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.persistence.Persistence;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.LockoutAction;
import io.mshield.pin.Pin;
import io.mshield.pin.PinBlock;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinPolicy;
import io.mshield.pin.PinProof;
import io.mshield.qr.QrChallenge;
import io.mshield.qr.QrSession;
import io.mshield.qr.QrScan;
import io.mshield.shield.CustodyMode;
import io.mshield.signature.Evidence;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.Party;
import io.mshield.transaction.SignatureReceipt;
import io.mshield.transaction.Transaction;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The two-node soak on PostgreSQL (issue 19 item 4), driven by {@code benchmarks/soak.sh}; not a
 * JMH benchmark and not part of the build's tests. Three commands share one database and one
 * directory:
 * <ul>
 *   <li>{@code setup URL DIR SHIELDS} — migrates, creates the bank's keys in {@code DIR/bank-keys.mks}
 *   (the HSM both nodes share), opens DEVICE P-256 shields, one per enterprise, and writes the
 *   phones' keys to {@code DIR/shields.txt}; then runs each kind of operation once, so that every
 *   key the nodes use exists before they start;</li>
 *   <li>{@code node URL DIR ID THREADS SECONDS WRONG_PIN_PCT FREEZE_PCT} — one SDK node (one JVM, its own HikariCP pool)
 *   whose customer threads mix payments, wrong PINs, staff freezes and QR logins on all the
 *   shields, which the other node's customers use too; it writes its counts and latencies to
 *   {@code DIR/node-ID.*};</li>
 *   <li>{@code check URL DIR KILLS} — checks the invariants from the database and prints the
 *   report; exits 1 when one fails.</li>
 * </ul>
 */
public final class Soak {
    /** The PIN of every shield. */
    static final String PIN = "135790";
    /** A wrong PIN. */
    static final String WRONG_PIN = "246801";
    /**
     * The daily limit of each shield: 3,000 CNY, or the system property {@code mshield.soak.dailyLimit}
     * (soak.sh's {@code --daily-limit}). Payments average 150 CNY, so at 3,000 most are refused
     * with LIMIT_EXCEEDED once each shield has made about twenty, which tests the limit counters;
     * a throughput figure wants a limit the run does not reach.
     */
    static final Money DAILY_LIMIT = Money.cny(System.getProperty("mshield.soak.dailyLimit", "3000.00"));
    /** The wrong PINs in a row that lock a shield. */
    static final int MAX_ATTEMPTS = 5;
    private static final char[] KEY_STORE_PASSWORD = "soak-key-store".toCharArray();
    private static final Actor STAFF = Actor.bankStaff("soak-teller", "br-0592", "idv-soak");
    private static final String ORIGIN = "https://corp.soak.example";

    private Soak() {
    }

    /**
     * Runs a command.
     *
     * @param args {@code setup|node|check} and its arguments
     * @throws Exception when it fails
     */
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "setup" -> setup(args[1], Path.of(args[2]), Integer.parseInt(args[3]));
            case "node" -> node(args[1], Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    new Mix(Integer.parseInt(args[6]), Integer.parseInt(args[7])));
            case "check" -> System.exit(check(args[1], Path.of(args[2]), Long.parseLong(args[3])) ? 0 : 1);
            default -> throw new IllegalArgumentException("setup, node or check");
        }
    }

    /** The pin policy: 5 wrong PINs freeze the shield for 10 seconds, up to 1000 times. */
    static PinPolicy pinPolicy() {
        return PinPolicy.builder().maxAttempts(MAX_ATTEMPTS).lockoutAction(LockoutAction.FREEZE_TIMED_THEN_PERMANENT)
                .freezeDuration(Duration.ofSeconds(10)).maxTimedFreezes(100).build();
    }

    private static HikariDataSource pool(String url, int size) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername("postgres");
        c.setPassword("");
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(1);
        c.setConnectionTimeout(10_000);
        c.setValidationTimeout(2_000);
        c.setPoolName("soak");
        // the soak kills backends at any time, also while the pool starts: never fail fast
        c.setInitializationFailTimeout(-1);
        return new HikariDataSource(c);
    }

    /** One SDK node: its pool, the shared key store file, the real crypto. */
    private record Node(HikariDataSource pool, Persistence store, MobileShield sdk, BenchBank bank) implements AutoCloseable {
        /** Opens a node, again if a killed connection fails the start (the CA and the bank's keys are read then). */
        static Node open(String url, Path dir, boolean migrate, int poolSize) throws InterruptedException {
            for (int attempt = 1; ; attempt++) {
                try {
                    return openOnce(url, dir, migrate, poolSize);
                } catch (ShieldException e) {
                    if (attempt == 20) {
                        throw e;
                    }
                    System.err.println("node start failed (" + e.code() + "), again");
                    Thread.sleep(500);
                }
            }
        }

        private static Node openOnce(String url, Path dir, boolean migrate, int poolSize) {
            HikariDataSource pool = Soak.pool(url, poolSize);
            try {
                Persistence store = migrate ? JdbcPersistence.migrateAndCreate(pool) : JdbcPersistence.create(pool);
                BouncyCastleCrypto crypto = BouncyCastleCrypto.builder()
                        .keyStorage(BouncyCastleCrypto.keyStoreFile(dir.resolve("bank-keys.mks"), KEY_STORE_PASSWORD.clone()))
                        .persistence(store).build();
                BenchBank bank = new BenchBank();
                MobileShield sdk = MobileShields.builder().persistence(store).crypto(crypto).smsSender(bank).faceVerifier(bank)
                        .identityRegistry(bank).hardwareKeys(bank).pinPolicy(pinPolicy()).coolingOff(CoolingOffPolicy.none())
                        .cumulativeLimits(CumulativeLimits.builder().dailyPerShield(DAILY_LIMIT).build()).build();
                return new Node(pool, store, sdk, bank);
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
        }

        @Override
        public void close() {
            sdk.close();
            store.close();
            pool.close();
        }
    }

    /** A customer: a shield and the phone's key. */
    private record Customer(ShieldNumber shield, KeyPair keys) {
    }

    /**
     * What a customer thread does, in percent of its operations: wrong PINs and staff freezes as
     * given, QR logins {@value #LOGINS}, payments the rest. Many wrong PINs keep the shields locked
     * most of the time (5 in a row lock one for 10 s), which tests the PIN counter but leaves few
     * payments to measure; a throughput figure wants few.
     *
     * @param wrongPins percent of wrong PINs
     * @param freezes   percent of staff freeze-and-unfreeze
     */
    record Mix(int wrongPins, int freezes) {
        /** QR logins, percent. */
        static final int LOGINS = 15;
        /** The mix of the first soaks: 15 % wrong PINs, 5 % freezes. */
        static final Mix DEFAULT = new Mix(15, 5);

        Mix {
            if (wrongPins < 0 || freezes < 0 || wrongPins + freezes + LOGINS > 100) {
                throw new IllegalArgumentException("wrong PINs, freezes and " + LOGINS + " % logins exceed 100 %");
            }
        }

        int payments() {
            return 100 - LOGINS - wrongPins - freezes;
        }
    }

    // ------------------------------------------------------------------------------------ setup

    private static void setup(String url, Path dir, int shields) throws Exception {
        Phone phone = new Phone(new SecureRandom());
        List<String> lines = new ArrayList<>();
        try (Node n = Node.open(url, dir, true, 4)) {
            List<Customer> customers = new ArrayList<>();
            for (int i = 1; i <= shields; i++) {
                KeyPair keys = phone.generate(KeyAlgorithm.EC_P256);
                Application app = new Application("soak-" + i, BenchBank.enterprise(i), BenchBank.CREDIT_CODE, BenchBank.person(i),
                        PersonName.of("测试" + (char) ('甲' + i % 10)), UserType.LEGAL_REPRESENTATIVE,
                        new DeviceInfo(DeviceId.of("soak-dev-" + i), UserId.of("soak-acct-" + i), Set.of(AuthMethod.PIN)),
                        CustodyMode.DEVICE, KeyAlgorithm.EC_P256);
                EnrollmentSession s = n.sdk.enrollment().start(app);
                n.sdk.enrollment().acceptAgreement(s.id(), "v1");
                n.sdk.enrollment().sendSmsCode(s.id());
                n.sdk.enrollment().verifySmsCode(s.id(), n.bank.lastCode(i));
                n.sdk.enrollment().verifyFace(s.id(), new FaceVerifier.FaceCapture(new byte[]{1}));
                n.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(block(phone, n.sdk.enrollment().pinChallenge(s.id()), PIN)));
                n.sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey());
                ShieldNumber number = n.sdk.enrollment().complete(s.id(), phone.certificateRequest(keys, KeyAlgorithm.EC_P256, app.name().value())).number();
                customers.add(new Customer(number, keys));
                lines.add(number.value() + " " + Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()) + " "
                        + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
            }
            // every kind of operation once, so that the keys they need (QR, time-stamping) exist before the nodes start
            Customer c = customers.get(0);
            Worker w = new Worker(n.sdk, customers, phone, new Stats(), Mix.DEFAULT);
            w.pay(c, "1.00");
            w.qrLogin(c);
            w.wrongPin(c);
            w.freezeAndUnfreeze(c);
        }
        Files.write(dir.resolve("shields.txt"), lines, StandardCharsets.UTF_8);
        System.out.println("setup: " + shields + " DEVICE shields opened");
    }

    private static List<Customer> customers(Path dir) throws Exception {
        KeyFactory ec = KeyFactory.getInstance("EC");
        List<Customer> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("shields.txt"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            out.add(new Customer(ShieldNumber.of(f[0]), new KeyPair(ec.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(f[2]))),
                    ec.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(f[1]))))));
        }
        return out;
    }

    static PinProof.EncryptedPin block(Phone phone, PinChallenge challenge, String pin) {
        try (Pin p = Pin.of(pin)) {
            return new PinProof.EncryptedPin(challenge.id(), phone.encrypt(challenge.pinKey(), PinBlock.encode(challenge, p)));
        }
    }

    // ------------------------------------------------------------------------------------ a node

    /** What one node counted. */
    static final class Stats {
        final LongAdder payments = new LongAdder();
        final LongAdder logins = new LongAdder();
        final LongAdder wrongPins = new LongAdder();
        final LongAdder freezes = new LongAdder();
        final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        final List<long[]> latencies = new ArrayList<>();

        void error(String code) {
            errors.computeIfAbsent(code, k -> new LongAdder()).increment();
        }

        synchronized long[] latencyBuffer() {
            long[] b = new long[1 << 16];
            latencies.add(b);
            return b;
        }
    }

    /** A customer thread's work on one node. */
    private static final class Worker {
        private final MobileShield sdk;
        private final List<Customer> customers;
        private final Phone phone;
        private final Stats stats;
        private final Mix mix;
        private long[] latency;
        private int used;

        Worker(MobileShield sdk, List<Customer> customers, Phone phone, Stats stats, Mix mix) {
            this.mix = mix;
            this.sdk = sdk;
            this.customers = customers;
            this.phone = phone;
            this.stats = stats;
        }

        void run(long until) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            while (System.nanoTime() < until) {
                Customer c = customers.get(r.nextInt(customers.size()));
                int dice = r.nextInt(100);
                try {
                    if (dice < mix.payments()) {
                        long t0 = System.nanoTime();
                        if (pay(c, new BigDecimal(r.nextInt(100, 30_000)).movePointLeft(2).toPlainString())) {
                            record(System.nanoTime() - t0);
                        }
                    } else if (dice < mix.payments() + Mix.LOGINS) {
                        qrLogin(c);
                    } else if (dice < 100 - mix.freezes()) {
                        wrongPin(c);
                    } else {
                        freezeAndUnfreeze(c);
                    }
                } catch (ShieldException e) {
                    stats.error(e.code().name());
                } catch (RuntimeException e) {
                    stats.error(e.getClass().getSimpleName());
                }
            }
        }

        private void record(long nanos) {
            if (latency == null || used == latency.length) {
                latency = stats.latencyBuffer();
                used = 0;
            }
            latency[used++] = nanos / 1000 + 1;
        }

        /** A transfer: authorize, sign on the phone, complete with a PIN block. */
        boolean pay(Customer c, String amount) {
            Authorization a = sdk.transactions().authorize(c.shield(), new Transaction("soak-" + ThreadLocalRandom.current().nextLong(1L << 60),
                    Scenario.TRANSFER, Money.cny(amount), new Party("付款方", "6222000000000001", "厦门银行"),
                    Optional.of(new Party("收款方", "6222000000000002", "工商银行")), List.of(), "mobile", "转账 " + amount + " 元"),
                    Authenticator.SHIELD);
            if (a instanceof Authorization.Denied d) {
                stats.error("denied " + d.code().name());
                return false;
            }
            if (!(a instanceof Authorization.Allowed allowed)) {
                stats.error("denied " + a.getClass().getSimpleName());
                return false;
            }
            byte[] signature = phone.sign(c.keys(), KeyAlgorithm.EC_P256.defaultScheme(), allowed.signedContent());
            sdk.transactions().complete(allowed.id(), signature, Optional.of(block(phone, sdk.shields().pinChallenge(c.shield()), PIN)));
            stats.payments.increment();
            return true;
        }

        /** A QR login on the corporate site: create, scan, sign, approve, consume. */
        void qrLogin(Customer c) {
            QrSession session = sdk.qr().createLogin(ORIGIN);
            QrChallenge created = session.challenge();
            QrScan scan = sdk.qr().scan(c.shield(), created.payload());
            byte[] signature = phone.sign(c.keys(), KeyAlgorithm.EC_P256.defaultScheme(), scan.authorization().signedContent());
            SignatureReceipt r = sdk.transactions().complete(scan.authorization().id(), signature,
                    Optional.of(block(phone, sdk.shields().pinChallenge(c.shield()), PIN)));
            sdk.qr().approve(c.shield(), created.id());
            sdk.qr().consume(created.id(), session.pollSecret());
            stats.logins.increment();
            if (r.record().id().isEmpty()) {
                stats.error("login without a signature id");
            }
        }

        /** A wrong PIN, checked by the bank. */
        void wrongPin(Customer c) {
            PinCheck check = sdk.shields().checkPin(c.shield(), block(phone, sdk.shields().pinChallenge(c.shield()), WRONG_PIN));
            stats.wrongPins.increment();
            if (check instanceof PinCheck.Accepted) {
                stats.error("wrong PIN accepted");
            }
        }

        /** Bank staff freeze a shield, a payment is refused, staff unfreeze it. */
        void freezeAndUnfreeze(Customer c) {
            sdk.administration().freeze(c.shield(), STAFF);
            stats.freezes.increment();
            try {
                Authorization a = sdk.transactions().authorize(c.shield(), new Transaction("soak-frozen-" + ThreadLocalRandom.current().nextLong(1L << 60),
                        Scenario.TRANSFER, Money.cny("1.00"), new Party("付款方", "6222000000000001", "厦门银行"),
                        Optional.of(new Party("收款方", "6222000000000002", "工商银行")), List.of(), "mobile", "转账 1.00 元"), Authenticator.SHIELD);
                if (a instanceof Authorization.Allowed allowed) {
                    stats.error("frozen shield authorized");
                    sdk.transactions().cancel(allowed.id());
                }
            } finally {
                sdk.administration().unfreeze(c.shield(), STAFF);
            }
        }
    }

    private static void node(String url, Path dir, int id, int threads, int seconds, Mix mix) throws Exception {
        List<Customer> customers = customers(dir);
        Stats stats = new Stats();
        long start;
        try (Node n = Node.open(url, dir, false, 10)) {
            start = System.nanoTime();
            long until = start + seconds * 1_000_000_000L;
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Worker w = new Worker(n.sdk, customers, new Phone(new SecureRandom()), stats, mix);
                Thread th = new Thread(() -> w.run(until), "customer-" + id + "-" + t);
                th.start();
                workers.add(th);
            }
            for (Thread th : workers) {
                th.join();
            }
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        List<String> out = new ArrayList<>();
        out.add("elapsed_ms " + elapsedMs);
        out.add("payments " + stats.payments.sum());
        out.add("logins " + stats.logins.sum());
        out.add("wrong_pins " + stats.wrongPins.sum());
        out.add("freezes " + stats.freezes.sum());
        new TreeMap<>(stats.errors).forEach((k, v) -> out.add("error " + k.replace(' ', '_') + " " + v.sum()));
        Files.write(dir.resolve("node-" + id + ".txt"), out, StandardCharsets.UTF_8);
        StringBuilder lat = new StringBuilder();
        synchronized (stats) {
            for (long[] b : stats.latencies) {
                for (long v : b) {
                    if (v > 0) {
                        lat.append(v).append('\n');
                    }
                }
            }
        }
        Files.writeString(dir.resolve("node-" + id + ".lat"), lat.toString(), StandardCharsets.UTF_8);
        System.out.println("node " + id + ": " + String.join(", ", out));
    }

    // ------------------------------------------------------------------------------------ the check

    private static boolean check(String url, Path dir, long kills) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Boolean> results = new java.util.LinkedHashMap<>();
        try (Node n = Node.open(url, dir, false, 4)) {
            // authorizations and signature records, straight from the database
            Map<String, JsonNode> authorizations = new HashMap<>();
            for (byte[] b : bodies(n.pool, "authorizations")) {
                JsonNode a = json.readTree(b);
                authorizations.put(a.get("id").asText(), a);
            }
            List<JsonNode> accepted = new ArrayList<>();
            for (byte[] b : bodies(n.pool, "signatures")) {
                JsonNode s = json.readTree(b);
                if (s.get("outcome").asText().equals("ACCEPTED")) {
                    accepted.add(s);
                }
            }
            Map<String, Long> counters = counters(n.pool);

            // 1. PIN: no evaluation past the limit
            long evaluations = 0;
            long rejectedPastLimit = 0;
            List<AuditEntry> audit = new ArrayList<>();
            for (long from = 1; ; ) {
                List<AuditEntry> page = n.sdk.audit().read(from, 1000);
                audit.addAll(page);
                if (page.size() < 1000) {
                    break;
                }
                from = page.get(page.size() - 1).sequence() + 1;
            }
            for (AuditEntry e : audit) {
                if (e.action().equals("pin.rejected")) {
                    evaluations++;
                    if (Integer.parseInt(e.details().getOrDefault("failures", "0")) > MAX_ATTEMPTS) {
                        rejectedPastLimit++;
                    }
                } else if (e.action().equals("pin.accepted")) {
                    evaluations++;
                }
            }
            long countersPastLimit = counters.entrySet().stream().filter(c -> c.getKey().startsWith("pin_fail:") && c.getValue() > MAX_ATTEMPTS).count();
            report(results, "no PIN evaluated past its limit", rejectedPastLimit == 0 && countersPastLimit == 0,
                    evaluations + " PIN evaluations in the audit log; " + rejectedPastLimit + " wrong PINs counted past " + MAX_ATTEMPTS
                            + "; " + countersPastLimit + " failure counters above it");

            // 2. cumulative limits: every counter within its limit and equal to the live authorizations' reservations
            Map<String, Long> reserved = new HashMap<>();
            Map<String, Long> committed = new HashMap<>();
            for (JsonNode a : authorizations.values()) {
                String status = a.get("status").asText();
                if (!status.equals("RESERVED") && !status.equals("COMMITTED")) {
                    continue;
                }
                for (JsonNode r : a.withArray("reservations")) {
                    String s = r.asText();
                    int eq = s.lastIndexOf('=');
                    long minor = Long.parseLong(s.substring(eq + 1));
                    reserved.merge(s.substring(0, eq), minor, Long::sum);
                    if (status.equals("COMMITTED")) {
                        committed.merge(s.substring(0, eq), minor, Long::sum);
                    }
                }
            }
            long limit = DAILY_LIMIT.toMinorUnits();
            long over = counters.entrySet().stream().filter(c -> c.getKey().startsWith("lim_") && c.getValue() > limit).count()
                    + committed.values().stream().filter(v -> v > limit).count();
            long mismatched = 0;
            Set<String> names = new HashSet<>(reserved.keySet());
            counters.keySet().stream().filter(k -> k.startsWith("lim_")).forEach(names::add);
            for (String name : names) {
                if (!counters.getOrDefault(name, 0L).equals(reserved.getOrDefault(name, 0L))) {
                    mismatched++;
                }
            }
            long highest = committed.values().stream().mapToLong(Long::longValue).max().orElse(0);
            report(results, "no cumulative limit exceeded", over == 0 && mismatched == 0, names.size() + " daily limit counters; " + over
                    + " over " + DAILY_LIMIT + "; " + mismatched + " not equal to the live authorizations' reservations; highest signed total "
                    + BigDecimal.valueOf(highest, 2).toPlainString() + " CNY");

            // 3. every accepted signature has evidence that verifies
            long invalid = 0;
            Map<String, Long> why = new TreeMap<>();
            for (JsonNode s : accepted) {
                Optional<Evidence> e = n.sdk.signatures().evidence(s.get("id").asText());
                if (e.isEmpty()) {
                    invalid++;
                    why.merge("no evidence", 1L, Long::sum);
                    continue;
                }
                SignatureVerification sv = n.sdk.signatures().verifyEvidence(e.get());
                if (!sv.valid()) {
                    invalid++;
                    why.merge(sv.failure().orElse("?") + " (" + sv.timeSource() + ", " + sv.revocationSource() + ")", 1L, Long::sum);
                }
            }
            why.forEach((k, v) -> System.out.println("  invalid evidence: " + v + " x " + k));
            report(results, "every accepted signature has evidence that verifies", invalid == 0,
                    accepted.size() + " accepted signatures; " + invalid + " without valid evidence");

            // 4. the audit chain
            AuditVerification v = n.sdk.audit().verify();
            report(results, "the audit chain intact", v.intact(), v.entriesChecked() + " entries, " + v.checkpointsChecked()
                    + " checkpoints checked; finding " + v.finding());

            // 5. no authorization half done: signed ⇔ committed ⇔ one "transaction.signed" entry
            Set<String> committedIds = new HashSet<>();
            authorizations.forEach((id, a) -> {
                if (a.get("status").asText().equals("COMMITTED")) {
                    committedIds.add(id);
                }
            });
            Set<String> acceptedIds = new HashSet<>();
            long duplicateSignatures = 0;
            for (JsonNode s : accepted) {
                if (!acceptedIds.add(s.get("id").asText())) {
                    duplicateSignatures++;
                }
            }
            List<String> signedEntries = audit.stream().filter(e -> e.action().equals("transaction.signed"))
                    .map(e -> e.details().get("authorization")).toList();
            long duplicateEntries = signedEntries.size() - new HashSet<>(signedEntries).size();
            long statuses = authorizations.values().stream().map(a -> a.get("status").asText())
                    .filter(s -> !Set.of("RESERVED", "COMMITTED", "RELEASED").contains(s)).count();
            long open = authorizations.values().stream().filter(a -> a.get("status").asText().equals("RESERVED")).count();
            boolean whole = committedIds.equals(acceptedIds) && committedIds.equals(new HashSet<>(signedEntries))
                    && duplicateSignatures == 0 && duplicateEntries == 0 && statuses == 0;
            report(results, "no authorization half done", whole, authorizations.size() + " authorizations: " + committedIds.size()
                    + " committed, " + acceptedIds.size() + " accepted signatures, " + signedEntries.size() + " transaction.signed entries, "
                    + open + " still reserved (expire and release in 5 minutes), " + duplicateSignatures + " duplicate signatures");
        }

        // throughput, latency, errors, from the nodes' files
        long elapsed = 0;
        long payments = 0;
        Map<String, Long> totals = new TreeMap<>();
        List<Long> latencies = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("node-") && name.endsWith(".txt")) {
                    for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                        String[] f = line.split(" ");
                        if (f[0].equals("elapsed_ms")) {
                            elapsed = Math.max(elapsed, Long.parseLong(f[1]));
                        } else if (f[0].equals("error")) {
                            totals.merge(f[1], Long.parseLong(f[2]), Long::sum);
                        } else {
                            totals.merge(f[0], Long.parseLong(f[1]), Long::sum);
                            if (f[0].equals("payments")) {
                                payments += Long.parseLong(f[1]);
                            }
                        }
                    }
                } else if (name.startsWith("node-") && name.endsWith(".lat")) {
                    for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                        if (!line.isBlank()) {
                            latencies.add(Long.parseLong(line.trim()));
                        }
                    }
                }
            }
        }
        latencies.sort(null);
        System.out.println();
        System.out.printf(Locale.ROOT, "throughput: %d payments in %.1f s = %.2f payments/s%n", payments, elapsed / 1000.0,
                payments * 1000.0 / Math.max(1, elapsed));
        System.out.printf(Locale.ROOT, "payment latency (authorize to complete): p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d samples)%n",
                percentile(latencies, 0.50) / 1000.0, percentile(latencies, 0.99) / 1000.0,
                latencies.isEmpty() ? 0.0 : latencies.get(latencies.size() - 1) / 1000.0, latencies.size());
        System.out.println("backend connections killed: " + kills);
        System.out.println("counts and errors by code (both nodes):");
        totals.forEach((k, v) -> System.out.println("  " + k + " " + v));
        boolean ok = results.values().stream().allMatch(Boolean::booleanValue);
        System.out.println(ok ? "ALL INVARIANTS HOLD" : "AN INVARIANT FAILED");
        return ok;
    }

    private static long percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private static void report(Map<String, Boolean> results, String invariant, boolean holds, String detail) {
        results.put(invariant, holds);
        System.out.println((holds ? "PASS " : "FAIL ") + invariant + ": " + detail);
    }

    private static List<byte[]> bodies(HikariDataSource pool, String collection) throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT body FROM ms_documents WHERE collection = ?")) {
            s.setString(1, collection);
            try (ResultSet rs = s.executeQuery()) {
                List<byte[]> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getBytes(1));
                }
                return out;
            }
        }
    }

    private static Map<String, Long> counters(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement("SELECT name, counter_value FROM ms_counters");
             ResultSet rs = s.executeQuery()) {
            Map<String, Long> out = new HashMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        }
    }
}
