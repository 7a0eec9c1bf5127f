package io.mshield.core.races;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.MobileShields;
import io.mshield.core.fixtures.PausingPersistence;
import io.mshield.core.fixtures.World;
import io.mshield.core.persistence.AbstractPersistenceContractTest;
import io.mshield.enrollment.BindingPolicy;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.OneTimeCode;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.persistence.Persistence;
import io.mshield.pin.LockoutAction;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinPolicy;
import io.mshield.pin.PinProof;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static io.mshield.core.fixtures.World.BOSS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's rules across two SDK nodes on one database (issue "JDBC persistence", part 4):
 * each node has its own SDK instance and its own store connection (pool). A subclass supplies
 * the two stores; the in-memory subclass runs both nodes on one store, the JDBC ones on one
 * database through two pools.
 */
public abstract class AbstractTwoNodeRaceTest {
    private final List<World> nodes = new ArrayList<>();

    /**
     * A store for a node on the shared database. Both calls of one test MUST reach the same data,
     * and each test MUST start on an empty database (the tests reuse the same people and
     * devices). The test closes what it gets.
     *
     * @param node 0 or 1
     * @return the node's store
     */
    protected abstract Persistence persistenceForNode(int node);

    private World[] bank(UnaryOperator<MobileShields.Builder> policies) {
        World a = new World(policies, persistenceForNode(0));
        World b = World.secondNode(a, persistenceForNode(1), policies);
        nodes.add(a);
        nodes.add(b);
        return new World[]{a, b};
    }

    @AfterEach
    void close() {
        for (World w : nodes) {
            w.persistence.close();
        }
    }

    private static UnaryOperator<MobileShields.Builder> policies(PinPolicy pin, BindingPolicy binding) {
        return b -> b.coolingOff(CoolingOffPolicy.none()).pinPolicy(pin).bindingPolicy(binding);
    }

