package io.mshield.core.rules;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.audit.AuditEntry;
import io.mshield.core.fixtures.World;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.twoparty.Sm2TwoPartyPhone;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.BiometricKey;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinPolicy;
import io.mshield.pin.PinProof;
import io.mshield.pin.RoundProof;
import io.mshield.signature.SignatureRecord;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.SignatureReceipt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.security.KeyPair;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.rules.CollaborativeHolder.PIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R2.3, R10.6: in COLLABORATIVE custody a registered fingerprint confirms a payment's or a PIN
 * challenge's co-sign round in place of the PIN block — and nothing else. Attacks the biometric
 * branch of the round's PIN proof: the round is co-signed and audited with its method after the
 * registered key's signature; a forged one is refused and counted before anything is computed from
 * the bank's share, with the co-sign counter not taken; an envelope or renewal round confirmed by a
 * biometric, a method the shield is not confirmed by, and a biometric offered to the plain PIN check
 * of a COLLABORATIVE shield are refused without counting.
 */
class BiometricConfirmsOnlyPaymentRoundsTest {
    private static final BouncyCastleCrypto CRYPTO = BouncyCastleCrypto.create();
    private static final Actor HOLDER = Actor.holder("acct-boss");

    private final CollaborativeHolder h;
    private final KeyPair finger = World.phoneKeyPair();

    BiometricConfirmsOnlyPaymentRoundsTest() {
        World w = new World(b -> b.crypto(CRYPTO).coolingOff(CoolingOffPolicy.none()).pinPolicy(PinPolicy.seed002()));
        h = new CollaborativeHolder(w, World.BOSS, "acct-boss");
        h.deviceMethods = Set.of(AuthMethod.PIN, AuthMethod.FINGERPRINT);
        h.open("phone-c");
        // the registration is confirmed by the PIN: for COLLABORATIVE, a joint signature over a co-signed challenge
        PinChallenge proof = w.sdk.shields().pinChallenge(h.shield.number());
        Sm2TwoPartyPhone.Round round = h.phone.startRound();
        CollaborativeSm2.CoSignature c = w.sdk.shields().coSignPinChallenge(h.shield.number(), new RoundProof(h.block(proof, PIN), ++h.counter),
                round.q1());
        PinProof joint = new PinProof.JointSignature(proof.id(), h.finish(round, c));
        PinChallenge ch = w.sdk.shields().pinChallenge(h.shield.number());
        byte[] spki = finger.getPublic().getEncoded();
        byte[] possession = World.PHONE.sign(finger, SignatureScheme.ECDSA_SHA256,
                BiometricKey.registrationMessage(ch, h.shield.number(), AuthMethod.FINGERPRINT, spki));
        w.sdk.shields().registerBiometric(h.shield.number(), HOLDER, new BiometricKey(AuthMethod.FINGERPRINT, KeyAlgorithm.EC_P256, spki,
                ch.id(), possession), joint);
    }

    private PinProof.BiometricSignature touch(KeyPair key, AuthMethod method) {
        PinChallenge ch = h.world.sdk.shields().pinChallenge(h.shield.number());
        return new PinProof.BiometricSignature(ch.id(), method, World.PHONE.sign(key, SignatureScheme.ECDSA_SHA256,
                PinProof.BiometricSignature.message(ch, h.shield.number(), method)));
    }

    private List<AuditEntry> audit() {
        return h.world.sdk.audit().read(1, 1000);
    }

    private List<AuditEntry> audited(String action) {
        return audit().stream().filter(e -> e.action().equals(action)).toList();
    }

    private static ShieldException refusal(Executable call) {
        return org.junit.jupiter.api.Assertions.assertThrows(ShieldException.class, call);
    }

    /** The attempts left after one more wrong PIN, in an envelope round. */
    private int leftAfterAWrongPin() {
        ShieldException e = refusal(() -> h.world.sdk.shields().openEnvelopeHalf(h.shield.number(), h.proof("246801"),
                h.phone.startRound().q1()));
        assertThat(e.code()).isEqualTo(ErrorCode.PIN_INCORRECT);
        return e.attemptsLeft().orElseThrow();
    }

