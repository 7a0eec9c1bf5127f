package io.mshield.core.qr;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.core.fixtures.World;
import io.mshield.core.internal.qr.QrServiceImpl;
import io.mshield.persistence.Document;
import io.mshield.qr.PollSecret;
import io.mshield.qr.QrChallenge;
import io.mshield.qr.QrPayload;
import io.mshield.qr.QrPurpose;
import io.mshield.qr.QrScan;
import io.mshield.qr.QrSession;
import io.mshield.qr.QrState;
import io.mshield.shield.ShieldDetails;
import io.mshield.signature.SignatureRecord;
import io.mshield.transaction.BusinessData;
import io.mshield.transaction.SignatureReceipt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.fixtures.World.BOSS;
import static io.mshield.core.fixtures.World.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

class QrTest {
    private static final String PIN = "135790";
    private static final String ORIGIN = "https://ebank.example.com PC 10.1.2.3";
    private static final BusinessData DECLARATION = new BusinessData("报关系统", "decl-2026-0042", "报关单 2026-0042 签名确认 金额 88,000.00 元",
            "<declaration id=\"2026-0042\" amount=\"88000.00\"/>".getBytes(StandardCharsets.UTF_8));

    private final World w = new World();
    private final ShieldDetails boss = w.open(BOSS, "dev-1", "acct-boss", PIN);

    private SignatureReceipt complete(ShieldDetails shield, QrScan scan) {
        return w.sdk.transactions().complete(scan.authorization().id(),
                w.deviceSign(shield.number(), scan.authorization().signedContent()), Optional.of(w.pin(shield.number(), PIN)));
    }

    private long auditCount() {
        return w.sdk.audit().read(1, 1000).size();
    }

    @Test
    @DisplayName("R7.2 scan-to-login: created, scanned (origin shown), approved with PIN and signature, consumed once by the PC")
    void login() {
        QrSession session = w.sdk.qr().createLogin(ORIGIN);
        QrChallenge created = session.challenge();
        assertThat(created.state()).isEqualTo(QrState.CREATED);
        assertThat(created.expiresAt()).isEqualTo(created.createdAt().plus(Duration.ofMinutes(3)));
        QrPayload payload = w.sdk.qr().verify(created.payload());
        assertThat(payload.purpose()).isEqualTo(QrPurpose.LOGIN);
        assertThat(payload.origin()).isEqualTo(ORIGIN);

        QrScan scan = w.sdk.qr().scan(boss.number(), created.payload());
        assertThat(scan.challenge().state()).isEqualTo(QrState.SCANNED);
        assertThat(scan.challenge().origin()).isEqualTo(ORIGIN);
        assertThat(scan.challenge().displayText()).contains(ORIGIN);
        assertThat(new String(scan.authorization().signedContent(), StandardCharsets.UTF_8))
                .startsWith("MSDATA/1").contains(QrServiceImpl.LOGIN_APP).contains(created.id());
        assertThat(w.sdk.qr().status(created.id()).state()).isEqualTo(QrState.SCANNED);
        // Scanning again with the same shield is idempotent.
        assertThat(w.sdk.qr().scan(boss.number(), created.payload()).authorization()).isEqualTo(scan.authorization());

        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.qr().consume(created.id(), session.pollSecret()));
        SignatureReceipt receipt = complete(boss, scan);
        QrChallenge approved = w.sdk.qr().approve(boss.number(), created.id());
        assertThat(approved.state()).isEqualTo(QrState.APPROVED);
        assertThat(approved.signatureId()).contains(receipt.record().id());

