package io.mshield.core.rules;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.audit.AuditEntry;
import io.mshield.core.MobileShields;
import io.mshield.core.fixtures.World;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.twoparty.Sm2TwoPartyPhone;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.limit.CumulativeLimits;
import io.mshield.limit.Money;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinPolicy;
import io.mshield.pin.PinProof;
import io.mshield.pin.RoundProof;
import io.mshield.shield.ShieldStatus;
import io.mshield.transaction.SignatureReceipt;
import io.mshield.signature.SignatureRecord;
import io.mshield.transaction.Authorization;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.rules.CollaborativeHolder.PIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bank's rules for COLLABORATIVE rounds (R5, R10.6, issue COSIGN-PIN), through the public API on
 * the real crypto ({@link BouncyCastleCrypto}, two-party SM2): each round that needs the bank's share
 * first proves the PIN and counts the attempt; the co-sign counter must grow but not run away; a
 * payment's attempt stays counted until its joint signature verifies; a lock is lifted only by the
 * bank's staff, keeping the PIN.
 */
class CollaborativeRoundsTest {
    private static final BouncyCastleCrypto CRYPTO = BouncyCastleCrypto.create();
    private static final String WRONG = "246801";
    private static final Actor STAFF = World.staff("s-1");

    private static CollaborativeHolder open(PinPolicy policy) {
        return open(b -> b.pinPolicy(policy));
    }

    private static CollaborativeHolder open(UnaryOperator<MobileShields.Builder> configure) {
        World w = new World(b -> configure.apply(b.crypto(CRYPTO).coolingOff(CoolingOffPolicy.none()).pinPolicy(PinPolicy.seed002())));
        CollaborativeHolder h = new CollaborativeHolder(w, World.BOSS, "acct-boss");
        h.open("phone-c");
        return h;
    }

    private static ShieldException refusal(Executable call) {
        return org.junit.jupiter.api.Assertions.assertThrows(ShieldException.class, call);
    }

    /** A wrong PIN in a payment round: refused with the attempts left. */
    private static int wrongPaymentRound(CollaborativeHolder h) {
        Authorization.Allowed a = h.authorize("1.00");
        ShieldException e = refusal(() -> h.world.sdk.transactions().coSign(a.id(), h.proof(WRONG), h.phone.startRound().q1()));
        assertThat(e.code()).isEqualTo(ErrorCode.PIN_INCORRECT);
        h.world.sdk.transactions().cancel(a.id());
        return e.attemptsLeft().orElseThrow();
    }

    private static List<AuditEntry> audit(CollaborativeHolder h, String action) {
        return h.world.sdk.audit().read(1, 1000).stream().filter(e -> e.action().equals(action)).toList();
    }

    private static ShieldStatus status(CollaborativeHolder h) {
        return h.world.sdk.shields().details(h.shield.number()).status();
    }