    @Test
    @DisplayName("the registered fingerprint confirms a payment's round: co-signed, audited with its method and counter, accepted")
    void paymentRound() {
        Authorization.Allowed a = h.authorize("300.00");
        Sm2TwoPartyPhone.Round round = h.phone.startRound();
        CollaborativeSm2.CoSignature c = h.world.sdk.transactions().coSign(a.id(), new RoundProof(touch(finger, AuthMethod.FINGERPRINT),
                ++h.counter), round.q1());
        SignatureReceipt receipt = h.world.sdk.transactions().complete(a.id(), h.finish(round, c), Optional.empty());
        assertThat(receipt.record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        assertThat(CRYPTO.signatures().verify(h.jointKey, SignatureScheme.SM2_SM3, a.signedContent(), receipt.record().signature())).isTrue();
        assertThat(audited("cosign.payment")).singleElement().satisfies(e -> assertThat(e.details())
                .containsEntry("method", "FINGERPRINT").containsEntry("counter", Long.toString(h.counter)));
    }

    @Test
    @DisplayName("a PIN challenge's round confirmed by the fingerprint: the joint signature over the challenge is accepted")
    void pinChallengeRound() {
        PinChallenge ch = h.world.sdk.shields().pinChallenge(h.shield.number());
        PinProof.BiometricSignature touch = new PinProof.BiometricSignature(ch.id(), AuthMethod.FINGERPRINT, World.PHONE.sign(finger,
                SignatureScheme.ECDSA_SHA256, PinProof.BiometricSignature.message(ch, h.shield.number(), AuthMethod.FINGERPRINT)));
        Sm2TwoPartyPhone.Round round = h.phone.startRound();
        CollaborativeSm2.CoSignature c = h.world.sdk.shields().coSignPinChallenge(h.shield.number(), new RoundProof(touch, ++h.counter),
                round.q1());
        assertThat(audited("cosign.pin_challenge")).last().satisfies(e -> assertThat(e.details()).containsEntry("method", "FINGERPRINT"));
        assertThat(h.world.sdk.shields().checkPin(h.shield.number(), new PinProof.JointSignature(ch.id(), h.finish(round, c))))
                .isInstanceOf(PinCheck.Accepted.class);
    }

    @Test
    @DisplayName("a forged fingerprint in a payment round: BIOMETRIC_REJECTED with the attempts left, audited, the counter not taken")
    void forgedInARound() {
        Authorization.Allowed a = h.authorize("300.00");
        long counter = ++h.counter;
        ShieldException e = refusal(() -> h.world.sdk.transactions().coSign(a.id(), new RoundProof(touch(World.phoneKeyPair(),
                AuthMethod.FINGERPRINT), counter), h.phone.startRound().q1()));
        assertThat(e.code()).isEqualTo(ErrorCode.BIOMETRIC_REJECTED);
        assertThat(e.attemptsLeft()).hasValue(5);
        assertThat(audited("pin.rejected")).singleElement().satisfies(r -> assertThat(r.details())
                .containsEntry("method", "FINGERPRINT").containsEntry("failures", "1"));
        assertThat(audited("cosign.payment")).isEmpty();
        // the same counter is still free: the refused round did not take it
        Authorization.Allowed b = h.authorize("300.00");
        Sm2TwoPartyPhone.Round round = h.phone.startRound();
        CollaborativeSm2.CoSignature c = h.world.sdk.transactions().coSign(b.id(), new RoundProof(touch(finger, AuthMethod.FINGERPRINT),
                counter), round.q1());
        assertThat(h.world.sdk.transactions().complete(b.id(), h.finish(round, c), Optional.empty()).record().outcome())
                .isEqualTo(SignatureRecord.Outcome.ACCEPTED);
    }

    @Test
    @DisplayName("a biometric for an envelope or renewal round, an unregistered method, or the plain PIN check: refused, nothing counted")
    void refusedWithoutCounting() {
        int entries = audit().size();
        refused(ErrorCode.PIN_REQUIRED, () -> h.world.sdk.shields().openEnvelopeHalf(h.shield.number(),
                new RoundProof(touch(finger, AuthMethod.FINGERPRINT), h.counter + 1), h.phone.startRound().q1()));
        refused(ErrorCode.PIN_REQUIRED, () -> h.world.sdk.shields().coSignRenewalRequest(h.shield.number(), HOLDER, new byte[]{0x30, 0x00},
                new RoundProof(touch(finger, AuthMethod.FINGERPRINT), h.counter + 1), h.phone.startRound().q1()));
        Authorization.Allowed a = h.authorize("300.00");
        int afterAuthorizing = audit().size();
        refused(ErrorCode.BIOMETRIC_NOT_REGISTERED, () -> h.world.sdk.transactions().coSign(a.id(),
                new RoundProof(touch(finger, AuthMethod.FACE), h.counter + 1), h.phone.startRound().q1()));
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> h.world.sdk.shields().checkPin(h.shield.number(), touch(finger, AuthMethod.FINGERPRINT)));
        assertThat(afterAuthorizing - entries).as("only the authorization was recorded").isEqualTo(1);
        assertThat(audit()).hasSize(afterAuthorizing);
        assertThat(leftAfterAWrongPin()).isEqualTo(5);
    }
}
