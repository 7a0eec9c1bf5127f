package io.mshield.samples;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.MobileShield;
import io.mshield.ShieldException;
import io.mshield.core.MobileShields;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.twoparty.MaskedShare;
import io.mshield.crypto.twoparty.Sm2TwoPartyPhone;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.persistence.Persistence;
import io.mshield.pin.LockoutAction;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinPolicy;
import io.mshield.pin.RoundProof;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import io.mshield.signature.SignatureRecord;
import io.mshield.transaction.Authorization;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.jce.interfaces.ECPublicKey;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.mshield.samples.CollaborativeFixture.PIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue COSIGN-PIN: the attacks on COLLABORATIVE custody, one test each, on the real crypto
 * ({@link BouncyCastleCrypto}) through the public API, run on every store by a subclass. The thief
 * holds a copy of the phone's whole storage (the masked share, salt and iterations), the shield's
 * public key, and everything the bank answers to rounds he starts himself; he does not know the PIN.
 * The offline searches run over 10,000 PINs that include the right one, with PBKDF2 reduced to
 * {@value #ITERATIONS} iterations so that a search that could succeed would, within the test.
 */
abstract class AbstractCollaborativeAttackTest {
    static final int ITERATIONS = 10;
    private static final int SLICE_FROM = 130_000;
    private static final int SLICE_SIZE = 10_000;
    private static final X9ECParameters SM2 = GMNamedCurves.getByName("sm2p256v1");
    private static final BouncyCastleCrypto CRYPTO = CollaborativeFixture.crypto();

    private final DemoBank bank = new DemoBank(new PrintStream(OutputStream.nullOutputStream()));
    private Persistence persistence;
    private MobileShield sdk;
    private CollaborativeFixture holder;

    /**
     * A fresh, empty store.
     *
     * @return the store
     */
    protected abstract Persistence newPersistence();

    @BeforeEach
    void open() {
        start(PinPolicy.builder().maxAttempts(20).lockoutAction(LockoutAction.LOCK_UNTIL_BANK_RESET).build());
    }

    private void start(PinPolicy policy) {
        if (persistence != null) {
            persistence.close();
        }
        persistence = newPersistence();
        sdk = MobileShields.builder().persistence(persistence).crypto(CRYPTO).smsSender(bank).faceVerifier(bank).identityRegistry(bank)
                .hardwareKeys(bank).pinPolicy(policy).coolingOff(CoolingOffPolicy.none()).build();
        holder = new CollaborativeFixture(sdk, bank, ITERATIONS);
        holder.open();
    }

    @AfterEach
    void close() {
        persistence.close();
    }

    /** What a round the thief started brought back from the bank. */
    private record Transcript(BigInteger e, Sm2TwoPartyPhone.Round round, CollaborativeSm2.CoSignature answer) {
    }

    /** The thief: the copied storage, a counter of his choice, PIN guesses. */
    private final class Thief {
        final MaskedShare copy = holder.stored;
        final Sm2TwoPartyPhone phone = new Sm2TwoPartyPhone(holder.random, CollaborativeFixture.USER_ID);
        final List<Transcript> transcripts = new ArrayList<>();
        final List<ShieldException> refusals = new ArrayList<>();
        long counter = 500;

        RoundProof guess(String pin) {
            return new RoundProof(holder.block(sdk.shields().pinChallenge(holder.shield.number()), pin), ++counter);
        }

        void paymentRound(String pin, byte[] q1Override) {
            Authorization.Allowed a = holder.authorize("9.99");
            Sm2TwoPartyPhone.Round round = q1Override == null ? phone.startRound() : null;
            byte[] q1 = round != null ? round.q1() : q1Override;
            try {
                CollaborativeSm2.CoSignature c = sdk.transactions().coSign(a.id(), guess(pin), q1);
                transcripts.add(new Transcript(new BigInteger(1, phone.digest(holder.jointKey, a.signedContent())), round, c));
            } catch (ShieldException e) {
                refusals.add(e);
            }
        }

        void pinChallengeRound(String pin) {
            PinChallenge ch = sdk.shields().pinChallenge(holder.shield.number());
            Sm2TwoPartyPhone.Round round = phone.startRound();
            try {
                CollaborativeSm2.CoSignature c = sdk.shields().coSignPinChallenge(holder.shield.number(),
                        new RoundProof(holder.block(ch, pin), ++counter), round.q1());
                transcripts.add(new Transcript(new BigInteger(1, phone.digest(holder.jointKey, ch.nonce())), round, c));
            } catch (ShieldException e) {
                refusals.add(e);
            }
        }

        /** The offline search: every PIN of the slice against every transcript. */
        List<String> search() {
            List<String> found = new ArrayList<>();
            ECPoint p = point();
            for (int i = 0; i < SLICE_SIZE && !transcripts.isEmpty(); i++) {
                String candidate = String.format("%06d", SLICE_FROM + i);
                Sm2TwoPartyPhone.Share share = Sm2TwoPartyPhone.shareOf(copy.unmask(candidate.toCharArray()));
                for (Transcript t : transcripts) {
                    if (t.round() == null) {
                        continue;
                    }
                    BigInteger s;
                    try {
                        s = Sm2TwoPartyPhone.finishScalar(share, t.round(), t.answer().r(), t.answer().s2(), t.answer().s3());
                    } catch (ShieldException degenerate) {
                        continue;
                    }
                    if (verifies(p, t.e(), t.answer().r(), s)) {
                        found.add(candidate);
                    }
                }
            }
            return found;
        }
    }

    private ECPoint point() {
        try {
            ECPublicKey k = (ECPublicKey) KeyFactory.getInstance("EC", new org.bouncycastle.jce.provider.BouncyCastleProvider())
                    .generatePublic(new X509EncodedKeySpec(holder.jointKey.getEncoded()));
            return SM2.getCurve().importPoint(k.getQ()).normalize();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SM2 verification over a digest e (GB/T 32918.2): R = (e + x1) mod n where (x1, y1) = s·G + (r + s)·P. */
    private static boolean verifies(ECPoint p, BigInteger e, BigInteger r, BigInteger s) {
        BigInteger n = SM2.getN();
        BigInteger t = r.add(s).mod(n);
        if (t.signum() == 0) {
            return false;
        }
        ECPoint x = SM2.getG().multiply(s).add(p.multiply(t)).normalize();
        return !x.isInfinity() && e.add(x.getAffineXCoord().toBigInteger()).mod(n).equals(r);
    }

    private int attemptsLeft() {
        ShieldException last = null;
        try {
            holder.proveAndCheck("000001");
        } catch (ShieldException e) {
            last = e;
        }
        assertThat(last).as("a wrong PIN is refused").isNotNull();
        return last.attemptsLeft().orElse(0);
    }

    private void offlineSearchAfter(int rounds) {
        Thief thief = new Thief();
        for (int i = 0; i < rounds; i++) {
            String guess = String.format("%06d", SLICE_FROM + 1 + i);
            if (i % 2 == 0) {
                thief.paymentRound(guess, null);
            } else {
                thief.pinChallengeRound(guess);
            }
        }
        assertThat(thief.search()).as("the offline search over the slice holding the right PIN").isEmpty();
        assertThat(thief.transcripts).as("nothing computed from d2 reached the thief").isEmpty();
        assertThat(thief.refusals).hasSize(rounds).allSatisfy(e -> assertThat(e.code()).isEqualTo(ErrorCode.PIN_INCORRECT));
        assertThat(attemptsLeft()).as("the bank counted every round and this check").isEqualTo(20 - rounds - 1);
    }

    @Test
    @DisplayName("COSIGN-PIN offline PIN search after 1 round finds nothing")
    void offlinePinSearchAfterOneRound() {
        offlineSearchAfter(1);
    }

    @Test
    @DisplayName("COSIGN-PIN offline PIN search after 2 rounds finds nothing")
    void offlinePinSearchAfterTwoRounds() {
        offlineSearchAfter(2);
    }

    @Test
    @DisplayName("COSIGN-PIN offline PIN search after 10 rounds finds nothing")
    void offlinePinSearchAfterTenRounds() {
        offlineSearchAfter(10);
    }

    @Test
    @DisplayName("COSIGN-PIN envelope oracle: T1 = k·G with a guessed PIN gets no T2 to test d1'⁻¹·T2 = k·P + C1 against")
    void envelopeOracle() {
        Thief thief = new Thief();
        BigInteger k = new BigInteger(255, holder.random).add(BigInteger.ONE);
        ECPoint c1 = SM2.getG().multiply(k).normalize();
        byte[] t2 = null;
        try {
            t2 = sdk.shields().openEnvelopeHalf(holder.shield.number(), thief.guess("130001"), c1.getEncoded(false));
        } catch (ShieldException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.PIN_INCORRECT);
        }
        List<String> found = new ArrayList<>();
        if (t2 != null) {
            ECPoint answer = SM2.getCurve().decodePoint(t2);
            ECPoint expected = point().multiply(k).add(c1).normalize();
            for (int i = 0; i < SLICE_SIZE; i++) {
                String candidate = String.format("%06d", SLICE_FROM + i);
                BigInteger d1 = thief.copy.unmask(candidate.toCharArray());
                if (answer.multiply(d1.modInverse(SM2.getN())).normalize().equals(expected)) {
                    found.add(candidate);
                }
            }
        }
        assertThat(t2).as("no decryption half for a wrong PIN").isNull();
        assertThat(found).isEmpty();
    }

    @Test
    @DisplayName("COSIGN-PIN replayed round: the holder's recorded PIN block and counter get nothing a second time")
    void replayedRound() {
        Authorization.Allowed a = holder.authorize("12.00");
        Sm2TwoPartyPhone.Round round = holder.phone.startRound();
        RoundProof recorded = holder.proof(PIN);
        CollaborativeSm2.CoSignature c = sdk.transactions().coSign(a.id(), recorded, round.q1());
        sdk.transactions().complete(a.id(), holder.phone.finish(holder.share(PIN), round, c.r(), c.s2(), c.s3()), Optional.empty());
        Authorization.Allowed b = holder.authorize("13.00");
        for (RoundProof replay : List.of(recorded, new RoundProof(recorded.pin(), recorded.counter() + 1))) {
            assertThatThrownBy(() -> sdk.transactions().coSign(b.id(), replay, round.q1())).isInstanceOfSatisfying(ShieldException.class,
                    e -> assertThat(e.code()).isIn(ErrorCode.PIN_BLOCK_INVALID, ErrorCode.CLONE_SUSPECTED));
            assertThatThrownBy(() -> sdk.shields().coSignPinChallenge(holder.shield.number(), replay, round.q1()))
                    .isInstanceOf(ShieldException.class);
            assertThatThrownBy(() -> sdk.shields().openEnvelopeHalf(holder.shield.number(), replay, round.q1()))
                    .isInstanceOf(ShieldException.class);
        }
        assertThat(sdk.shields().details(holder.shield.number()).status()).isEqualTo(ShieldStatus.ACTIVE);
    }

    @Test
    @DisplayName("COSIGN-PIN nonce reuse: the same Q1 twice gets the thief nothing, and the holder two answers whose nonces do not combine to d2")
    void nonceReuse() {
        Thief thief = new Thief();
        byte[] q1 = thief.phone.startRound().q1();
        thief.paymentRound("130001", q1);
        thief.paymentRound("130002", q1);
        assertThat(thief.transcripts).isEmpty();
        Sm2TwoPartyPhone.Round same = holder.phone.startRound();
        List<CollaborativeSm2.CoSignature> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Authorization.Allowed a = holder.authorize("1.0" + i);
            answers.add(sdk.transactions().coSign(a.id(), holder.proof(PIN), same.q1()));
        }
        BigInteger n = SM2.getN();
        CollaborativeSm2.CoSignature x = answers.get(0);
        CollaborativeSm2.CoSignature y = answers.get(1);
        assertThat(x.r()).isNotEqualTo(y.r());
        assertThat(x.s2()).as("k3 is fresh each round").isNotEqualTo(y.s2());
        // were k2 reused, d2 = (s3 − s3')/(r − r'); with fresh nonces that value is not the share
        BigInteger d2 = x.s3().subtract(y.s3()).multiply(x.r().subtract(y.r()).modInverse(n)).mod(n);
        BigInteger d1 = holder.share(PIN).d1();
        BigInteger d = d1.multiply(d2).mod(n).modInverse(n).subtract(BigInteger.ONE).mod(n);
        assertThat(SM2.getG().multiply(d).normalize()).isNotEqualTo(point());
    }

    @Test
    @DisplayName("COSIGN-PIN no (r, s2, s3), T2 or CSR co-signature for a round whose PIN is refused, on every kind of round")
    void noCoSignatureForARefusedRound() {
        Thief thief = new Thief();
        thief.paymentRound("130001", null);
        thief.pinChallengeRound("130002");
        assertThat(thief.transcripts).isEmpty();
        assertThat(thief.refusals).extracting(ShieldException::code).containsOnly(ErrorCode.PIN_INCORRECT);
        assertThatThrownBy(() -> sdk.shields().openEnvelopeHalf(holder.shield.number(), thief.guess("130003"),
                SM2.getG().multiply(BigInteger.TEN).getEncoded(false))).isInstanceOfSatisfying(ShieldException.class,
                e -> assertThat(e.attemptsLeft()).hasValue(17));
        CollaborativeFixture other = new CollaborativeFixture(sdk, bank, ITERATIONS);
        sdk.permissions().grant(Actor.superAdministrator("zhang", DemoBank.ENTERPRISE, DemoBank.ZHANG), DemoBank.ENTERPRISE, DemoBank.WANG);
        var s = other.upToAuthentication("phone-2", DemoBank.WANG);
        sdk.enrollment().chooseAuthentication(s.id(), io.mshield.pin.AuthMethod.PIN, Optional.of(other.block(sdk.enrollment().pinChallenge(s.id()), PIN)));
        var share = other.phone.newShare();
        var key = sdk.enrollment().prepareKey(s.id(), new io.mshield.enrollment.KeyProposal.CollaborativeKey(share.p1())).publicKey().orElseThrow();
        byte[] info = other.device.certificationRequestInfo(key, "张三");
        assertThatThrownBy(() -> sdk.enrollment().coSignCertificateRequest(s.id(), info,
                new RoundProof(other.block(sdk.enrollment().pinChallenge(s.id()), "130004"), 1), other.phone.startRound().q1()))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PIN_INCORRECT));
    }

    @Test
    @DisplayName("COSIGN-PIN abandoned rounds: rounds left unfinished up to the limit LOCK the shield (seed 002), and the bank's reset then works")
    void abandonedRounds() {
        start(PinPolicy.seed002());
        for (int i = 0; i < PinPolicy.seed002().maxAttempts(); i++) {
            Authorization.Allowed a = holder.authorize("2.0" + i);
            sdk.transactions().coSign(a.id(), holder.proof(PIN), holder.phone.startRound().q1());
        }
        assertThatThrownBy(() -> holder.pay("3.00", PIN)).isInstanceOfSatisfying(ShieldException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PIN_LOCKED));
        assertThat(sdk.shields().details(holder.shield.number()).status()).isEqualTo(ShieldStatus.LOCKED);
        assertThat(sdk.administration().unlockPin(holder.shield.number(), Actor.bankStaff("teller-1", "xm-0592", "idv-1")).status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(holder.pay("4.00", PIN).record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
    }

    @Test
    @DisplayName("COSIGN-PIN clone-counter abuse: counters sent without the PIN are never stored, so the holder is not frozen")
    void cloneCounterAbuse() {
        Thief thief = new Thief();
        thief.counter = Long.MAX_VALUE - 1;
        thief.paymentRound("130001", null);
        thief.counter = holder.counter + 500;
        thief.paymentRound("130002", null);
        thief.counter = 0;
        thief.paymentRound("130003", null);
        assertThat(thief.transcripts).isEmpty();
        assertThat(thief.refusals).extracting(ShieldException::code).containsExactly(ErrorCode.COSIGN_COUNTER_INVALID,
                ErrorCode.PIN_INCORRECT, ErrorCode.PIN_INCORRECT);
        assertThat(sdk.shields().details(holder.shield.number()).status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(holder.pay("5.00", PIN).record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        assertThat(sdk.shields().details(holder.shield.number()).status()).isEqualTo(ShieldStatus.ACTIVE);
    }

    @Test
    @DisplayName("COSIGN-PIN status change between co-sign and complete: a shield reported lost, or frozen, meanwhile records nothing")
    void statusChangeBetweenCoSignAndComplete() {
        ShieldDetails d = holder.shield;
        Authorization.Allowed a = holder.authorize("6.00");
        Sm2TwoPartyPhone.Round round = holder.phone.startRound();
        CollaborativeSm2.CoSignature c = sdk.transactions().coSign(a.id(), holder.proof(PIN), round.q1());
        byte[] sig = holder.phone.finish(holder.share(PIN), round, c.r(), c.s2(), c.s3());
        sdk.administration().reportLoss(d.number(), Actor.bankStaff("teller-1", "xm-0592", "idv-1"));
        assertThatThrownBy(() -> sdk.transactions().complete(a.id(), sig, Optional.empty())).isInstanceOfSatisfying(ShieldException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SHIELD_LOST));
        assertThat(sdk.signatures().history(d.number(), 0, 100)).noneMatch(r -> r.outcome() == SignatureRecord.Outcome.ACCEPTED);
        sdk.administration().cancelLoss(d.number(), Actor.bankStaff("teller-1", "xm-0592", "idv-1"));
        sdk.administration().freeze(d.number(), Actor.bankStaff("teller-1", "xm-0592", "idv-1"));
        assertThatThrownBy(() -> sdk.transactions().complete(a.id(), sig, Optional.empty())).isInstanceOf(ShieldException.class);
        assertThat(sdk.signatures().history(d.number(), 0, 100)).noneMatch(r -> r.outcome() == SignatureRecord.Outcome.ACCEPTED);
    }
}
