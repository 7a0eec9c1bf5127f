package io.mshield.samples;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.MobileShield;
import io.mshield.ShieldException;
import io.mshield.core.MobileShields;
import io.mshield.core.persistence.memory.InMemoryPersistence;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.twoparty.Sm2TwoPartyPhone;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinPolicy;
import io.mshield.pin.PinProof;
import io.mshield.pin.RoundProof;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import io.mshield.signature.SignatureRecord;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.Party;
import io.mshield.transaction.Transaction;
import io.mshield.transaction.SignatureReceipt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static io.mshield.samples.CollaborativeFixture.PIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * COLLABORATIVE custody end to end on the real crypto: the PIN registered under the policy, each
 * round's PIN block checked and counted before the bank computes anything from its share, the CSR's
 * proof of possession and payments co-signed, terminal aborts, envelopes, and a copied share
 * caught by the co-sign counter.
 */
class CollaborativeCustodyTest {
    private static final BouncyCastleCrypto CRYPTO = CollaborativeFixture.crypto();
    private final DemoBank bank = new DemoBank(new PrintStream(OutputStream.nullOutputStream()));
    private MobileShield sdk = build(PinPolicy.seed001());
    private CollaborativeFixture f = new CollaborativeFixture(sdk, bank, 1000);

    private MobileShield build(PinPolicy policy) {
        return MobileShields.builder().persistence(new InMemoryPersistence()).crypto(CRYPTO)
                .smsSender(bank).faceVerifier(bank).identityRegistry(bank).hardwareKeys(bank)
                .pinPolicy(policy).coolingOff(CoolingOffPolicy.none()).build();
    }