        QrChallenge consumed = w.sdk.qr().consume(created.id(), session.pollSecret());
        assertThat(consumed.state()).isEqualTo(QrState.CONSUMED);
        assertThat(consumed.shield()).contains(boss.number());
        long audit = auditCount();
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.qr().consume(created.id(), session.pollSecret()));
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.qr().approve(boss.number(), created.id()));
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.qr().scan(boss.number(), created.payload()));
        assertThat(auditCount()).isEqualTo(audit);
    }

    @Test
    @DisplayName("R7.2 someone who only saw or relayed the QR code cannot take the login (QR_POLL_SECRET_INVALID, nothing changes); the page that created it still can")
    void relayedQrCannotTakeTheLogin() {
        QrSession victim = w.sdk.qr().createLogin(ORIGIN);
        String seen = victim.challenge().payload();   // all that a shoulder-surfer or a relaying page has
        assertThat(seen).doesNotContain(victim.pollSecret().value());
        QrPayload p = w.sdk.qr().verify(seen);
        // the attacker's own page gets its own secret, which is not this challenge's
        QrSession attackersOwn = w.sdk.qr().createLogin("https://evil.example PC");
        complete(boss, w.sdk.qr().scan(boss.number(), seen));
        w.sdk.qr().approve(boss.number(), p.id());
        long audit = auditCount();
        refused(ErrorCode.QR_POLL_SECRET_INVALID, () -> w.sdk.qr().consume(p.id(), attackersOwn.pollSecret()));
        refused(ErrorCode.QR_POLL_SECRET_INVALID, () -> w.sdk.qr().poll(p.id(), attackersOwn.pollSecret()));
        // secrets made of what the QR code shows
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(p.nonce(), 32));
        refused(ErrorCode.QR_POLL_SECRET_INVALID, () -> w.sdk.qr().consume(p.id(), PollSecret.of(nonce)));
        refused(ErrorCode.QR_POLL_SECRET_INVALID, () -> w.sdk.qr().consume(p.id(), PollSecret.of(p.id() + "A".repeat(11))));
        refused(ErrorCode.QR_POLL_SECRET_INVALID, () -> PollSecret.of(p.id()));
        refused(ErrorCode.QR_POLL_SECRET_INVALID, () -> PollSecret.of(null));
        // the refusals are recorded (without any secret) and change nothing else
        assertThat(w.sdk.audit().read(1, 1000)).hasSize((int) audit + 3)
                .filteredOn(e -> e.action().equals("qr.consume_refused")).hasSize(3);
        assertThat(w.sdk.qr().status(p.id()).state()).isEqualTo(QrState.APPROVED);
        // the victim's page keeps working
        assertThat(w.sdk.qr().poll(p.id(), victim.pollSecret()).state()).isEqualTo(QrState.APPROVED);
        QrChallenge taken = w.sdk.qr().consume(p.id(), victim.pollSecret());
        assertThat(taken.state()).isEqualTo(QrState.CONSUMED);
        assertThat(taken.shield()).contains(boss.number());
        // the secret is never printed, stored or audited in clear
        assertThat(victim.toString()).doesNotContain(victim.pollSecret().value()).contains("redacted");
        String stored = w.persistence.inTransaction(s -> new String(s.get(QrServiceImpl.CHALLENGES, p.id()).orElseThrow().body(),
                StandardCharsets.UTF_8));
        assertThat(stored).doesNotContain(victim.pollSecret().value());
        assertThat(w.sdk.audit().read(1, 1000).toString()).doesNotContain(victim.pollSecret().value())
                .doesNotContain(attackersOwn.pollSecret().value());
    }

    @Test
    @DisplayName("R7.3 scan-to-sign: the holder signs the business content itself; the signature is in the history and verifies")
    void sign() {
        QrSession session = w.sdk.qr().createSigning(ORIGIN, DECLARATION);
        QrChallenge created = session.challenge();
        assertThat(created.purpose()).isEqualTo(QrPurpose.SIGN);
        assertThat(created.displayText()).isEqualTo(DECLARATION.summary());
        assertThat(QrPayload.parse(created.payload()).contentDigest()).isPresent();
        QrScan scan = w.sdk.qr().scan(boss.number(), created.payload());
        String signed = new String(scan.authorization().signedContent(), StandardCharsets.UTF_8);
        assertThat(signed).contains(DECLARATION.summary()).contains("decl-2026-0042");
        SignatureReceipt receipt = complete(boss, scan);
        QrChallenge approved = w.sdk.qr().approve(boss.number(), created.id());
        SignatureRecord record = w.sdk.signatures().history(boss.number(), 0, 10).get(0);
        assertThat(approved.signatureId()).contains(record.id());
        assertThat(record.displayText()).isEqualTo(DECLARATION.summary());
        assertThat(w.sdk.signatures().verifyEvidence(w.sdk.signatures().evidence(receipt.record().id()).orElseThrow()).valid()).isTrue();
        assertThat(w.sdk.qr().consume(created.id(), session.pollSecret()).signatureId()).contains(record.id());
    }

    @Test
    @DisplayName("R7.2 R7.3 refused: approval without a completed signature, by another shield, after expiry, twice; a wrong PIN signs nothing")
    void refusals() {
        w.sdk.permissions().grant(World.superAdmin(World.ENTERPRISE), World.ENTERPRISE, OPERATOR);
        ShieldDetails operator = w.open(OPERATOR, "dev-2", "acct-op", PIN);
        QrChallenge created = w.sdk.qr().createSigning(ORIGIN, DECLARATION).challenge();
        QrScan scan = w.sdk.qr().scan(boss.number(), created.payload());
        long audit = auditCount();
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.qr().approve(boss.number(), created.id()));
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.qr().scan(operator.number(), created.payload()));
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.qr().approve(operator.number(), created.id()));
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.qr().reject(operator.number(), created.id()));
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.qr().approve(boss.number(), "0".repeat(32)));
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.qr().approve(boss.number(), "../../etc"));
        assertThat(auditCount()).isEqualTo(audit);
        refused(ErrorCode.PIN_INCORRECT, () -> w.sdk.transactions().complete(scan.authorization().id(),
                w.deviceSign(boss.number(), scan.authorization().signedContent()), Optional.of(w.pin(boss.number(), "864209"))));
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.qr().approve(boss.number(), created.id()));

        // A challenge approved in time but consumed after expiry, and one approved after expiry.
        QrSession lateSession = w.sdk.qr().createLogin(ORIGIN);
        QrChallenge late = lateSession.challenge();
        QrScan lateScan = w.sdk.qr().scan(boss.number(), late.payload());
        complete(boss, lateScan);
        w.clock.advance(Duration.ofMinutes(3));
        assertThat(w.sdk.qr().status(late.id()).state()).isEqualTo(QrState.EXPIRED);
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.qr().approve(boss.number(), late.id()));
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.qr().scan(boss.number(), late.payload()));
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.qr().consume(late.id(), lateSession.pollSecret()));
    }

    @Test
    @DisplayName("R7.3 content changed after the QR code was shown is refused at the scan")
    void contentChanged() {
        QrChallenge created = w.sdk.qr().createSigning(ORIGIN, DECLARATION).challenge();
        w.persistence.inTransaction(s -> {
            Document d = s.get(QrServiceImpl.CHALLENGES, created.id()).orElseThrow();
            String body = new String(d.body(), StandardCharsets.UTF_8);
            String changed = body.replace(Base64.getEncoder().encodeToString(DECLARATION.data()),
                    Base64.getEncoder().encodeToString("<declaration id=\"2026-0042\" amount=\"98000.00\"/>".getBytes(StandardCharsets.UTF_8)));
            assertThat(changed).isNotEqualTo(body);
            return s.update(QrServiceImpl.CHALLENGES, created.id(), d.version(), changed.getBytes(StandardCharsets.UTF_8), Map.of());
        });
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.qr().scan(boss.number(), created.payload()));
        assertThat(w.sdk.qr().status(created.id()).state()).isEqualTo(QrState.CREATED);
    }

    @Test
    @DisplayName("R7.2 a forged, modified or foreign payload is refused with QR_PAYLOAD_INVALID")
    void forged() {
        QrChallenge created = w.sdk.qr().createLogin(ORIGIN).challenge();
        String payload = created.payload();
        QrPayload parsed = QrPayload.parse(payload);
        // Another bank's (another SDK's) genuine payload.
        String foreign = new World().sdk.qr().createLogin(ORIGIN).challenge().payload();
        refused(ErrorCode.QR_PAYLOAD_INVALID, () -> w.sdk.qr().verify(foreign));
        refused(ErrorCode.QR_PAYLOAD_INVALID, () -> w.sdk.qr().scan(boss.number(), foreign));
        // The same fields with another origin, signature kept.
        String moved = new QrPayload(parsed.id(), parsed.nonce(), parsed.purpose(), "https://evil.example", parsed.expiresAt(),
                parsed.contentDigest(), parsed.signature()).encode();
        refused(ErrorCode.QR_PAYLOAD_INVALID, () -> w.sdk.qr().scan(boss.number(), moved));
        // A signature byte flipped.
        byte[] sig = parsed.signature();
        sig[sig.length - 1] ^= 1;
        String flipped = new QrPayload(parsed.id(), parsed.nonce(), parsed.purpose(), parsed.origin(), parsed.expiresAt(),
                parsed.contentDigest(), sig).encode();
        refused(ErrorCode.QR_PAYLOAD_INVALID, () -> w.sdk.qr().scan(boss.number(), flipped));
        for (String bad : List.of("", payload + "=", payload + ".x", payload.replace("MSQR1.", "MSQR2."), payload.toLowerCase(),
                payload.substring(0, payload.length() - 1), "MSQR1." + "A".repeat(2000))) {
            refused(ErrorCode.QR_PAYLOAD_INVALID, () -> w.sdk.qr().scan(boss.number(), bad));
        }
        assertThat(w.sdk.qr().status(created.id()).state()).isEqualTo(QrState.CREATED);
    }

    @Test
    @DisplayName("R7.2 a rejected challenge cannot be approved, and its authorization no longer signs")
    void rejected() {
        QrChallenge created = w.sdk.qr().createLogin(ORIGIN).challenge();
        QrScan scan = w.sdk.qr().scan(boss.number(), created.payload());
        assertThat(w.sdk.qr().reject(boss.number(), created.id()).state()).isEqualTo(QrState.REJECTED);
        refused(ErrorCode.CHALLENGE_INVALID, () -> complete(boss, scan));
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.qr().approve(boss.number(), created.id()));
        assertThat(w.sdk.qr().status(created.id()).state()).isEqualTo(QrState.REJECTED);
    }

    @Test
    @DisplayName("R7.2 64 concurrent approvals of one challenge: exactly one succeeds, the others are refused")
    void concurrentApprovals() throws Exception {
        QrChallenge created = w.sdk.qr().createLogin(ORIGIN).challenge();
        complete(boss, w.sdk.qr().scan(boss.number(), created.payload()));
        ExecutorService pool = Executors.newFixedThreadPool(64);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger refusedCount = new AtomicInteger();
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        w.sdk.qr().approve(boss.number(), created.id());
                        return true;
                    } catch (io.mshield.ShieldException e) {
                        assertThat(e.code()).isEqualTo(ErrorCode.CHALLENGE_INVALID);
                        refusedCount.incrementAndGet();
                        return false;
                    }
                }));
            }
            start.countDown();
            int successes = 0;
            for (Future<Boolean> f : results) {
                successes += f.get() ? 1 : 0;
            }
            assertThat(successes).isEqualTo(1);
            assertThat(refusedCount.get()).isEqualTo(63);
        } finally {
            pool.shutdownNow();
        }
        assertThat(w.sdk.audit().read(1, 1000)).filteredOn(e -> e.action().equals("qr.approved")).hasSize(1);
    }
}
