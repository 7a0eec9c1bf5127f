package io.mshield.core.restart;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.audit.AuditVerification;
import io.mshield.certificate.RevocationReason;
import io.mshield.core.MobileShields;
import io.mshield.core.fixtures.World;
import io.mshield.crypto.KeyStorage;
import io.mshield.crypto.RevocationStatus;
import io.mshield.crypto.SignatureVerification;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.limit.CumulativeLimits;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.persistence.Persistence;
import io.mshield.pin.LockoutAction;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinPolicy;
import io.mshield.pin.PinProof;
import io.mshield.qr.QrChallenge;
import io.mshield.qr.QrScan;
import io.mshield.qr.QrState;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import io.mshield.signature.SignatureRecord;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.Party;
import io.mshield.transaction.SignatureReceipt;
import io.mshield.transaction.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.fixtures.World.BOSS;
import static io.mshield.core.fixtures.World.ENTERPRISE;
import static io.mshield.core.fixtures.World.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19 item 2: each kind of operation begun before a restart and continued after it. The SDK
 * runs on a database that outlives it (each subclass's: an H2 file database, the local PostgreSQL)
 * and on a key store file; a restart closes the SDK (its store and key storage) and opens a new SDK
 * instance, a new store object and a new key storage object over the same database and file, with
 * a new {@code BouncyCastleCrypto}. Nothing but the database and the file carries over; the clock and
 * the phones (which are not the bank's) do.
 */
public abstract class AbstractRestartTest {
    private static final char[] PASSWORD = "restart-test-key-store".toCharArray();
    private static final String PIN = "135790";
    private static final String WRONG = "246801";
    private static final Party PAYER = new Party("厦门测试有限公司", "6222000000000001", "厦门银行");
    private static final Party PAYEE = new Party("上海供应商有限公司", "6222000000000002", "工商银行");
    private static final String ORIGIN = "https://ebank.example.com PC 10.1.2.3";
    /** Seed 001 PINs (5 wrong → locked for good), a daily limit of 1,000.00 CNY, no cooling-off. */
    private static final UnaryOperator<MobileShields.Builder> POLICIES = b -> b.coolingOff(CoolingOffPolicy.none())
            .pinPolicy(PinPolicy.seed001())
            .cumulativeLimits(CumulativeLimits.builder().dailyPerShield(Money.cny("1000.00")).build());

    @TempDir
    Path dir;
    private final AtomicInteger references = new AtomicInteger();
    private World world;
    private int restarts;

    /**
     * A new store object on the test's database: created and migrated on the first call, the same
     * database on every later call.
     *
     * @param dir a directory the test owns
     * @return the store
     */
    protected abstract Persistence openStore(Path dir);

    /** Releases what {@link #openStore} opened beyond what the SDK closes. */
    protected abstract void closeDatabases();

    private KeyStorage keyStoreFile() {
        return BouncyCastleCrypto.keyStoreFile(dir.resolve("bank-keys.mks"), PASSWORD.clone());
    }

    @BeforeEach
    void start() {
        world = new World(POLICIES, openStore(dir), keyStoreFile());
    }

    @AfterEach
    void stop() {
        try {
            world.sdk.close();
        } finally {
            closeDatabases();
        }
    }

    /** Closes the SDK and opens a new one on the same database and key store file. */
    private void restart() {
        world.sdk.close();
        world = World.reopen(world, openStore(dir), keyStoreFile(), POLICIES);
        restarts++;
    }

    private PinCheck check(ShieldDetails d, String pin) {
        return world.sdk.shields().checkPin(d.number(), world.pin(d.number(), pin));
    }

    private Transaction transfer(String amount) {
        return new Transaction("restart-" + references.incrementAndGet(), Scenario.TRANSFER, Money.cny(amount), PAYER, Optional.of(PAYEE),
                List.of(), "mobile", "转账 " + amount + " 元 给 上海供应商有限公司");
    }

    private Authorization authorize(ShieldDetails d, String amount) {
        return world.sdk.transactions().authorize(d.number(), transfer(amount), Authenticator.SHIELD);
    }

    private SignatureReceipt complete(ShieldDetails d, Authorization.Allowed a) {
        return world.sdk.transactions().complete(a.id(), world.deviceSign(d.number(), a.signedContent()), Optional.of(world.pin(d.number(), PIN)));
    }

    private ShieldDetails open() {
        return world.open(BOSS, "dev-1", "acct-boss", PIN);
    }

    @Test
    @DisplayName("restart: wrong PINs before a restart still count after it, a lock survives it, and a PIN challenge made before it is answered after it once")
    void pinCountersAndLocksRestart() {
        ShieldDetails d = open();
        assertThat(List.of(check(d, WRONG), check(d, WRONG))).containsExactly(new PinCheck.Rejected(4), new PinCheck.Rejected(3));
        PinChallenge before = world.sdk.shields().pinChallenge(d.number());
        PinProof.EncryptedPin answered = World.pinBlock(before, WRONG);
        restart();
        assertThat(world.sdk.shields().checkPin(d.number(), answered)).as("a challenge from before the restart").isEqualTo(new PinCheck.Rejected(2));
        assertThatRefused(() -> world.sdk.shields().checkPin(d.number(), answered), ErrorCode.PIN_BLOCK_INVALID);
        restart();
        assertThat(check(d, WRONG)).isEqualTo(new PinCheck.Rejected(1));
        assertThat(check(d, WRONG)).isEqualTo(PinCheck.Locked.indefinitely(LockoutAction.LOCK_FOREVER));
        restart();
        assertThat(world.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.LOCKED);
        assertThat(check(d, PIN)).as("the right PIN after the restart").isInstanceOf(PinCheck.Locked.class);
        assertThat(authorize(d, "1.00")).isInstanceOfSatisfying(Authorization.Denied.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.PIN_LOCKED));
        assertThat(restarts).isEqualTo(3);
    }

    @Test
    @DisplayName("restart: amounts spent and reserved before a restart still count against the daily limit after it")
    void cumulativeLimitsRestart() {
        ShieldDetails d = open();
        complete(d, (Authorization.Allowed) authorize(d, "600.00"));
        Authorization.Allowed reserved = (Authorization.Allowed) authorize(d, "300.00");
        restart();
        assertThat(authorize(d, "200.00")).as("600 spent + 300 reserved + 200 > 1000")
                .isInstanceOfSatisfying(Authorization.Denied.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
        complete(d, (Authorization.Allowed) authorize(d, "100.00"));
        restart();
        assertThat(authorize(d, "0.01")).isInstanceOfSatisfying(Authorization.Denied.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
        world.sdk.transactions().cancel(reserved.id());
        restart();
        assertThat(authorize(d, "300.01")).as("the cancelled 300 came back, no more")
                .isInstanceOfSatisfying(Authorization.Denied.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
        assertThat(authorize(d, "300.00")).isInstanceOf(Authorization.Allowed.class);
    }

    @Test
    @DisplayName("restart: an authorization made before a restart is signed after it exactly once; one that expired meanwhile stays refused")
    void authorizationsInFlightRestart() {
        ShieldDetails d = open();
        Authorization.Allowed a = (Authorization.Allowed) authorize(d, "100.00");
        byte[] signature = world.deviceSign(d.number(), a.signedContent());
        restart();
        SignatureReceipt receipt = world.sdk.transactions().complete(a.id(), signature, Optional.of(world.pin(d.number(), PIN)));
        assertThatRefused(() -> world.sdk.transactions().complete(a.id(), signature, Optional.of(world.pin(d.number(), PIN))), ErrorCode.CHALLENGE_INVALID);
        restart();
        assertThatRefused(() -> world.sdk.transactions().complete(a.id(), signature, Optional.of(world.pin(d.number(), PIN))), ErrorCode.CHALLENGE_INVALID);
        List<SignatureRecord> history = world.sdk.signatures().history(d.number(), 0, 10);
        assertThat(history).extracting(SignatureRecord::id).containsExactly(receipt.record().id());
        SignatureVerification verdict = world.sdk.signatures().verifyEvidence(world.sdk.signatures().evidence(receipt.record().id()).orElseThrow());
        assertThat(verdict.valid()).as("failure: %s", verdict.failure()).isTrue();
        assertThat(verdict.revocation().state()).isEqualTo(RevocationStatus.State.GOOD);

        Authorization.Allowed late = (Authorization.Allowed) authorize(d, "200.00");
        byte[] lateSignature = world.deviceSign(d.number(), late.signedContent());
        restart();
        world.clock.advance(Duration.ofMinutes(6));
        assertThatRefused(() -> world.sdk.transactions().complete(late.id(), lateSignature, Optional.of(world.pin(d.number(), PIN))),
                ErrorCode.CHALLENGE_INVALID);
        restart();
        assertThatRefused(() -> world.sdk.transactions().complete(late.id(), lateSignature, Optional.of(world.pin(d.number(), PIN))),
                ErrorCode.CHALLENGE_INVALID);
        assertThat(world.sdk.signatures().history(d.number(), 0, 10)).hasSize(1);
    }

    @Test
    @DisplayName("restart: a QR challenge created before a restart is scanned, signed and approved after restarts and consumed once")
    void qrChallengeRestart() {
        ShieldDetails d = open();
        io.mshield.qr.QrSession session = world.sdk.qr().createLogin(ORIGIN);
        QrChallenge created = session.challenge();
        restart();
        assertThat(world.sdk.qr().verify(created.payload()).origin()).as("the QR signing key survives").isEqualTo(ORIGIN);
        QrScan scan = world.sdk.qr().scan(d.number(), created.payload());
        restart();
        SignatureReceipt receipt = world.sdk.transactions().complete(scan.authorization().id(),
                world.deviceSign(d.number(), scan.authorization().signedContent()), Optional.of(world.pin(d.number(), PIN)));
        restart();
        QrChallenge approved = world.sdk.qr().approve(d.number(), created.id());
        assertThat(approved.state()).isEqualTo(QrState.APPROVED);
        assertThat(approved.signatureId()).contains(receipt.record().id());
        restart();
        assertThat(world.sdk.qr().consume(created.id(), session.pollSecret()).state()).isEqualTo(QrState.CONSUMED);
        restart();
        assertThatRefused(() -> world.sdk.qr().consume(created.id(), session.pollSecret()), ErrorCode.CHALLENGE_INVALID);
        assertThat(world.sdk.qr().status(created.id()).state()).isEqualTo(QrState.CONSUMED);
    }

    @Test
    @DisplayName("restart: the audit chain verifies after a restart and the entries appended after it continue the chain")
    void auditChainRestart() {
        Actor boss = World.superAdmin(ENTERPRISE);
        ShieldDetails d = open();
        world.sdk.permissions().grant(boss, ENTERPRISE, OPERATOR);
        world.sdk.administration().freeze(d.number(), World.legalRep(ENTERPRISE));
        AuditVerification before = world.sdk.audit().verify();
        assertThat(before.intact()).isTrue();
        long entries = before.entriesChecked();
        restart();
        assertThat(world.sdk.audit().verify().intact()).isTrue();
        assertThat(world.sdk.audit().verify().entriesChecked()).isEqualTo(entries);
        world.sdk.permissions().withdraw(boss, ENTERPRISE, OPERATOR);
        world.sdk.administration().unfreeze(d.number(), World.legalRep(ENTERPRISE));
        restart();
        AuditVerification after = world.sdk.audit().verify();
        assertThat(after.intact()).as("problem: %s", after.problem()).isTrue();
        List<io.mshield.audit.AuditEntry> all = world.sdk.audit().read(1, 1000);
        assertThat(after.entriesChecked()).isEqualTo(all.size()).isGreaterThanOrEqualTo(entries + 2);
        assertThat(all).extracting(io.mshield.audit.AuditEntry::sequence).doesNotHaveDuplicates().last().isEqualTo((long) all.size());
        io.mshield.audit.AuditEntry lastBefore = all.get((int) entries - 1);
        io.mshield.audit.AuditEntry firstAfter = all.get((int) entries);
        assertThat(firstAfter.previousHash()).as("the first entry after the restart links to the last before it").isEqualTo(lastBefore.hash());
        assertThat(all.subList((int) entries, all.size())).extracting(io.mshield.audit.AuditEntry::action)
                .contains("permission.withdrawn", "shield.unfrozen");
    }

    @Test
    @DisplayName("restart: the CA's status of a certificate follows a freeze before a restart and an unfreeze after it (CaRestartTest covers the CA in full)")
    void caStateRestart() {
        ShieldDetails d = open();
        world.sdk.administration().freeze(d.number(), World.legalRep(ENTERPRISE));
        restart();
        assertThat(world.statusOf(d).reason()).contains(RevocationReason.CERTIFICATE_HOLD);
        world.sdk.administration().unfreeze(d.number(), World.legalRep(ENTERPRISE));
        restart();
        assertThat(world.statusOf(d).state()).isEqualTo(RevocationStatus.State.GOOD);
        assertThat(authorize(d, "1.00")).isInstanceOf(Authorization.Allowed.class);
    }

    private static void assertThatRefused(Runnable action, ErrorCode code) {
        refused(code, action::run);
    }
}