    private static void refused(ErrorCode code, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static void wrongPin(int left, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ShieldException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PIN_INCORRECT);
            assertThat(e.attemptsLeft()).hasValue(left);
        });
    }

    @Test
    @DisplayName("R10.6 a COLLABORATIVE shield opens with a co-signed CSR and its payments verify as ordinary SM2 signatures")
    void opensAndSigns() {
        ShieldDetails d = f.open();
        assertThat(d.custody()).isEqualTo(CustodyMode.COLLABORATIVE);
        assertThat(d.status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(f.proveAndCheck(PIN)).isInstanceOf(PinCheck.Accepted.class);
        SignatureReceipt r = f.pay("999999.99", PIN);
        var evidence = sdk.signatures().evidence(r.record().id()).orElseThrow();
        assertThat(CRYPTO.signatures().verify(f.jointKey, SignatureScheme.SM2_SM3, evidence.content(), r.record().signature())).isTrue();
        assertThat(sdk.signatures().verifyEvidence(evidence).valid()).isTrue();
    }

    @Test
    @DisplayName("R5.3 R10.6 each round's PIN block is counted before the bank co-signs; a right PIN resets the count; the limit locks")
    void wrongPinsAreCountedByTheBank() {
        ShieldDetails d = f.open();
        wrongPin(4, () -> f.proveAndCheck("000000"));
        wrongPin(3, () -> f.pay("10.00", "111111"));
        assertThat(f.proveAndCheck(PIN)).as("a right PIN resets the count").isInstanceOf(PinCheck.Accepted.class);
        for (int i = 0; i < 4; i++) {
            wrongPin(4 - i, () -> f.proveAndCheck("222220"));
        }
        refused(ErrorCode.PIN_LOCKED, () -> f.proveAndCheck("333333"));
        assertThat(sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.LOCKED);
        refused(ErrorCode.PIN_LOCKED, () -> f.proveAndCheck(PIN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"001", "002", "003", "004"})
    @DisplayName("R5.2 R10.6 every PIN preset moves a COLLABORATIVE shield to LOCKED at its limit, and the bank's reset works where the preset allows it")
    void everyPreset(String seed) {
        PinPolicy policy = switch (seed) {
            case "001" -> PinPolicy.seed001();
            case "002" -> PinPolicy.seed002();
            case "003" -> PinPolicy.seed003();
            default -> PinPolicy.seed004();
        };
        sdk = build(policy);
        f = new CollaborativeFixture(sdk, bank, 1000);
        ShieldDetails d = f.open();
        for (int i = 1; i < policy.maxAttempts(); i++) {
            wrongPin(policy.maxAttempts() - i, () -> f.pay("1.00", "000001"));
        }
        refused(ErrorCode.PIN_LOCKED, () -> f.proveAndCheck("999999"));
        assertThat(sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.LOCKED);
        if (policy.allowBankReset()) {
            assertThat(sdk.administration().unlockPin(d.number(), Actor.bankStaff("teller-1", "xm-0592", "idv-1")).status()).isEqualTo(ShieldStatus.ACTIVE);
            assertThat(f.pay("2.00", PIN).record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        } else {
            refused(ErrorCode.PIN_RESET_NOT_ALLOWED, () -> sdk.administration().unlockPin(d.number(), Actor.bankStaff("teller-1", "xm-0592", "idv-1")));
        }
    }

    @Test
    @DisplayName("R10.6 terminal abort: a final signature that fails closes the authorization, counts as a wrong PIN, and the limit locks")
    void terminalAborts() {
        ShieldDetails d = f.open();
        Authorization.Allowed a = f.authorize("3.00");
        Sm2TwoPartyPhone.Round round = f.phone.startRound();
        CollaborativeSm2.CoSignature c = sdk.transactions().coSign(a.id(), f.proof(PIN), round.q1());
        byte[] bad = f.phone.finish(f.share("000000"), round, c.r(), c.s2(), c.s3());
        assertThatThrownBy(() -> sdk.transactions().complete(a.id(), bad, Optional.empty())).isInstanceOfSatisfying(ShieldException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID);
            assertThat(e.attemptsLeft()).hasValue(4);
        });
        byte[] good = f.phone.finish(f.share(PIN), round, c.r(), c.s2(), c.s3());
        refused(ErrorCode.CHALLENGE_INVALID, () -> sdk.transactions().complete(a.id(), good, Optional.empty()));
        refused(ErrorCode.CHALLENGE_INVALID, () -> sdk.transactions().coSign(a.id(), f.proof(PIN), f.phone.startRound().q1()));
        for (int i = 0; i < 4; i++) {
            Authorization.Allowed b = f.authorize("4.0" + i);
            Sm2TwoPartyPhone.Round r = f.phone.startRound();
            CollaborativeSm2.CoSignature cb = sdk.transactions().coSign(b.id(), f.proof(PIN), r.q1());
            byte[] sig = f.phone.finish(f.share("000000"), r, cb.r(), cb.s2(), cb.s3());
            assertThatThrownBy(() -> sdk.transactions().complete(b.id(), sig, Optional.empty())).isInstanceOf(ShieldException.class);
        }
        assertThat(sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.LOCKED);
    }

    @Test
    @DisplayName("R2.4 R3.3 a COLLABORATIVE PIN is held to the policy's format and strength at enrollment and at every change")
    void pinPolicy() {
        MobileShield other = build(PinPolicy.seed001());
        CollaborativeFixture g = new CollaborativeFixture(other, bank, 1000);
        EnrollmentSession s = g.upToAuthentication("phone-w");
        refused(ErrorCode.INVALID_ARGUMENT, () -> other.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.empty()));
        refused(ErrorCode.WEAK_PIN, () -> other.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN,
                Optional.of(g.block(other.enrollment().pinChallenge(s.id()), "123456"))));
        refused(ErrorCode.INVALID_PIN_FORMAT, () -> other.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN,
                Optional.of(g.block(other.enrollment().pinChallenge(s.id()), "1357"))));
        ShieldDetails d = f.open();
        Actor holder = Actor.holder("acct-phone-c");
        refused(ErrorCode.WEAK_PIN, () -> sdk.shields().changePin(d.number(), holder, jointProof(PIN),
                Optional.of(f.block(sdk.shields().pinChallenge(d.number()), "111111"))));
        sdk.shields().changePin(d.number(), holder, jointProof(PIN), Optional.of(f.block(sdk.shields().pinChallenge(d.number()), "246813")));
        f.stored = io.mshield.crypto.twoparty.MaskedShare.mask(f.share(PIN).d1(), "246813".toCharArray(), new byte[16], 1000);
        wrongPin(4, () -> f.pay("5.00", PIN));
        assertThat(f.pay("5.00", "246813").record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
    }

    private PinProof.JointSignature jointProof(String pin) {
        var ch = sdk.shields().pinChallenge(f.shield.number());
        Sm2TwoPartyPhone.Round round = f.phone.startRound();
        CollaborativeSm2.CoSignature c = sdk.shields().coSignPinChallenge(f.shield.number(), new RoundProof(f.block(ch, pin), ++f.counter), round.q1());
        return new PinProof.JointSignature(ch.id(), f.phone.finish(f.share(pin), round, c.r(), c.s2(), c.s3()));
    }

    @Test
    @DisplayName("R6.4 COLLABORATIVE: a joint signature over one payment is refused for a payment with another payee")
    void tamperedPayee() {
        f.open();
        Authorization.Allowed a = f.authorize("50.00");
        Authorization.Allowed b = f.authorize("50.00");
        Sm2TwoPartyPhone.Round ra = f.phone.startRound();
        CollaborativeSm2.CoSignature ca = sdk.transactions().coSign(a.id(), f.proof(PIN), ra.q1());
        byte[] sigA = f.phone.finish(f.share(PIN), ra, ca.r(), ca.s2(), ca.s3());
        sdk.transactions().coSign(b.id(), f.proof(PIN), f.phone.startRound().q1());
        refused(ErrorCode.SIGNATURE_INVALID, () -> sdk.transactions().complete(b.id(), sigA, Optional.empty()));
        assertThat(sdk.transactions().complete(a.id(), sigA, Optional.empty()).record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
    }

    @Test
    @DisplayName("R7.4 a digital envelope sealed to a COLLABORATIVE shield opens only jointly, and only after the round's PIN block")
    void envelopes() {
        ShieldDetails d = f.open();
        byte[] secret = "content key 0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        byte[] envelope = sdk.shields().sealEnvelope(d.number(), secret);
        byte[] t2 = sdk.shields().openEnvelopeHalf(d.number(), f.proof(PIN), f.phone.decryptStart(f.share(PIN), envelope));
        assertThat(f.phone.decryptFinish(envelope, t2)).isEqualTo(secret);
        wrongPin(4, () -> sdk.shields().openEnvelopeHalf(d.number(), f.proof("000000"), f.phone.decryptStart(f.share("000000"), envelope)));
        refused(ErrorCode.INVALID_ARGUMENT, () -> sdk.shields().openEnvelopeHalf(d.number(), f.proof(PIN), new byte[65]));
        assertThat(f.proveAndCheck(PIN)).isInstanceOf(PinCheck.Accepted.class);
    }

    @Test
    @DisplayName("R5.4 bad input: a malformed PIN block, an unknown challenge, a bad point or counter gets its code; the count rises only where a PIN was tried (the bad point's round, the wrong PIN)")
    void badInput() {
        ShieldDetails d = f.open();
        Authorization.Allowed a = f.authorize("6.00");
        var garbage = new RoundProof(new PinProof.EncryptedPin(sdk.shields().pinChallenge(d.number()).id(), new byte[]{1, 2, 3}), ++f.counter);
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> sdk.transactions().coSign(a.id(), garbage, f.phone.startRound().q1()));
        var unknown = new RoundProof(new PinProof.EncryptedPin("0".repeat(32), new byte[]{1}), ++f.counter);
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> sdk.transactions().coSign(a.id(), unknown, f.phone.startRound().q1()));
        refused(ErrorCode.COSIGN_COUNTER_INVALID, () -> new RoundProof(garbage.pin(), 0));
        refused(ErrorCode.COSIGN_COUNTER_INVALID, () -> sdk.transactions().coSign(a.id(), new RoundProof(f.block(sdk.shields().pinChallenge(d.number()), PIN),
                f.counter + 5000), f.phone.startRound().q1()));
        refused(ErrorCode.INVALID_ARGUMENT, () -> sdk.transactions().coSign(a.id(), f.proof(PIN), new byte[65]));
        wrongPin(3, () -> f.proveAndCheck("000000"));
        Sm2TwoPartyPhone.Round round = f.phone.startRound();
        CollaborativeSm2.CoSignature c = sdk.transactions().coSign(a.id(), f.proof(PIN), round.q1());
        assertThat(sdk.transactions().complete(a.id(), f.phone.finish(f.share(PIN), round, c.r(), c.s2(), c.s3()), Optional.empty())
                .record().outcome()).as("the authorization survives the bad inputs").isEqualTo(SignatureRecord.Outcome.ACCEPTED);
    }

    @Test
    @DisplayName("R10.6 a co-sign counter that does not grow, with the right PIN, freezes the shield as a possible clone")
    void cloneDetection() {
        ShieldDetails d = f.open();
        f.pay("1.00", PIN);
        f.counter = 0;
        refused(ErrorCode.CLONE_SUSPECTED, () -> f.pay("2.00", PIN));
        assertThat(sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.FROZEN);
        assertThat(sdk.transactions().authorize(d.number(), new Transaction("ref-3", Scenario.TRANSFER, Money.cny("3.00"),
                new Party("付款方", "6222000000000001", "厦门银行"), Optional.of(new Party("收款方", "6222000000000002", "工商银行")),
                List.of(), "mobile", "转账 3.00 元"), Authenticator.SHIELD)).as("frozen: no further payment is authorized")
                .isInstanceOfSatisfying(Authorization.Denied.class, denied -> assertThat(denied.code()).isEqualTo(ErrorCode.SHIELD_FROZEN));
        refused(ErrorCode.FORBIDDEN, () -> sdk.administration().unfreeze(d.number(),
                Actor.legalRepresentative("zhang", DemoBank.ENTERPRISE, DemoBank.ZHANG)));
        assertThat(sdk.signatures().history(d.number(), 0, 10)).filteredOn(r -> r.outcome() == SignatureRecord.Outcome.ACCEPTED)
                .as("only the payment before the clone was signed").hasSize(1);
    }

    @Test
    @DisplayName("R3.6 R4.3 a COLLABORATIVE shield's forgotten PIN is not reset by the bank, even where the policy allows resets: reissue")
    void collaborativeResetRefused() {
        sdk = build(PinPolicy.seed002());
        f = new CollaborativeFixture(sdk, bank, 1000);
        ShieldDetails d = f.open();
        for (int i = 0; i < 6; i++) {
            String wrong = "00000" + i;
            assertThatThrownBy(() -> f.proveAndCheck(wrong)).isInstanceOf(ShieldException.class);
        }
        assertThat(sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.LOCKED);
        refused(ErrorCode.PIN_RESET_NOT_ALLOWED, () -> sdk.administration().resetPin(d.number(), Actor.bankStaff("teller-1", "xm-0592", "idv-1"),
                new PinProof.EncryptedPin(sdk.shields().pinChallenge(d.number()).id(), new byte[64])));
        assertThat(sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.LOCKED);
    }
}