    @Test
    @DisplayName("R5.3 64 concurrent wrong PINs across two nodes: exactly the policy's number are evaluated")
    void pinGuesses() throws Exception {
        World[] bank = bank(policies(PinPolicy.seed001(), BindingPolicy.defaults()));
        ShieldDetails d = bank[0].open(BOSS, "race-dev-1", "acct-boss", "135790");
        List<PinProof> blocks = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            blocks.add(bank[i % 2].pin(d.number(), "246801"));
        }
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger locked = new AtomicInteger();
        AbstractPersistenceContractTest.race(64, i -> {
            PinCheck c = bank[i % 2].sdk.shields().checkPin(d.number(), blocks.get(i));
            if (c instanceof PinCheck.Rejected) {
                rejected.incrementAndGet();
            } else if (c instanceof PinCheck.Locked l && l.action() == LockoutAction.LOCK_FOREVER) {
                locked.incrementAndGet();
            }
            return true;
        });
        long evaluations = bank[0].sdk.audit().read(1, 1000).stream().filter(e -> e.action().equals("pin.rejected")).count();
        assertThat(evaluations).isEqualTo(5);
        assertThat(rejected).hasValue(4);
        assertThat(locked).hasValue(60);
        assertThat(bank[1].sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.LOCKED);
        assertThat(bank[1].sdk.audit().verify().intact()).isTrue();
    }

    @Test
    @DisplayName("R2.2 64 concurrent uses of one enrollment step across two nodes: exactly one succeeds")
    void oneStepOnce() throws Exception {
        World[] bank = bank(policies(PinPolicy.seed001(), BindingPolicy.defaults()));
        EnrollmentSession s = bank[0].sdk.enrollment().start(bank[0].application(BOSS, "race-dev-2", "acct-boss"));
        bank[0].sdk.enrollment().acceptAgreement(s.id(), "v1");
        bank[1].sdk.enrollment().sendSmsCode(s.id());
        OneTimeCode code = bank[0].lastCode(BOSS);
        List<Boolean> ok = AbstractPersistenceContractTest.race(64, i -> {
            try {
                bank[i % 2].sdk.enrollment().verifySmsCode(s.id(), OneTimeCode.of(code.digits()));
                return true;
            } catch (ShieldException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.ENROLLMENT_STEP_OUT_OF_ORDER);
                return false;
            }
        });
        assertThat(ok.stream().filter(x -> x).count()).isEqualTo(1);
        assertThat(bank[0].sdk.audit().read(1, 1000).stream().filter(e -> e.action().equals("enrollment.otp_verified")).count()).isEqualTo(1);
    }

    @Test
    @DisplayName("R5.4 64 concurrent uses of one PIN challenge across two nodes: exactly one is accepted")
    void oneChallengeOnce() throws Exception {
        World[] bank = bank(policies(PinPolicy.seed002(), BindingPolicy.defaults()));
        ShieldDetails d = bank[0].open(BOSS, "race-dev-3", "acct-boss", "135790");
        PinProof block = bank[1].pin(d.number(), "135790");
        List<Boolean> ok = AbstractPersistenceContractTest.race(64, i -> {
            try {
                return bank[i % 2].sdk.shields().checkPin(d.number(), block) instanceof PinCheck.Accepted;
            } catch (ShieldException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.PIN_BLOCK_INVALID);
                return false;
            }
        });
        assertThat(ok.stream().filter(x -> x).count()).isEqualTo(1);
    }

    @Test
    @DisplayName("R2.7 concurrent applications against a binding limit across two nodes: exactly the allowed number pass")
    void bindingLimit() throws Exception {
        BindingPolicy twoDevices = BindingPolicy.defaults().toBuilder().onePerPersonPerEnterprise(false).maxDevicesPerPerson(2).build();
        World[] bank = bank(policies(PinPolicy.seed001(), twoDevices));
        List<Boolean> ok = AbstractPersistenceContractTest.race(16, i -> {
            try {
                bank[i % 2].sdk.enrollment().start(bank[i % 2].application(BOSS, "race-dev-b" + i, "acct-boss"));
                return true;
            } catch (ShieldException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.BINDING_LIMIT_REACHED);
                return false;
            }
        });
        assertThat(ok.stream().filter(x -> x).count()).isEqualTo(2);
    }

    @Test
    @DisplayName("R6.6 concurrent payments against one daily limit across two nodes never exceed it")
    void dailyLimit() throws Exception {
        World[] bank = bank(b -> b.coolingOff(CoolingOffPolicy.none()).cumulativeLimits(
                io.mshield.limit.CumulativeLimits.builder().dailyPerShield(io.mshield.limit.Money.cny("1000.00")).build()));
        ShieldDetails d = bank[0].open(BOSS, "race-dev-4", "acct-boss", "135790");
        io.mshield.transaction.Party payer = new io.mshield.transaction.Party("甲公司", "6222000000000001", "厦门银行");
        io.mshield.transaction.Party payee = new io.mshield.transaction.Party("乙公司", "6222000000000002", "工商银行");
        List<Boolean> allowed = AbstractPersistenceContractTest.race(32, i -> bank[i % 2].sdk.transactions().authorize(d.number(),
                new io.mshield.transaction.Transaction("r-" + i, io.mshield.limit.Scenario.TRANSFER, io.mshield.limit.Money.cny("100.00"), payer,
                        java.util.Optional.of(payee), List.of(), "mobile", "转账 100.00 元"), io.mshield.transaction.Authenticator.SHIELD)
                instanceof io.mshield.transaction.Authorization.Allowed);
        assertThat(allowed.stream().filter(x -> x).count()).isEqualTo(10);
    }

    @Test
    @DisplayName("R1.4 concurrent audit appends from both nodes keep one verifiable chain")
    void auditChain() throws Exception {
        World[] bank = bank(policies(PinPolicy.seed002(), BindingPolicy.defaults()));
        Actor superAdmin = World.superAdmin(World.ENTERPRISE);
        List<ResidentIdNumber> people = List.of(World.OPERATOR, World.OPERATOR2);
        long before = bank[0].sdk.audit().verify().entriesChecked();
        AtomicInteger withdrawn = new AtomicInteger();
        AbstractPersistenceContractTest.race(32, i -> {
            World w = bank[i % 2];
            ResidentIdNumber p = people.get((i / 2) % 2);
            for (int k = 0; k < 3; k++) {
                w.sdk.permissions().grant(superAdmin, World.ENTERPRISE, p);
                try {
                    w.sdk.permissions().withdraw(superAdmin, World.ENTERPRISE, p);
                    withdrawn.incrementAndGet();
                } catch (ShieldException e) {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_ENTITLED);
                }
            }
            return true;
        });
        var v = bank[1].sdk.audit().verify();
        assertThat(v.intact()).isTrue();
        // Only changes are audited: a grant of an active grant and a withdrawal of a withdrawn one
        // add nothing. Each successful withdrawal is one entry and needs one granting entry before
        // it; at most one more grant per person can stand at the end. A lost or duplicated append
        // breaks these bounds, whatever the interleaving.
        int w = withdrawn.get();
        assertThat(w).as("per person, the first withdrawal after any grant succeeds").isGreaterThanOrEqualTo(people.size());
        assertThat(v.entriesChecked() - before).isBetween(2L * w, 2L * w + people.size());
    }

    @Test
    @DisplayName("R7.2 one QR challenge across two nodes: scanned on one, signed on the other; 64 concurrent approvals and 64 consumptions each succeed once")
    void qrOnce() throws Exception {
        World[] bank = bank(policies(PinPolicy.seed002(), BindingPolicy.defaults()));
        ShieldDetails d = bank[0].open(BOSS, "race-dev-5", "acct-boss", "135790");
        io.mshield.qr.QrSession session = bank[0].sdk.qr().createLogin("https://ebank.example.com PC 10.1.2.3");
        io.mshield.qr.QrChallenge created = session.challenge();
        io.mshield.qr.QrScan scan = bank[1].sdk.qr().scan(d.number(), created.payload());
        bank[0].sdk.transactions().complete(scan.authorization().id(),
                bank[0].deviceSign(d.number(), scan.authorization().signedContent()), java.util.Optional.of(bank[1].pin(d.number(), "135790")));
        List<Boolean> approved = AbstractPersistenceContractTest.race(64, i -> {
            try {
                bank[i % 2].sdk.qr().approve(d.number(), created.id());
                return true;
            } catch (ShieldException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.CHALLENGE_INVALID);
                return false;
            }
        });
        assertThat(approved.stream().filter(x -> x).count()).isEqualTo(1);
        List<Boolean> consumed = AbstractPersistenceContractTest.race(64, i -> {
            try {
                return bank[i % 2].sdk.qr().consume(created.id(), session.pollSecret()).state() == io.mshield.qr.QrState.CONSUMED;
            } catch (ShieldException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.CHALLENGE_INVALID);
                return false;
            }
        });
        assertThat(consumed.stream().filter(x -> x).count()).isEqualTo(1);
        assertThat(bank[1].sdk.audit().read(1, 1000)).filteredOn(e -> e.action().equals("qr.approved")).hasSize(1);
        assertThat(bank[0].sdk.audit().verify().intact()).isTrue();
    }

    // ---- issue 18 (WHO-ACTS): linked apps and identity challenges across nodes ----

    private static String idDigits(io.mshield.linked.IdentityChallenge c) {
        StringBuilder sb = new StringBuilder();
        c.positions().forEach(p -> sb.append(BOSS.value().charAt(p - 1)));
        return sb.toString();
    }

    private static io.mshield.enrollment.OneTimeCode linkedSms(World node, ShieldDetails d) {
        node.clock.advance(java.time.Duration.ofMinutes(2));
        node.sdk.linkedApps().sendSmsCode(d.number());
        return node.lastCode(BOSS);
    }

    @Test
    @DisplayName("R9.3 a linked credential disabled on node B can no longer sign or authorize payments through that app on node A, at once")
    void linkedAppDisabledOnOtherNode() {
        World[] bank = bank(policies(PinPolicy.seed004(), BindingPolicy.defaults()));
        ShieldDetails d = bank[0].open(BOSS, "race-dev-7", "acct-boss", "135790");
        io.mshield.identity.DeviceId device = io.mshield.identity.DeviceId.of("race-dev-7");
        io.mshield.linked.IdentityChallenge c = bank[0].sdk.linkedApps().identityChallenge(d.number());
        bank[1].sdk.linkedApps().enable(d.number(), "mobile-banking", device, c.id(), idDigits(c), linkedSms(bank[0], d),
                bank[1].pin(d.number(), "135790"));
        bank[0].clock.advance(java.time.Duration.ofHours(6));
        io.mshield.transaction.Transaction t = new io.mshield.transaction.Transaction("race-linked-1", io.mshield.limit.Scenario.TRANSFER,
                io.mshield.limit.Money.cny("500.00"), new io.mshield.transaction.Party("厦门测试有限公司", "6222000000000001", "厦门银行"),
                java.util.Optional.of(new io.mshield.transaction.Party("上海供应商有限公司", "6222000000000002", "工商银行")), List.of(),
                "mobile_banking", "转账 500.00 元 给 上海供应商有限公司");
        io.mshield.transaction.Authorization.Allowed open = (io.mshield.transaction.Authorization.Allowed)
                bank[0].sdk.transactions().authorize(d.number(), t, io.mshield.transaction.Authenticator.SHIELD);
        bank[1].sdk.linkedApps().disable(d.number(), "mobile-banking", linkedSms(bank[1], d));
        byte[] signature = bank[0].deviceSign(d.number(), open.signedContent());
        try {
            bank[0].sdk.transactions().complete(open.id(), signature, java.util.Optional.of(bank[0].pin(d.number(), "135790")));
            throw new AssertionError("a payment through a disabled app was signed");
        } catch (ShieldException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.LINKED_APP_DISABLED);
        }
        io.mshield.transaction.Authorization again = bank[0].sdk.transactions().authorize(d.number(), t, io.mshield.transaction.Authenticator.SHIELD);
        assertThat(again).isInstanceOf(io.mshield.transaction.Authorization.Denied.class);
        assertThat(((io.mshield.transaction.Authorization.Denied) again).code()).isEqualTo(ErrorCode.LINKED_APP_DISABLED);
        assertThat(bank[0].sdk.signatures().history(d.number(), 0, 10)).isEmpty();
        assertThat(bank[0].sdk.linkedApps().status(d.number()).apps()).isEmpty();
    }

    @Test
    @DisplayName("R9.4 64 concurrent identity challenges for one person across two nodes: exactly the policy's 5 are issued, the rest IDENTITY_CHALLENGE_LIMIT; the next day again")
    void identityChallengesAcrossNodes() throws Exception {
        World[] bank = bank(policies(PinPolicy.seed004(), BindingPolicy.defaults()));
        ShieldDetails d = bank[0].open(BOSS, "race-dev-8", "acct-boss", "135790");
        List<Boolean> issued = AbstractPersistenceContractTest.race(64, i -> {
            try {
                bank[i % 2].sdk.linkedApps().identityChallenge(d.number());
                return true;
            } catch (ShieldException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.IDENTITY_CHALLENGE_LIMIT);
                return false;
            }
        });
        assertThat(issued.stream().filter(x -> x).count()).isEqualTo(io.mshield.linked.IdentityChallengePolicy.seed004().perPersonPerDay());
        bank[0].clock.advance(java.time.Duration.ofDays(1));
        bank[1].sdk.linkedApps().identityChallenge(d.number());
        assertThat(bank[0].sdk.audit().verify().intact()).isTrue();
    }
    @Test
    @DisplayName("R10.4 a freeze on node B races a signature on node A: the signature is refused, or accepted with evidence that verifies after the freeze")
    void freezeRacesSignature() throws Exception {
        UnaryOperator<MobileShields.Builder> p = policies(PinPolicy.seed004(), BindingPolicy.defaults());
        World a = new World(p, persistenceForNode(0));
        PausingPersistence bStore = new PausingPersistence(persistenceForNode(1));
        World b = World.secondNode(a, bStore, p);
        nodes.add(a);
        nodes.add(b);
        ShieldDetails d = a.open(BOSS, "race-dev-9", "acct-boss", "135790");
        java.time.Instant start = a.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(60);
        a.clock.set(start.plusMillis(100));
        io.mshield.transaction.Transaction t = new io.mshield.transaction.Transaction("race-freeze-1", io.mshield.limit.Scenario.TRANSFER,
                io.mshield.limit.Money.cny("50.00"), new io.mshield.transaction.Party("厦门测试有限公司", "6222000000000001", "厦门银行"),
                java.util.Optional.of(new io.mshield.transaction.Party("上海供应商有限公司", "6222000000000002", "工商银行")), List.of(),
                "mobile", "转账 50.00 元");
        io.mshield.transaction.Authorization.Allowed open = (io.mshield.transaction.Authorization.Allowed)
                a.sdk.transactions().authorize(d.number(), t, io.mshield.transaction.Authenticator.SHIELD);
        byte[] signature = a.deviceSign(d.number(), open.signedContent());
        PinProof pin = a.pin(d.number(), "135790");

        // B freezes at .500: its transaction has put the hold on the certificate and is about to write the shield
        a.clock.set(start.plusMillis(500));
        bStore.pauseBeforeUpdateOf("shields");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<ShieldDetails> freeze = pool.submit(() -> b.sdk.administration().freeze(d.number(), World.staff("t-9")));
            bStore.awaitPaused(30);
            // two seconds later A completes the payment while B's freeze has not committed
            a.clock.set(start.plusSeconds(2).plusMillis(500));
            java.util.concurrent.Future<io.mshield.transaction.SignatureReceipt> sign = pool.submit(() ->
                    a.sdk.transactions().complete(open.id(), signature, java.util.Optional.of(pin)));
            try {
                sign.get(3, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException stillWaiting) {
                // a store that runs one transaction at a time (in memory) holds A until B commits
            }
            bStore.resume();
            assertThat(freeze.get(60, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(ShieldStatus.FROZEN);
            io.mshield.transaction.SignatureReceipt accepted;
            try {
                accepted = sign.get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOfSatisfying(ShieldException.class,
                        x -> assertThat(x.code()).isEqualTo(ErrorCode.SHIELD_FROZEN));
                assertThat(a.sdk.signatures().history(d.number(), 0, 10)).isEmpty();
                return;
            }
            // accepted: then it came first, and the hold is dated after its time-stamp
            io.mshield.crypto.SignatureVerification v = a.sdk.signatures().verifyEvidence(
                    a.sdk.signatures().evidence(accepted.record().id()).orElseThrow());
            assertThat(v.failure()).as("why the accepted signature's evidence fails").isEmpty();
            assertThat(v.valid()).isTrue();
            io.mshield.crypto.RevocationStatus hold = a.statusOf(d);
            assertThat(hold.reason()).contains(io.mshield.certificate.RevocationReason.CERTIFICATE_HOLD);
            assertThat(hold.revokedAt().orElseThrow()).isAfter(v.checkedAt().orElseThrow());
            assertThat(b.sdk.audit().verify().intact()).isTrue();
        } finally {
            bStore.resume();
            pool.shutdownNow();
        }
    }
}