    @Test
    @DisplayName("a payment is co-signed only after its PIN round, and its joint signature is accepted, recorded and verifies")
    void paymentAfterPinRound() {
        CollaborativeHolder h = open(PinPolicy.seed002());
        SignatureReceipt receipt = h.pay("12.34", PIN);
        assertThat(receipt.record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        assertThat(receipt.record().amount()).contains(Money.cny("12.34"));
        assertThat(h.world.sdk.signatures().history(h.shield.number(), 0, 10)).extracting(SignatureRecord::id)
                .containsExactly(receipt.record().id());
        var evidence = h.world.sdk.signatures().evidence(receipt.record().id()).orElseThrow();
        assertThat(h.world.sdk.signatures().verifyEvidence(evidence).valid()).isTrue();
        assertThat(audit(h, "cosign.payment")).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo(h.shield.number().value());
            assertThat(e.details()).containsEntry("counter", Long.toString(h.counter));
        });
        assertThat(audit(h, "cosign.certificate_request")).hasSize(1);
        assertThat(h.world.sdk.audit().verify().intact()).isTrue();
    }

    @Test
    @DisplayName("wrong PINs in rounds count down to a lock; only bank staff lift it, keeping the PIN, and the count starts afresh")
    void wrongPinsLockUntilTheBankUnlocks() {
        CollaborativeHolder h = open(PinPolicy.seed002());
        for (int left = 5; left >= 1; left--) {
            assertThat(wrongPaymentRound(h)).isEqualTo(left);
        }
        assertThat(status(h)).isEqualTo(ShieldStatus.ACTIVE);
        Authorization.Allowed a = h.authorize("1.00");
        refused(ErrorCode.PIN_LOCKED, () -> h.world.sdk.transactions().coSign(a.id(), h.proof(WRONG), h.phone.startRound().q1()));
        assertThat(status(h)).isEqualTo(ShieldStatus.LOCKED);
        assertThat(audit(h, "pin.rejected")).hasSize(6);
        // the right PIN does not get through a lock, and is not counted
        refused(ErrorCode.PIN_LOCKED, () -> h.world.sdk.shields().openEnvelopeHalf(h.shield.number(), h.proof(PIN), h.phone.startRound().q1()));
        assertThat(h.authorizeTransfer("1.00")).isInstanceOfSatisfying(Authorization.Denied.class,
                d -> assertThat(d.code()).isEqualTo(ErrorCode.PIN_LOCKED));

        refused(ErrorCode.FORBIDDEN, () -> h.world.sdk.administration().unlockPin(h.shield.number(), Actor.holder("acct-boss")));
        refused(ErrorCode.FORBIDDEN, () -> h.world.sdk.administration().unlockPin(h.shield.number(), World.legalRep(World.ENTERPRISE)));
        refused(ErrorCode.PIN_RESET_NOT_ALLOWED, () -> h.world.sdk.administration().resetPin(h.shield.number(), STAFF,
                h.block(h.world.sdk.shields().pinChallenge(h.shield.number()), "582946")));
        assertThat(h.world.sdk.administration().unlockPin(h.shield.number(), STAFF).status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(audit(h, "shield.pin_unlocked")).singleElement().satisfies(e -> assertThat(e.details())
                .containsEntry("from", "LOCKED").containsEntry("to", "ACTIVE"));
        assertThat(h.pay("5.00", PIN).record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        assertThat(wrongPaymentRound(h)).isEqualTo(5);
    }

    @Test
    @DisplayName("only a locked COLLABORATIVE shield is unlocked, and only where the policy lets the bank reset")
    void unlockRules() {
        CollaborativeHolder h = open(PinPolicy.seed002());
        refused(ErrorCode.ILLEGAL_STATE, () -> h.world.sdk.administration().unlockPin(h.shield.number(), STAFF));
        assertThat(status(h)).isEqualTo(ShieldStatus.ACTIVE);

        CollaborativeHolder strict = open(PinPolicy.seed001());
        for (int left = 4; left >= 1; left--) {
            assertThat(wrongPaymentRound(strict)).isEqualTo(left);
        }
        Authorization.Allowed a = strict.authorize("1.00");
        refused(ErrorCode.PIN_LOCKED, () -> strict.world.sdk.transactions().coSign(a.id(), strict.proof(WRONG), strict.phone.startRound().q1()));
        refused(ErrorCode.PIN_RESET_NOT_ALLOWED, () -> strict.world.sdk.administration().unlockPin(strict.shield.number(), STAFF));
        assertThat(status(strict)).isEqualTo(ShieldStatus.LOCKED);
    }

    @Test
    @DisplayName("a right PIN in a round that releases its attempt (envelope) or a verified payment resets the count")
    void rightRoundsResetTheCount() {
        CollaborativeHolder h = open(PinPolicy.seed002());
        assertThat(wrongPaymentRound(h)).isEqualTo(5);
        assertThat(wrongPaymentRound(h)).isEqualTo(4);
        byte[] secret = "content key 0123456789".getBytes(StandardCharsets.UTF_8);
        byte[] envelope = h.world.sdk.shields().sealEnvelope(h.shield.number(), secret);
        byte[] t2 = h.world.sdk.shields().openEnvelopeHalf(h.shield.number(), h.proof(PIN), h.phone.decryptStart(h.share, envelope));
        assertThat(h.phone.decryptFinish(envelope, t2)).isEqualTo(secret);
        assertThat(audit(h, "envelope.half_opened")).hasSize(1);
        assertThat(wrongPaymentRound(h)).isEqualTo(5);
        assertThat(wrongPaymentRound(h)).isEqualTo(4);
        h.pay("3.00", PIN);
        assertThat(wrongPaymentRound(h)).isEqualTo(5);
    }

    @Test
    @DisplayName("a payment round keeps its attempt counted until its joint signature verifies")
    void paymentRoundHoldsItsAttempt() {
        CollaborativeHolder h = open(PinPolicy.seed002());
        Authorization.Allowed a = h.authorize("2.00");
        Sm2TwoPartyPhone.Round round = h.phone.startRound();
        CollaborativeSm2.CoSignature c = h.world.sdk.transactions().coSign(a.id(), h.proof(PIN), round.q1());
        // while it waits for its signature, the round's attempt is still counted
        assertThat(wrongPaymentRound(h)).isEqualTo(4);
        h.world.sdk.transactions().complete(a.id(), h.finish(round, c), Optional.empty());
        assertThat(wrongPaymentRound(h)).isEqualTo(5);
    }

    @Test
    @DisplayName("a PIN challenge round holds its attempt until the joint signature is checked, and its challenge answers once")
    void pinChallengeRound() {
        CollaborativeHolder h = open(PinPolicy.seed002());
        assertThat(h.proveAndCheck(PIN)).isInstanceOf(PinCheck.Accepted.class);
        assertThat(audit(h, "cosign.pin_challenge")).hasSize(1);
        assertThat(audit(h, "pin.accepted")).hasSize(1);

        PinChallenge ch = h.world.sdk.shields().pinChallenge(h.shield.number());
        Sm2TwoPartyPhone.Round round = h.phone.startRound();
        CollaborativeSm2.CoSignature c = h.world.sdk.shields().coSignPinChallenge(h.shield.number(), new RoundProof(h.block(ch, PIN), ++h.counter),
                round.q1());
        assertThat(wrongPaymentRound(h)).as("the co-signed challenge's attempt is still counted").isEqualTo(4);
        byte[] sig = h.finish(round, c);
        assertThat(h.world.sdk.shields().checkPin(h.shield.number(), new PinProof.JointSignature(ch.id(), sig))).isInstanceOf(PinCheck.Accepted.class);
        assertThat(wrongPaymentRound(h)).isEqualTo(5);
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> h.world.sdk.shields().checkPin(h.shield.number(), new PinProof.JointSignature(ch.id(), sig)));

        // a wrong PIN uses the challenge up: the right PIN cannot be tried on it again
        PinChallenge used = h.world.sdk.shields().pinChallenge(h.shield.number());
        refused(ErrorCode.PIN_INCORRECT, () -> h.world.sdk.shields().coSignPinChallenge(h.shield.number(),
                new RoundProof(h.block(used, WRONG), ++h.counter), h.phone.startRound().q1()));
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> h.world.sdk.shields().coSignPinChallenge(h.shield.number(),
                new RoundProof(h.block(used, PIN), ++h.counter), h.phone.startRound().q1()));
        // a challenge that no round co-signed proves nothing
        PinChallenge fresh = h.world.sdk.shields().pinChallenge(h.shield.number());
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> h.world.sdk.shields().checkPin(h.shield.number(), new PinProof.JointSignature(fresh.id(), sig)));
        // and a COLLABORATIVE shield never proves its PIN by a block alone
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> h.world.sdk.shields().checkPin(h.shield.number(), h.block(fresh, PIN)));
    }

    @Test
    @DisplayName("a joint signature that does not verify closes the authorization, counts as a wrong PIN and gives the limits back")
    void failingSignatureIsATerminalAbort() {
        CollaborativeHolder h = open(b -> b.pinPolicy(PinPolicy.seed002())
                .cumulativeLimits(CumulativeLimits.builder().dailyPerShield(Money.cny("100.00")).build()));
        Authorization.Allowed a = h.authorize("60.00");
        Sm2TwoPartyPhone.Round round = h.phone.startRound();
        CollaborativeSm2.CoSignature c = h.world.sdk.transactions().coSign(a.id(), h.proof(PIN), round.q1());
        assertThat(h.authorizeTransfer("60.00")).as("the first payment holds 60 of the 100")
                .isInstanceOfSatisfying(Authorization.Denied.class, d -> assertThat(d.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
        byte[] sig = h.finish(round, c);
        sig[sig.length - 1] ^= 1;
        ShieldException e = refusal(() -> h.world.sdk.transactions().complete(a.id(), sig, Optional.empty()));
        assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID);
        assertThat(e.attemptsLeft()).hasValue(5);
        assertThat(h.world.sdk.signatures().history(h.shield.number(), 0, 10)).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(SignatureRecord.Outcome.REJECTED));
        assertThat(audit(h, "pin.rejected")).singleElement().satisfies(x -> assertThat(x.details()).containsEntry("failures", "1"));
        refused(ErrorCode.CHALLENGE_INVALID, () -> h.world.sdk.transactions().complete(a.id(), h.finish(round, c), Optional.empty()));
        // the held 60 came back: another 60 fits in the day's 100
        assertThat(h.pay("60.00", PIN).record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        assertThat(wrongPaymentRound(h)).isEqualTo(5);
    }

    @Test
    @DisplayName("failing joint signatures up to the limit lock the shield")
    void failingSignaturesLock() {
        CollaborativeHolder h = open(PinPolicy.builder().maxAttempts(2).lockoutAction(io.mshield.pin.LockoutAction.LOCK_UNTIL_BANK_RESET)
                .allowBankReset(true).build());
        for (int i = 1; i <= 2; i++) {
            Authorization.Allowed a = h.authorize("1.00");
            Sm2TwoPartyPhone.Round round = h.phone.startRound();
            CollaborativeSm2.CoSignature c = h.world.sdk.transactions().coSign(a.id(), h.proof(PIN), round.q1());
            byte[] sig = h.finish(round, c);
            sig[sig.length - 1] ^= 1;
            ShieldException e = refusal(() -> h.world.sdk.transactions().complete(a.id(), sig, Optional.empty()));
            if (i == 1) {
                assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID);
                assertThat(e.attemptsLeft()).hasValue(1);
                assertThat(status(h)).isEqualTo(ShieldStatus.ACTIVE);
            } else {
                assertThat(e.code()).isEqualTo(ErrorCode.PIN_LOCKED);
                assertThat(status(h)).isEqualTo(ShieldStatus.LOCKED);
            }
        }
    }

    @Test
    @DisplayName("complete needs a waiting co-sign round and no PIN block; a second round for one authorization is refused uncounted")
    void completeNeedsItsRound() {
        CollaborativeHolder h = open(PinPolicy.seed002());
        Authorization.Allowed a = h.authorize("4.00");
        refused(ErrorCode.CHALLENGE_INVALID, () -> h.world.sdk.transactions().complete(a.id(), new byte[64], Optional.empty()));
        Sm2TwoPartyPhone.Round round = h.phone.startRound();
        CollaborativeSm2.CoSignature c = h.world.sdk.transactions().coSign(a.id(), h.proof(PIN), round.q1());
        refused(ErrorCode.CHALLENGE_INVALID, () -> h.world.sdk.transactions().coSign(a.id(), h.proof(PIN), h.phone.startRound().q1()));
        byte[] sig = h.finish(round, c);
        refused(ErrorCode.INVALID_ARGUMENT, () -> h.world.sdk.transactions().complete(a.id(), sig,
                Optional.of(h.block(h.world.sdk.shields().pinChallenge(h.shield.number()), PIN))));
        refused(ErrorCode.ILLEGAL_STATE, () -> h.world.sdk.transactions().signHosted(a.id(),
                h.block(h.world.sdk.shields().pinChallenge(h.shield.number()), PIN)));
        assertThat(h.world.sdk.transactions().complete(a.id(), sig, Optional.empty()).record().outcome())
                .isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        refused(ErrorCode.CHALLENGE_INVALID, () -> h.world.sdk.transactions().complete(a.id(), sig, Optional.empty()));
        assertThat(wrongPaymentRound(h)).as("only the wrong PIN counted").isEqualTo(5);
    }

    @Test
    @DisplayName("a co-sign counter that does not grow freezes the shield as a possible clone")
    void counterGoingBackFreezes() {
        CollaborativeHolder h = open(PinPolicy.seed002());
        h.pay("1.00", PIN);
        long last = h.counter;
        Authorization.Allowed a = h.authorize("1.00");
        refused(ErrorCode.CLONE_SUSPECTED, () -> h.world.sdk.transactions().coSign(a.id(), h.proof(PIN, last), h.phone.startRound().q1()));
        assertThat(status(h)).isEqualTo(ShieldStatus.FROZEN);
        assertThat(audit(h, "shield.clone_suspected")).singleElement().satisfies(e -> assertThat(e.details())
                .containsEntry("echoedCounter", Long.toString(last)).containsEntry("lastCounter", Long.toString(last)));
        assertThat(h.authorizeTransfer("1.00")).isInstanceOfSatisfying(Authorization.Denied.class,
                d -> assertThat(d.code()).isEqualTo(ErrorCode.SHIELD_FROZEN));
        // the bank froze it: the enterprise cannot lift it, bank staff can
        refused(ErrorCode.FORBIDDEN, () -> h.world.sdk.administration().unfreeze(h.shield.number(), World.legalRep(World.ENTERPRISE)));
        h.world.sdk.administration().unfreeze(h.shield.number(), STAFF);
        assertThat(h.pay("1.00", PIN).record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
    }

    @Test
    @DisplayName("a co-sign counter more than 1,000 ahead is refused, not counted and not stored; exactly 1,000 ahead is accepted")
    void counterWindow() {
        CollaborativeHolder h = open(PinPolicy.seed002());
        long last = h.counter;
        Authorization.Allowed a = h.authorize("1.00");
        refused(ErrorCode.COSIGN_COUNTER_INVALID, () -> h.world.sdk.transactions().coSign(a.id(), h.proof(PIN, last + 1001), h.phone.startRound().q1()));
        assertThat(status(h)).isEqualTo(ShieldStatus.ACTIVE);
        // not stored: the next counter after the last accepted one still works
        Sm2TwoPartyPhone.Round round = h.phone.startRound();
        CollaborativeSm2.CoSignature c = h.world.sdk.transactions().coSign(a.id(), h.proof(PIN, last + 1), round.q1());
        h.world.sdk.transactions().complete(a.id(), h.finish(round, c), Optional.empty());
        h.counter = last + 1 + 1000;
        Authorization.Allowed b = h.authorize("1.00");
        Sm2TwoPartyPhone.Round round2 = h.phone.startRound();
        CollaborativeSm2.CoSignature c2 = h.world.sdk.transactions().coSign(b.id(), h.proof(PIN, h.counter), round2.q1());
        assertThat(h.world.sdk.transactions().complete(b.id(), h.finish(round2, c2), Optional.empty()).record().outcome())
                .isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        assertThat(audit(h, "cosign.payment")).extracting(e -> e.details().get("counter"))
                .containsExactly(Long.toString(last + 1), Long.toString(last + 1001));
        assertThat(wrongPaymentRound(h)).as("the refused round was not counted").isEqualTo(5);
    }

    @Test
    @DisplayName("a frozen or lost shield's rounds are refused before anything is counted")
    void heldShieldRefusesRounds() {
        CollaborativeHolder h = open(PinPolicy.seed002());
        Authorization.Allowed a = h.authorize("1.00");
        h.world.sdk.administration().freeze(h.shield.number(), STAFF);
        refused(ErrorCode.SHIELD_FROZEN, () -> h.world.sdk.transactions().coSign(a.id(), h.proof(PIN), h.phone.startRound().q1()));
        refused(ErrorCode.SHIELD_FROZEN, () -> h.world.sdk.shields().coSignPinChallenge(h.shield.number(), h.proof(PIN), h.phone.startRound().q1()));
        h.world.sdk.administration().unfreeze(h.shield.number(), STAFF);
        h.world.sdk.administration().reportLoss(h.shield.number(), Actor.holder("acct-boss"));
        refused(ErrorCode.SHIELD_LOST, () -> h.world.sdk.shields().openEnvelopeHalf(h.shield.number(), h.proof(PIN), h.phone.startRound().q1()));
        h.world.sdk.administration().cancelLoss(h.shield.number(), Actor.holder("acct-boss"));
        assertThat(wrongPaymentRound(h)).isEqualTo(5);
        assertThat(audit(h, "pin.rejected")).hasSize(1);
    }
}
