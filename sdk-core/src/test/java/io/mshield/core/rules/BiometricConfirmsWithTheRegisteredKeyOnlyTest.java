package io.mshield.core.rules;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.audit.AuditEntry;
import io.mshield.core.fixtures.SecretSearch;
import io.mshield.core.fixtures.World;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.SignatureScheme;
import io.mshield.identity.ShieldNumber;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.BiometricKey;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinPolicy;
import io.mshield.pin.PinProof;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import io.mshield.signature.SignatureRecord;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.Party;
import io.mshield.transaction.SignatureReceipt;
import io.mshield.transaction.Transaction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.security.KeyPair;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.fixtures.World.BOSS;
import static io.mshield.core.fixtures.World.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R2.3, R5.1, R5.3: a payment confirmed by fingerprint in DEVICE and HOSTED custody, on the real crypto.
 * Attacks the biometric path of the bank's PIN check: only the key registered for the shield's current
 * method confirms; any other key (a forged one, another shield's registered key, a malformed signature)
 * is rejected with {@code BIOMETRIC_REJECTED}, counted under the PIN policy and audited with its
 * method; a confirmation for another shield's challenge, a method the shield is not confirmed by, or a
 * replayed confirmation is refused without counting; the right one resets the count; the policy's
 * last failure locks the shield; and no signature or key reaches the audit log or a message.
 */
class BiometricConfirmsWithTheRegisteredKeyOnlyTest {
    private static final String PIN = "135790";
    private static final String WRONG = "246801";
    private static final Actor HOLDER = Actor.holder("acct-boss");
    private static final Party PAYER = new Party("厦门测试有限公司", "6222000000000001", "厦门银行");
    private static final Party PAYEE = new Party("上海供应商有限公司", "6222000000000002", "工商银行");

    /** Seed 002's policy: six attempts, then locked until the bank resets the PIN. */
    private final World w = new World(b -> b.coolingOff(CoolingOffPolicy.none()).pinPolicy(PinPolicy.seed002()));
    private int references;

    private static SignatureScheme scheme(KeyAlgorithm algorithm) {
        return algorithm == KeyAlgorithm.SM2 ? SignatureScheme.SM2_SM3 : SignatureScheme.ECDSA_SHA256;
    }

    /** The app registers a key of the phone's secure module for the fingerprint, with possession and the PIN. */
    private ShieldDetails registerFingerprint(ShieldNumber shield, Actor holder, KeyPair key, KeyAlgorithm algorithm) {
        PinChallenge ch = w.sdk.shields().pinChallenge(shield);
        byte[] spki = key.getPublic().getEncoded();
        byte[] possession = World.PHONE.sign(key, scheme(algorithm), BiometricKey.registrationMessage(ch, shield, AuthMethod.FINGERPRINT, spki));
        return w.sdk.shields().registerBiometric(shield, holder, new BiometricKey(AuthMethod.FINGERPRINT, algorithm, spki, ch.id(), possession),
                w.pin(shield, PIN));
    }

    /** The secure module signs a fresh challenge of the shield after its own fingerprint check. */
    private PinProof.BiometricSignature touch(ShieldNumber shield, KeyPair key, KeyAlgorithm algorithm, AuthMethod method) {
        PinChallenge ch = w.sdk.shields().pinChallenge(shield);
        return new PinProof.BiometricSignature(ch.id(), method, World.PHONE.sign(key, scheme(algorithm),
                PinProof.BiometricSignature.message(ch, shield, method)));
    }

    private PinProof.BiometricSignature touch(ShieldNumber shield, KeyPair key) {
        return touch(shield, key, KeyAlgorithm.EC_P256, AuthMethod.FINGERPRINT);
    }

    private Authorization.Allowed authorize(ShieldNumber shield) {
        return (Authorization.Allowed) w.sdk.transactions().authorize(shield, new Transaction("bio-" + (++references), Scenario.TRANSFER,
                Money.cny("100.00"), PAYER, Optional.of(PAYEE), List.of(), "mobile", "转账 100.00 元"), Authenticator.SHIELD);
    }

    /** A DEVICE payment: the phone signs with the shield's key and sends the confirmation. */
    private SignatureReceipt pay(ShieldNumber shield, PinProof confirmation) {
        Authorization.Allowed a = authorize(shield);
        return w.sdk.transactions().complete(a.id(), w.deviceSign(shield, a.signedContent()), Optional.of(confirmation));
    }

    private List<AuditEntry> audit() {
        return w.sdk.audit().read(1, 1000);
    }

    private List<AuditEntry> audited(String action) {
        return audit().stream().filter(e -> e.action().equals(action)).toList();
    }

    private static ShieldException refusal(Executable call) {
        return org.junit.jupiter.api.Assertions.assertThrows(ShieldException.class, call);
    }

    /** The attempts left, as the next wrong PIN reports them (it counts one more). */
    private int leftAfterAWrongPin(ShieldNumber shield) {
        return ((PinCheck.Rejected) w.sdk.shields().checkPin(shield, w.pin(shield, WRONG))).attemptsLeft();
    }

    /** The boss's and an operator's shields, each confirmed by its own registered fingerprint key (P-256). */
    private record TwoFingerprints(ShieldDetails d, ShieldDetails other, KeyPair finger, KeyPair otherFinger) {
    }

    private TwoFingerprints twoFingerprints() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        w.sdk.permissions().grant(World.superAdmin(World.ENTERPRISE), World.ENTERPRISE, OPERATOR);
        ShieldDetails other = w.open(OPERATOR, "dev-2", "acct-op", PIN);
        KeyPair finger = World.phoneKeyPair();
        KeyPair otherFinger = World.phoneKeyPair();
        registerFingerprint(d.number(), HOLDER, finger, KeyAlgorithm.EC_P256);
        registerFingerprint(other.number(), Actor.holder("acct-op"), otherFinger, KeyAlgorithm.EC_P256);
        return new TwoFingerprints(d, other, finger, otherFinger);
    }

    @Test
    @DisplayName("the registered fingerprint key confirms a DEVICE payment, is audited with its method, and resets the failure count")
    void registeredKeyConfirms() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        KeyPair finger = World.phoneKeyPair();
        assertThat(registerFingerprint(d.number(), HOLDER, finger, KeyAlgorithm.EC_P256).authMethod()).isEqualTo(AuthMethod.FINGERPRINT);
        assertThat(leftAfterAWrongPin(d.number())).isEqualTo(5);

        SignatureReceipt receipt = pay(d.number(), touch(d.number(), finger));
        assertThat(receipt.record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        assertThat(w.sdk.signatures().verifyEvidence(w.sdk.signatures().evidence(receipt.record().id()).orElseThrow()).valid()).isTrue();
        assertThat(audited("pin.accepted")).last().satisfies(e -> {
            assertThat(e.subject()).isEqualTo(d.number().value());
            assertThat(e.details()).containsEntry("method", "FINGERPRINT");
        });
        // the failure before the fingerprint no longer counts
        assertThat(leftAfterAWrongPin(d.number())).isEqualTo(5);
        // checked on its own, outside a payment, it is accepted too
        assertThat(w.sdk.shields().checkPin(d.number(), touch(d.number(), finger))).isInstanceOf(PinCheck.Accepted.class);
    }

    @Test
    @DisplayName("a forged key, another shield's registered key and a malformed signature: BIOMETRIC_REJECTED, counted, audited, nothing signed")
    void otherKeysAreRejectedAndCounted() {
        TwoFingerprints t = twoFingerprints();
        ShieldDetails d = t.d();
        ShieldDetails other = t.other();
        KeyPair finger = t.finger();
        KeyPair otherFinger = t.otherFinger();

        // a forged key in a payment: the attempts left, the method in the message, nothing signed
        ShieldException forged = refusal(() -> pay(d.number(), touch(d.number(), World.phoneKeyPair())));
        assertThat(forged.code()).isEqualTo(ErrorCode.BIOMETRIC_REJECTED);
        assertThat(forged.attemptsLeft()).hasValue(5);
        assertThat(forged.getMessage()).contains("FINGERPRINT").contains("5 attempts left");
        assertThat(w.sdk.signatures().history(d.number(), 0, 10)).isEmpty();
        assertThat(audited("pin.rejected")).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo(d.number().value());
            assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.REFUSED);
            assertThat(e.details()).containsEntry("method", "FINGERPRINT").containsEntry("failures", "1");
        });
        // the other holder's registered key signing this shield's challenge
        assertThat(w.sdk.shields().checkPin(d.number(), touch(d.number(), otherFinger))).isEqualTo(new PinCheck.Rejected(4));
        // a signature that is not even DER: a failure like any other, not an error of the bank
        PinChallenge ch = w.sdk.shields().pinChallenge(d.number());
        assertThat(w.sdk.shields().checkPin(d.number(), new PinProof.BiometricSignature(ch.id(), AuthMethod.FINGERPRINT,
                new byte[]{1, 2, 3, 4}))).isEqualTo(new PinCheck.Rejected(3));
        assertThat(audited("pin.rejected")).hasSize(3).last().satisfies(e -> assertThat(e.details()).containsEntry("failures", "3"));

        // each shield's own key still confirms its own shield: the registrations are kept apart
        assertThat(w.sdk.shields().checkPin(other.number(), touch(other.number(), otherFinger))).isInstanceOf(PinCheck.Accepted.class);
        assertThat(pay(d.number(), touch(d.number(), finger)).record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        assertThat(leftAfterAWrongPin(d.number())).isEqualTo(5);
    }

    @Test
    @DisplayName("another shield's confirmation, a method the shield is not confirmed by, a replay: refused before counting, nothing audited")
    void refusedBeforeCounting() {
        TwoFingerprints t = twoFingerprints();
        ShieldDetails d = t.d();
        ShieldDetails other = t.other();
        KeyPair finger = t.finger();
        KeyPair otherFinger = t.otherFinger();
        int entries = audit().size();

        // the other shield's valid confirmation, presented for this shield: its challenge is not this shield's
        PinProof.BiometricSignature theirs = touch(other.number(), otherFinger);
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> w.sdk.shields().checkPin(d.number(), theirs));
        // the same key and signature claimed as FACE: this shield is confirmed by its fingerprint
        refused(ErrorCode.BIOMETRIC_NOT_REGISTERED, () -> w.sdk.shields().checkPin(d.number(),
                touch(d.number(), finger, KeyAlgorithm.EC_P256, AuthMethod.FACE)));
        assertThat(audit()).hasSize(entries);
        assertThat(w.sdk.shields().checkPin(other.number(), theirs)).as("still unused").isInstanceOf(PinCheck.Accepted.class);

        // a confirmation is used once
        PinProof.BiometricSignature good = touch(d.number(), finger);
        assertThat(w.sdk.shields().checkPin(d.number(), good)).isInstanceOf(PinCheck.Accepted.class);
        entries = audit().size();
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> w.sdk.shields().checkPin(d.number(), good));
        assertThat(audit()).hasSize(entries);

        // back to the PIN: the fingerprint no longer confirms, and its refusal counts nothing
        w.sdk.shields().changeAuthMethod(d.number(), HOLDER, AuthMethod.PIN, w.pin(d.number(), PIN));
        refused(ErrorCode.BIOMETRIC_NOT_REGISTERED, () -> pay(d.number(), touch(d.number(), finger)));
        assertThat(leftAfterAWrongPin(d.number())).isEqualTo(5);
        // and the key registered before confirms again once the method is the fingerprint again
        w.sdk.shields().changeAuthMethod(d.number(), HOLDER, AuthMethod.FINGERPRINT, w.pin(d.number(), PIN));
        assertThat(pay(d.number(), touch(d.number(), finger)).record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
    }

    @Test
    @DisplayName("a new key registered for the fingerprint replaces the old one: the old key is rejected, the new one confirms")
    void aNewKeyReplacesTheOld() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        KeyPair first = World.phoneKeyPair();
        KeyPair second = World.phoneKeyPair();
        registerFingerprint(d.number(), HOLDER, first, KeyAlgorithm.EC_P256);
        registerFingerprint(d.number(), HOLDER, second, KeyAlgorithm.EC_P256);
        assertThat(audited("shield.biometric_registered")).hasSize(2).last().satisfies(e -> assertThat(e.details())
                .containsEntry("from", "FINGERPRINT").containsEntry("method", "FINGERPRINT").containsEntry("algorithm", "EC_P256"));
        assertThat(w.sdk.shields().checkPin(d.number(), touch(d.number(), first))).isEqualTo(new PinCheck.Rejected(5));
        assertThat(w.sdk.shields().checkPin(d.number(), touch(d.number(), second))).isInstanceOf(PinCheck.Accepted.class);
    }

    @Test
    @DisplayName("HOSTED: an SM2 fingerprint key confirms the bank's signature; a forged one is rejected and nothing is signed")
    void hostedWithAnSm2Key() {
        ShieldDetails d = Enrollments.openHosted(w, w.application(BOSS, "dev-h", "acct-boss"), "h-1", PIN);
        KeyPair finger = World.PHONE.generate(KeyAlgorithm.SM2);
        registerFingerprint(d.number(), HOLDER, finger, KeyAlgorithm.SM2);
        Authorization.Allowed a = authorize(d.number());
        SignatureReceipt receipt = w.sdk.transactions().signHosted(a.id(), touch(d.number(), finger, KeyAlgorithm.SM2, AuthMethod.FINGERPRINT));
        assertThat(receipt.record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        Authorization.Allowed b = authorize(d.number());
        ShieldException e = refusal(() -> w.sdk.transactions().signHosted(b.id(), touch(d.number(), World.PHONE.generate(KeyAlgorithm.SM2),
                KeyAlgorithm.SM2, AuthMethod.FINGERPRINT)));
        assertThat(e.code()).isEqualTo(ErrorCode.BIOMETRIC_REJECTED);
        assertThat(e.attemptsLeft()).hasValue(5);
        assertThat(w.sdk.signatures().history(d.number(), 0, 10)).hasSize(1);
    }

    @Test
    @DisplayName("the policy's sixth failed fingerprint locks the shield; then the right fingerprint and the PIN are refused as locked")
    void failuresLock() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        KeyPair finger = World.phoneKeyPair();
        registerFingerprint(d.number(), HOLDER, finger, KeyAlgorithm.EC_P256);
        int accepted = audited("pin.accepted").size();
        for (int left = 5; left >= 1; left--) {
            assertThat(w.sdk.shields().checkPin(d.number(), touch(d.number(), World.phoneKeyPair()))).isEqualTo(new PinCheck.Rejected(left));
        }
        assertThat(w.sdk.shields().checkPin(d.number(), touch(d.number(), World.phoneKeyPair()))).isInstanceOf(PinCheck.Locked.class);
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.LOCKED);
        assertThat(audited("shield.pin_locked")).singleElement().satisfies(e -> assertThat(e.details()).containsEntry("to", "LOCKED"));
        assertThat(w.sdk.shields().checkPin(d.number(), touch(d.number(), finger))).isInstanceOf(PinCheck.Locked.class);
        assertThat(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), PIN))).isInstanceOf(PinCheck.Locked.class);
        assertThat(audited("pin.accepted")).hasSize(accepted);
    }

    @Test
    @DisplayName("no signature, key or PIN in the audit log, the refusal's message or the confirmation's toString()")
    void noSecrets() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        KeyPair finger = World.phoneKeyPair();
        registerFingerprint(d.number(), HOLDER, finger, KeyAlgorithm.EC_P256);
        PinProof.BiometricSignature good = touch(d.number(), finger);
        PinProof.BiometricSignature forged = touch(d.number(), World.phoneKeyPair());
        pay(d.number(), good);
        ShieldException e = refusal(() -> pay(d.number(), forged));
        List<String> secrets = List.of(HexFormat.of().formatHex(good.signature()), Base64.getEncoder().encodeToString(good.signature()),
                HexFormat.of().formatHex(forged.signature()), Base64.getEncoder().encodeToString(forged.signature()),
                HexFormat.of().formatHex(finger.getPrivate().getEncoded()), Base64.getEncoder().encodeToString(finger.getPrivate().getEncoded()),
                Base64.getEncoder().encodeToString(finger.getPublic().getEncoded()));
        for (String text : List.of(audit().toString(), e.getMessage(), good.toString(), w.sdk.shields().details(d.number()).toString())) {
            for (String secret : secrets) {
                assertThat(text).doesNotContain(secret);
            }
        }
        assertThat(SecretSearch.withoutHashes(audit())).doesNotContain(PIN);
        assertThat(audited("shield.biometric_registered")).singleElement().satisfies(r -> assertThat(r.details().get("keySha256"))
                .hasSize(64));
    }
}
