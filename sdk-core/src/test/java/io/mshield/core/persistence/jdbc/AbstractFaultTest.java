package io.mshield.core.persistence.jdbc;

import io.mshield.ErrorCode;
import io.mshield.MobileShield;
import io.mshield.ShieldException;
import io.mshield.audit.AuditEntry;
import io.mshield.core.fixtures.MutableClock;
import io.mshield.core.persistence.jdbc.FaultInjectingDataSource.Fired;
import io.mshield.core.persistence.jdbc.FaultInjectingDataSource.Kind;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.RevocationStatus;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.enrollment.Application;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.KeyProposal;
import io.mshield.identity.ShieldNumber;
import io.mshield.pin.AuthMethod;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import io.mshield.signature.Evidence;
import io.mshield.signature.SignatureRecord;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19 item 3: the database fails under the SDK — the connection is aborted at every single
 * statement of a payment (authorize, PIN challenge, complete), of an enrollment (start to complete)
 * and of a revocation (void), its commit is lost before or after the server commits, its rollback
 * fails — on the real crypto ({@link BouncyCastleCrypto}, the CA's state in the same database) and
 * a real database (each subclass's).
 *
 * <p>After each fault the test checks: the error is {@link ErrorCode#PERSISTENCE_FAILURE} without
 * SQL or secrets; the failing transaction left nothing (the store equals its snapshot at that
 * transaction's start, row for row) unless the server had committed it; nothing ran after it; the
 * audit chain verifies. Then the app retries the failed call once, and the whole history is checked:
 * every payment signed exactly once with evidence that verifies, the limit counter equal to the sum of
 * the live authorizations, no PIN failure counted, one shield per enrollment, one revocation per
 * void, no connection left open.
 */
abstract class AbstractFaultTest {
    private static final String AMOUNT = "1.00";
    private static final long AMOUNT_MINOR = 100;
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z]+)\"");

    private DataSource raw;
    private FaultInjectingDataSource db;
    private JdbcPersistence store;
    private MobileShield sdk;
    private BouncyCastleCrypto crypto;
    private final FaultBank bank = new FaultBank();
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private int devices;

    /**
     * A fresh, empty database, not migrated, not pooled: closing a connection closes it for real.
     *
     * @return its data source
     * @throws Exception when it cannot be created
     */
    protected abstract DataSource newRawDatabase() throws Exception;

    /** Drops what {@link #newRawDatabase()} created. */
    protected void dropDatabases() {
    }

    @BeforeEach
    void open() throws Exception {
        raw = newRawDatabase();
        db = new FaultInjectingDataSource(raw);
        store = JdbcPersistence.migrateAndCreate(db);
        crypto = bank.crypto(store, clock);
        sdk = bank.sdk(store, crypto, clock);
    }

    @AfterEach
    void close() {
        sdk.close();
        store.close();
        db.closeReader();
        assertThat(db.openConnections()).as("connections the SDK left open").isZero();
        dropDatabases();
    }

    // ---------------------------------------------------------------- the operations

    /** An operation whose preconditions are set up, made of calls the app retries once if they fail. */
    private interface Operation {
        void run(Steps steps);
    }

    /** The app: each call that fails is retried once, after the checks a fault calls for. */
    private final class Steps {
        final List<ShieldException> faults = new ArrayList<>();
        final List<ShieldException> refusedRetries = new ArrayList<>();

        <T> T step(Supplier<T> call) {
            try {
                return call.get();
            } catch (ShieldException e) {
                Fired f = db.fired().orElseThrow(() -> e);
                assertThat(faults).as("one fault per run").isEmpty();
                faults.add(e);
                afterFault(f, e);
                db.disarm();
                if (f.kind() == Kind.COMMIT_ACK_LOST) {
                    // the server did commit: a retry may be told that it is done already
                    try {
                        return call.get();
                    } catch (ShieldException again) {
                        refusedRetries.add(again);
                        return null;
                    }
                }
                return call.get();
            }
        }
    }

    private void afterFault(Fired f, ShieldException e) {
        assertThat(e.code()).as("the error of a fault (%s)", f).isEqualTo(ErrorCode.PERSISTENCE_FAILURE);
        assertThat(e.getMessage()).doesNotContain("SELECT", "INSERT", "UPDATE ", "DELETE", FaultBank.PIN);
        if (f.kind() != Kind.COMMIT_ACK_LOST) {
            assertThat(FaultInjectingDataSource.difference(f.before(), f.after()))
                    .as("the store after a %s fault in transaction %d, statement %d, against the store at that transaction's start",
                            f.kind(), f.transaction(), f.statement()).isEmpty();
        }
        assertThat(FaultInjectingDataSource.difference(f.after(), db.snapshot())).as("rows written after the failing transaction").isEmpty();
        assertThat(sdk.audit().verify().intact()).as("the audit chain after a fault").isTrue();
    }

    /**
     * Runs an operation with the connection aborted at its 1st, 2nd, … statement until a run
     * completes without reaching the fault.
     *
     * @return how many statements the operation has
     */
    private int atEveryStatement(Supplier<Operation> operation, Runnable invariants) {
        for (int k = 1; k < 5_000; k++) {
            Operation op = operation.get();
            db.arm(Kind.STATEMENT, k);
            Steps steps = new Steps();
            op.run(steps);
            boolean fired = db.fired().isPresent();
            db.disarm();
            assertThat(steps.faults).hasSize(fired ? 1 : 0);
            invariants.run();
            if (!fired) {
                return k - 1;
            }
        }
        throw new AssertionError("the operation never ended");
    }

    /**
     * Runs an operation with a fault of the kind in its 1st, 2nd, … transaction until a run
     * completes without reaching the fault.
     *
     * @return how many transactions the operation has
     */
    private int atEveryTransaction(Kind kind, Supplier<Operation> operation, Runnable invariants) {
        for (int t = 1; t < 500; t++) {
            Operation op = operation.get();
            db.arm(kind, t);
            Steps steps = new Steps();
            op.run(steps);
            boolean fired = db.fired().isPresent();
            db.disarm();
            assertThat(steps.faults).hasSize(fired ? 1 : 0);
            invariants.run();
            if (!fired) {
                return t - 1;
            }
        }
        throw new AssertionError("the operation never ended");
    }

    // ---------------------------------------------------------------- payments

    /** A DEVICE shield and its phone key, opened without faults. */
    private record DeviceShield(ShieldDetails details, KeyPair keys) {
    }

    private DeviceShield openDevice() {
        KeyPair keys = bank.phone.generate(KeyAlgorithm.EC_P256);
        Application app = bank.application(FaultBank.BOSS, "dev-" + (++devices),
                CustodyMode.DEVICE, KeyAlgorithm.EC_P256);
        EnrollmentSession s = bank.upToAuthentication(sdk, app);
        sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(bank.block(sdk.enrollment().pinChallenge(s.id()), FaultBank.PIN)));
        sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey());
        ShieldDetails d = sdk.enrollment().complete(s.id(), bank.phone.certificateRequest(keys, KeyAlgorithm.EC_P256, app.name().value()));
        return new DeviceShield(d, keys);
    }

    /** Authorize, sign on the phone, complete with a PIN block for a fresh challenge. */
    private Supplier<Operation> payment(DeviceShield shield) {
        ShieldNumber n = shield.details().number();
        return () -> steps -> {
            Authorization a = steps.step(() -> sdk.transactions().authorize(n, bank.transfer(AMOUNT), Authenticator.SHIELD));
            assertThat(a).isInstanceOf(Authorization.Allowed.class);
            Authorization.Allowed allowed = (Authorization.Allowed) a;
            byte[] signature = bank.phone.sign(shield.keys(), KeyAlgorithm.EC_P256.defaultScheme(), allowed.signedContent());
            steps.step(() -> sdk.transactions().complete(allowed.id(), signature,
                    Optional.of(bank.block(sdk.shields().pinChallenge(n), FaultBank.PIN))));
        };
    }

    /** What must hold after every payment run, faulted or not. */
    private Runnable paymentInvariants(DeviceShield shield, int[] payments) {
        ShieldNumber n = shield.details().number();
        return () -> {
            payments[0]++;
            List<SignatureRecord> history = history(n);
            assertThat(history).as("every payment signed exactly once, none refused").hasSize(payments[0])
                    .allMatch(r -> r.outcome() == SignatureRecord.Outcome.ACCEPTED);
            Evidence newest = sdk.signatures().evidence(newestId(history)).orElseThrow();
            assertThat(sdk.signatures().verifyEvidence(newest).valid()).as("the newest signature's evidence verifies").isTrue();
            List<String> statuses = authorizationStatuses(n);
            long committed = statuses.stream().filter("COMMITTED"::equals).count();
            long live = statuses.stream().filter(s -> s.equals("COMMITTED") || s.equals("RESERVED")).count();
            assertThat(committed).as("committed authorizations").isEqualTo(payments[0]);
            assertThat(sumOfCounters("lim_sd:" + n.value() + ":")).as("the daily limit counter is the sum of the live authorizations")
                    .isEqualTo(live * AMOUNT_MINOR);
            assertThat(sumOfCounters("pin_fail:" + n.value())).as("no PIN failure counted").isZero();
            assertThat(sdk.shields().details(n).status()).isEqualTo(ShieldStatus.ACTIVE);
            List<String> signed = auditSubjects("transaction.signed", "authorization");
            assertThat(signed).as("one audit entry per signature, each for its own authorization").hasSize(payments[0])
                    .doesNotHaveDuplicates();
            assertThat(sdk.audit().verify().intact()).isTrue();
        };
    }

    private List<SignatureRecord> history(ShieldNumber n) {
        List<SignatureRecord> out = new ArrayList<>();
        for (int offset = 0; ; offset += 100) {
            List<SignatureRecord> page = sdk.signatures().history(n, offset, 100);
            out.addAll(page);
            if (page.size() < 100) {
                return out;
            }
        }
    }

    private static String newestId(List<SignatureRecord> history) {
        return history.stream().max(java.util.Comparator.comparing(SignatureRecord::time)).orElseThrow().id();
    }

    @Test
    @DisplayName("Fault: a payment (authorize, PIN challenge, complete) with the connection aborted at each of its statements — nothing partial, signed exactly once")
    void paymentFaultAtEveryStatement() {
        DeviceShield shield = openDevice();
        int[] payments = {0};
        int statements = atEveryStatement(payment(shield), paymentInvariants(shield, payments));
        assertThat(statements).as("statements in a payment").isGreaterThan(20);
        assertThat(payments[0]).isEqualTo(statements + 1);
    }

    @Test
    @DisplayName("Fault: a payment whose commit is lost before the server commits, in each of its transactions")
    void paymentFaultAtEveryCommit() {
        DeviceShield shield = openDevice();
        int[] payments = {0};
        assertThat(atEveryTransaction(Kind.COMMIT_LOST, payment(shield), paymentInvariants(shield, payments))).isGreaterThan(3);
    }

    @Test
    @DisplayName("Fault: a payment whose commit succeeds on the server but the answer is lost, in each transaction — the retry never signs twice")
    void paymentFaultAfterEveryCommit() {
        DeviceShield shield = openDevice();
        int[] payments = {0};
        assertThat(atEveryTransaction(Kind.COMMIT_ACK_LOST, payment(shield), paymentInvariants(shield, payments))).isGreaterThan(3);
    }

    @Test
    @DisplayName("Fault: a payment whose statement fails and whose rollback then fails too, in each transaction")
    void paymentFaultAtEveryRollback() {
        DeviceShield shield = openDevice();
        int[] payments = {0};
        assertThat(atEveryTransaction(Kind.ROLLBACK, payment(shield), paymentInvariants(shield, payments))).isGreaterThan(3);
    }

    @Test
    @DisplayName("Fault: a payment whose connection is broken when a transaction begins, in each transaction — the connection is closed, not leaked")
    void paymentFaultAtEveryBegin() {
        DeviceShield shield = openDevice();
        int[] payments = {0};
        assertThat(atEveryTransaction(Kind.BEGIN, payment(shield), () -> {
            paymentInvariants(shield, payments).run();
            assertThat(db.openConnections()).as("connections left open after a failed begin").isZero();
        })).isGreaterThan(3);
    }

    // ---------------------------------------------------------------- enrollments

    /** Start to complete for a DEVICE P-256 shield of the legal representative, on a new device; the day moves on first (daily SMS caps). */
    private Supplier<Operation> enrollment(List<ShieldNumber> opened) {
        return () -> {
            clock.advance(Duration.ofDays(1));
            KeyPair keys = bank.phone.generate(KeyAlgorithm.EC_P256);
            Application app = bank.application(FaultBank.BOSS, "dev-" + (++devices), CustodyMode.DEVICE, KeyAlgorithm.EC_P256);
            byte[] csr = bank.phone.certificateRequest(keys, KeyAlgorithm.EC_P256, app.name().value());
            return steps -> {
                EnrollmentSession s = steps.step(() -> sdk.enrollment().start(app));
                steps.step(() -> sdk.enrollment().acceptAgreement(s.id(), "v1"));
                steps.step(() -> sdk.enrollment().sendSmsCode(s.id()));
                steps.step(() -> sdk.enrollment().verifySmsCode(s.id(), bank.lastCode(FaultBank.BOSS)));
                steps.step(() -> sdk.enrollment().verifyFace(s.id(), new FaceVerifier.FaceCapture(new byte[]{1})));
                steps.step(() -> sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN,
                        Optional.of(bank.block(sdk.enrollment().pinChallenge(s.id()), FaultBank.PIN))));
                steps.step(() -> sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey()));
                steps.step(() -> sdk.enrollment().complete(s.id(), csr));
            };
        };
    }

    private ShieldDetails onlyActive() {
        List<ShieldDetails> active = sdk.shields().shieldsOf(FaultBank.ENTERPRISE, FaultBank.BOSS).stream()
                .filter(d -> d.status() == ShieldStatus.ACTIVE).toList();
        assertThat(active).as("exactly one active shield after an enrollment").hasSize(1);
        return active.get(0);
    }

    private Runnable enrollmentInvariants(List<ShieldNumber> opened) {
        return () -> {
            ShieldDetails active = onlyActive();
            assertThat(active.device().value()).isEqualTo("dev-" + devices);
            opened.add(active.number());
            // make room for the next enrollment: the holder may hold one shield in the enterprise
            sdk.administration().voidShield(active.number(), FaultBank.STAFF);
            List<ShieldDetails> all = sdk.shields().shieldsOf(FaultBank.ENTERPRISE, FaultBank.BOSS);
            assertThat(all).as("one shield per enrollment, none half made").hasSize(opened.size())
                    .allMatch(d -> d.status() == ShieldStatus.REVOKED && d.certificate().isPresent());
            Set<String> serials = new HashSet<>();
            all.forEach(d -> serials.add(d.certificate().orElseThrow().serialHex()));
            assertThat(serials).as("one certificate per shield").hasSize(opened.size());
            assertThat(sdk.audit().verify().intact()).isTrue();
        };
    }

    @Test
    @DisplayName("Fault: an enrollment (start to complete) with the connection aborted at each of its statements — one shield, one certificate")
    void enrollmentFaultAtEveryStatement() {
        List<ShieldNumber> opened = new ArrayList<>();
        int statements = atEveryStatement(enrollment(opened), enrollmentInvariants(opened));
        assertThat(statements).as("statements in an enrollment").isGreaterThan(40);
        assertThat(opened).hasSize(statements + 1);
    }

    @Test
    @DisplayName("Fault: an enrollment whose commit is lost, or whose rollback fails, in each of its transactions")
    void enrollmentFaultAtEveryCommitAndRollback() {
        List<ShieldNumber> opened = new ArrayList<>();
        int transactions = atEveryTransaction(Kind.COMMIT_LOST, enrollment(opened), enrollmentInvariants(opened));
        assertThat(transactions).isGreaterThan(8);
        assertThat(atEveryTransaction(Kind.ROLLBACK, enrollment(opened), enrollmentInvariants(opened))).isEqualTo(transactions);
    }

    // ---------------------------------------------------------------- revocations

    /** Voids a DEVICE shield opened without faults. */
    private Supplier<Operation> revocation(List<ShieldDetails> voided) {
        return () -> {
            clock.advance(Duration.ofDays(1));
            DeviceShield shield = openDevice();
            return steps -> {
                steps.step(() -> sdk.administration().voidShield(shield.details().number(), FaultBank.STAFF));
                voided.add(shield.details());
            };
        };
    }

    private Runnable revocationInvariants(List<ShieldDetails> voided) {
        return () -> {
            ShieldDetails last = voided.get(voided.size() - 1);
            assertThat(sdk.shields().details(last.number()).status()).isEqualTo(ShieldStatus.REVOKED);
            List<String> revocations = auditSubjects("shield.voided", null);
            assertThat(revocations).as("one void per shield in the audit log").hasSize(voided.size()).doesNotHaveDuplicates();
            assertThat(caStatus(last)).as("the CA revoked the certificate").isEqualTo(RevocationStatus.State.REVOKED);
            assertThat(sdk.audit().verify().intact()).isTrue();
        };
    }

    private RevocationStatus.State caStatus(ShieldDetails d) {
        return crypto.certificateAuthority().status(new BigInteger(d.certificate().orElseThrow().serialHex(), 16), clock.instant()).state();
    }

    @Test
    @DisplayName("Fault: a revocation (void) with the connection aborted at each of its statements, its commit lost, its rollback failing")
    void revocationFaultAtEveryStatementCommitAndRollback() {
        List<ShieldDetails> voided = new ArrayList<>();
        int statements = atEveryStatement(revocation(voided), revocationInvariants(voided));
        assertThat(statements).as("statements in a revocation").isGreaterThan(5);
        int transactions = atEveryTransaction(Kind.COMMIT_LOST, revocation(voided), revocationInvariants(voided));
        assertThat(atEveryTransaction(Kind.ROLLBACK, revocation(voided), revocationInvariants(voided))).isEqualTo(transactions);
        assertThat(atEveryTransaction(Kind.COMMIT_ACK_LOST, revocation(voided), revocationInvariants(voided))).isEqualTo(transactions);
    }

    // ---------------------------------------------------------------- reading the store

    private List<String> authorizationStatuses(ShieldNumber n) {
        List<String> out = new ArrayList<>();
        for (byte[] body : bodies("SELECT body FROM ms_documents WHERE collection = 'authorizations'")) {
            String json = new String(body, StandardCharsets.UTF_8);
            if (json.contains("\"shield\":\"" + n.value() + "\"")) {
                Matcher m = STATUS.matcher(json);
                assertThat(m.find()).isTrue();
                out.add(m.group(1));
            }
        }
        return out;
    }

    private long sumOfCounters(String prefix) {
        return StoreRows.sumOfCounters(raw, prefix);
    }

    private List<byte[]> bodies(String sql) {
        return StoreRows.bytes(raw, sql);
    }

    /** The audit entries of an action: a detail's value, or the subject. */
    private List<String> auditSubjects(String action, String detail) {
        List<String> out = new ArrayList<>();
        for (long from = 1; ; ) {
            List<AuditEntry> page = sdk.audit().read(from, 1000);
            for (AuditEntry e : page) {
                if (e.action().equals(action) && e.outcome() == AuditEntry.Outcome.SUCCEEDED) {
                    out.add(detail == null ? e.subject() : e.details().get(detail));
                }
            }
            if (page.size() < 1000) {
                return out;
            }
            from = page.get(page.size() - 1).sequence() + 1;
        }
    }
}
