package io.mshield.samples;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.MobileShield;
import io.mshield.ShieldException;
import io.mshield.audit.AuditEntry;
import io.mshield.core.MobileShields;
import io.mshield.core.persistence.memory.InMemoryPersistence;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.bc.Phone;
import io.mshield.crypto.twoparty.Sm2TwoPartyPhone;
import io.mshield.enrollment.Application;
import io.mshield.enrollment.DeviceInfo;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.KeyProposal;
import io.mshield.identity.DeviceId;
import io.mshield.identity.PersonName;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.identity.ShieldNumber;
import io.mshield.identity.UserId;
import io.mshield.identity.UserType;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.BiometricKey;
import io.mshield.pin.Pin;
import io.mshield.pin.PinBlock;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinPolicy;
import io.mshield.pin.PinProof;
import io.mshield.pin.RoundProof;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import io.mshield.signature.SignatureRecord;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.Party;
import io.mshield.transaction.SignatureReceipt;
import io.mshield.transaction.Transaction;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Biometric methods (R2.3, R3.2, seed 000) on the real crypto: a device key made by the phone's
 * secure module for the fingerprint or face (P-256 or SM2, as phones make them), registered with
 * the PIN, whose signature over a PIN challenge replaces the PIN block when a payment is confirmed
 * by that method — in DEVICE, HOSTED and COLLABORATIVE custody. Failures count under the PIN
 * policy's counter; forged, misdirected, replayed and unregistered confirmations are refused with
 * stable codes; the PIN change applies to the PIN only.
 */
class BiometricMethodTest {
    private static final BouncyCastleCrypto CRYPTO = BouncyCastleCrypto.create();
    private static final String PIN = "135790";
    private static final Party PAYER = new Party("厦门示例贸易有限公司", "6222000000000001", "厦门银行");
    private static final Party PAYEE = new Party("上海供应商有限公司", "6222000000000002", "工商银行");

    private final SecureRandom random = new SecureRandom();
    private final Phone phone = new Phone(random);
    private final DemoBank bank = new DemoBank(new PrintStream(OutputStream.nullOutputStream()));
    /** Seed 002's policy: the sixth consecutive failure locks. */
    private final MobileShield sdk = MobileShields.builder().persistence(new InMemoryPersistence()).crypto(CRYPTO)
            .smsSender(bank).faceVerifier(bank).identityRegistry(bank).hardwareKeys(bank)
            .pinPolicy(PinPolicy.seed002()).coolingOff(CoolingOffPolicy.none()).random(random).build();
    private int requests;

    /** A shield with the phone's keys: its signing key (DEVICE) and the key its secure module made for the fingerprint. */
    private record Opened(ShieldDetails details, Actor holder, KeyPair signingKey) {
        ShieldNumber number() {
            return details.number();
        }
    }

    private Opened open(ResidentIdNumber who, String device, CustodyMode custody, KeyAlgorithm algorithm) {
        if (!who.equals(DemoBank.ZHANG)) {
            sdk.permissions().grant(Actor.superAdministrator("zhang", DemoBank.ENTERPRISE, DemoBank.ZHANG), DemoBank.ENTERPRISE, who);
        }
        Application app = new Application("bio-" + (++requests), DemoBank.ENTERPRISE, DemoBank.CREDIT_CODE, who,
                PersonName.of(DemoBank.NAMES.get(who)), who.equals(DemoBank.ZHANG) ? UserType.LEGAL_REPRESENTATIVE : UserType.OPERATOR,
                new DeviceInfo(DeviceId.of(device), UserId.of("acct-" + device), Set.of(AuthMethod.PIN, AuthMethod.FINGERPRINT)),
                custody, algorithm);
        EnrollmentSession s = sdk.enrollment().start(app);
        sdk.enrollment().acceptAgreement(s.id(), "v1");
        sdk.enrollment().sendSmsCode(s.id());
        sdk.enrollment().verifySmsCode(s.id(), bank.lastCode(who));
        sdk.enrollment().verifyFace(s.id(), new FaceVerifier.FaceCapture(new byte[]{1}));
        sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(block(sdk.enrollment().pinChallenge(s.id()), PIN)));
        ShieldDetails d;
        KeyPair keys = null;
        if (custody == CustodyMode.HOSTED) {
            sdk.enrollment().prepareKey(s.id(), new KeyProposal.HostedKey());
            d = sdk.enrollment().complete(s.id(), new byte[0]);
        } else {
            sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey());
            keys = phone.generate(algorithm);
            d = sdk.enrollment().complete(s.id(), phone.certificateRequest(keys, algorithm, DemoBank.NAMES.get(who)));
        }
        return new Opened(d, Actor.holder("acct-" + device), keys);
    }

    private PinProof.EncryptedPin block(PinChallenge challenge, String pin) {
        try (Pin p = Pin.of(pin)) {
            return new PinProof.EncryptedPin(challenge.id(), phone.encrypt(challenge.pinKey(), PinBlock.encode(challenge, p)));
        }
    }

    private PinProof.EncryptedPin pin(ShieldNumber shield, String pin) {
        return block(sdk.shields().pinChallenge(shield), pin);
    }

    private static SignatureScheme scheme(KeyAlgorithm algorithm) {
        return algorithm == KeyAlgorithm.SM2 ? SignatureScheme.SM2_SM3 : SignatureScheme.ECDSA_SHA256;
    }

    /** The app registers the key its secure module made for the biometric, proving possession and the PIN. */
    private ShieldDetails register(ShieldNumber shield, Actor holder, AuthMethod method, KeyPair key, KeyAlgorithm algorithm, PinProof pin) {
        PinChallenge ch = sdk.shields().pinChallenge(shield);
        byte[] spki = key.getPublic().getEncoded();
        byte[] possession = phone.sign(key, scheme(algorithm), BiometricKey.registrationMessage(ch, shield, method, spki));
        return sdk.shields().registerBiometric(shield, holder, new BiometricKey(method, algorithm, spki, ch.id(), possession), pin);
    }

    /** The phone's secure module, after the fingerprint matched, signs the shield's challenge. */
    private PinProof.BiometricSignature touch(ShieldNumber shield, KeyPair key, KeyAlgorithm algorithm) {
        return touch(sdk.shields().pinChallenge(shield), shield, key, algorithm, AuthMethod.FINGERPRINT);
    }

    private PinProof.BiometricSignature touch(PinChallenge ch, ShieldNumber shield, KeyPair key, KeyAlgorithm algorithm, AuthMethod method) {
        return new PinProof.BiometricSignature(ch.id(), method,
                phone.sign(key, scheme(algorithm), PinProof.BiometricSignature.message(ch, shield, method)));
    }

    private Authorization.Allowed authorize(ShieldNumber shield, String amount) {
        return (Authorization.Allowed) sdk.transactions().authorize(shield, new Transaction("bio-tx-" + (++requests), Scenario.TRANSFER,
                Money.cny(amount), PAYER, Optional.of(PAYEE), List.of(), "mobile", "转账 " + amount + " 元"), Authenticator.SHIELD);
    }

    private SignatureReceipt payDevice(Opened o, PinProof confirmation) {
        Authorization.Allowed a = authorize(o.number(), "100.00");
        byte[] sig = phone.sign(o.signingKey(), scheme(o.details().algorithm()), a.signedContent());
        return sdk.transactions().complete(a.id(), sig, Optional.of(confirmation));
    }

    private long auditSize() {
        return audit().size();
    }

    private List<AuditEntry> audit() {
        return AuditTrail.all(sdk);
    }

    private static void refused(ErrorCode code, ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static void rejected(int left, ThrowableAssert.ThrowingCallable call) {
        refusedWithAttemptsLeft(ErrorCode.BIOMETRIC_REJECTED, left, call);
    }

    private static void refusedWithAttemptsLeft(ErrorCode code, int left, ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ShieldException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.attemptsLeft()).hasValue(left);
        });
    }

    @Test
    @DisplayName("R2.3 seed 000 DEVICE: a payment confirmed by fingerprint alone (P-256 key of the secure module), no PIN block")
    void deviceFingerprintPayment() {
        Opened o = open(DemoBank.ZHANG, "iphone-zhang", CustodyMode.DEVICE, KeyAlgorithm.EC_P256);
        KeyPair finger = phone.generate(KeyAlgorithm.EC_P256);
        ShieldDetails d = register(o.number(), o.holder(), AuthMethod.FINGERPRINT, finger, KeyAlgorithm.EC_P256, pin(o.number(), PIN));
        assertThat(d.authMethod()).isEqualTo(AuthMethod.FINGERPRINT);

        SignatureReceipt receipt = payDevice(o, touch(o.number(), finger, KeyAlgorithm.EC_P256));
        assertThat(receipt.record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        assertThat(sdk.signatures().verifyEvidence(sdk.signatures().evidence(receipt.record().id()).orElseThrow()).valid()).isTrue();
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("pin.accepted");
            assertThat(e.details()).containsEntry("method", "FINGERPRINT");
        });
        assertThat(audit()).anySatisfy(e -> assertThat(e.action()).isEqualTo("shield.biometric_registered"));
        // the PIN stays the fallback the phone offers when the sensor fails
        assertThat(payDevice(o, pin(o.number(), PIN)).record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
    }

    @Test
    @DisplayName("R2.3 HOSTED: the bank signs after a fingerprint confirmation made with an SM2 key of the phone's secure module")
    void hostedFingerprintPayment() {
        Opened o = open(DemoBank.LI, "huawei-li", CustodyMode.HOSTED, KeyAlgorithm.SM2);
        KeyPair finger = phone.generate(KeyAlgorithm.SM2);
        register(o.number(), o.holder(), AuthMethod.FINGERPRINT, finger, KeyAlgorithm.SM2, pin(o.number(), PIN));
        Authorization.Allowed a = authorize(o.number(), "250.00");
        SignatureReceipt receipt = sdk.transactions().signHosted(a.id(), touch(o.number(), finger, KeyAlgorithm.SM2));
        assertThat(receipt.record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        assertThat(sdk.signatures().verifyEvidence(sdk.signatures().evidence(receipt.record().id()).orElseThrow()).valid()).isTrue();
        // a forged confirmation: refused, counted, nothing signed
        Authorization.Allowed b = authorize(o.number(), "250.00");
        rejected(5, () -> sdk.transactions().signHosted(b.id(), touch(o.number(), phone.generate(KeyAlgorithm.SM2), KeyAlgorithm.SM2)));
        assertThat(sdk.signatures().history(o.number(), 0, 10)).hasSize(1);
    }

    @Test
    @DisplayName("R2.3 COLLABORATIVE: the fingerprint confirms the co-sign round in place of the PIN block; the phone still needs its share")
    void collaborativeFingerprintPayment() {
        CollaborativeFixture f = new CollaborativeFixture(sdk, bank, 1000);
        f.open();
        ShieldNumber shield = f.shield.number();
        Actor holder = Actor.holder("acct-phone-c");
        KeyPair finger = phone.generate(KeyAlgorithm.EC_P256);
        // the registration is confirmed by the PIN: for COLLABORATIVE, a joint signature over a challenge
        PinChallenge ch = sdk.shields().pinChallenge(shield);
        Sm2TwoPartyPhone.Round pr = f.phone.startRound();
        CollaborativeSm2.CoSignature pc = sdk.shields().coSignPinChallenge(shield, new RoundProof(f.block(ch, PIN), ++f.counter), pr.q1());
        PinProof joint = new PinProof.JointSignature(ch.id(), f.phone.finish(f.share(PIN), pr, pc.r(), pc.s2(), pc.s3()));
        register(shield, holder, AuthMethod.FINGERPRINT, finger, KeyAlgorithm.EC_P256, joint);

        // the payment: the round is confirmed by the fingerprint; the secure module also releases what unmasks the share
        Authorization.Allowed a = f.authorize("300.00");
        Sm2TwoPartyPhone.Round round = f.phone.startRound();
        CollaborativeSm2.CoSignature c = sdk.transactions().coSign(a.id(), new RoundProof(touch(shield, finger, KeyAlgorithm.EC_P256),
                ++f.counter), round.q1());
        SignatureReceipt receipt = sdk.transactions().complete(a.id(), f.phone.finish(f.share(PIN), round, c.r(), c.s2(), c.s3()),
                Optional.empty());
        assertThat(receipt.record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        assertThat(CRYPTO.signatures().verify(f.jointKey, SignatureScheme.SM2_SM3, a.signedContent(), receipt.record().signature())).isTrue();
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("cosign.payment");
            assertThat(e.details()).containsEntry("method", "FINGERPRINT");
        });

        // a fingerprint without the share (the share unmasked with a wrong PIN): the joint signature
        // fails, the authorization is closed, and the failure counts as a wrong PIN
        Authorization.Allowed b = f.authorize("300.00");
        Sm2TwoPartyPhone.Round round2 = f.phone.startRound();
        CollaborativeSm2.CoSignature c2 = sdk.transactions().coSign(b.id(), new RoundProof(touch(shield, finger, KeyAlgorithm.EC_P256),
                ++f.counter), round2.q1());
        byte[] bad = f.phone.finish(f.share("864209"), round2, c2.r(), c2.s2(), c2.s3());
        refusedWithAttemptsLeft(ErrorCode.SIGNATURE_INVALID, 5, () -> sdk.transactions().complete(b.id(), bad, Optional.empty()));

        // a forged fingerprint in the round: refused and counted BEFORE anything is computed from d2
        Authorization.Allowed x = f.authorize("300.00");
        rejected(4, () -> sdk.transactions().coSign(x.id(), new RoundProof(touch(shield, phone.generate(KeyAlgorithm.EC_P256),
                KeyAlgorithm.EC_P256), ++f.counter), f.phone.startRound().q1()));
        // a biometric does not confirm an envelope or renewal round: those need the PIN
        refused(ErrorCode.PIN_REQUIRED, () -> sdk.shields().openEnvelopeHalf(shield, new RoundProof(touch(shield, finger,
                KeyAlgorithm.EC_P256), ++f.counter), f.phone.startRound().q1()));
        // checkPin on a COLLABORATIVE shield takes the joint signature, not the biometric directly
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> sdk.shields().checkPin(shield, touch(shield, finger, KeyAlgorithm.EC_P256)));
        // the right fingerprint resets the counter: a PIN challenge confirmed by fingerprint, co-signed, checked
        PinChallenge ch2 = sdk.shields().pinChallenge(shield);
        Sm2TwoPartyPhone.Round r3 = f.phone.startRound();
        CollaborativeSm2.CoSignature c3 = sdk.shields().coSignPinChallenge(shield, new RoundProof(touch(ch2, shield, finger,
                KeyAlgorithm.EC_P256, AuthMethod.FINGERPRINT), ++f.counter), r3.q1());
        assertThat(sdk.shields().checkPin(shield, new PinProof.JointSignature(ch2.id(), f.phone.finish(f.share(PIN), r3, c3.r(), c3.s2(),
                c3.s3())))).isInstanceOf(PinCheck.Accepted.class);
        assertThat(sdk.shields().details(shield).status()).isEqualTo(ShieldStatus.ACTIVE);
    }

    @Test
    @DisplayName("R2.3 R5.3 refusals: wrong signature, another challenge, another shield's key count; replay and unregistered methods change nothing")
    void refusalsAndTheCounter() {
        Opened o = open(DemoBank.ZHANG, "iphone-zhang", CustodyMode.DEVICE, KeyAlgorithm.EC_P256);
        Opened other = open(DemoBank.WANG, "iphone-wang", CustodyMode.DEVICE, KeyAlgorithm.EC_P256);
        KeyPair finger = phone.generate(KeyAlgorithm.EC_P256);
        KeyPair otherFinger = phone.generate(KeyAlgorithm.SM2);

        // unregistered: the shield's method is PIN — nothing counted, nothing written
        long before = auditSize();
        refused(ErrorCode.BIOMETRIC_NOT_REGISTERED, () -> sdk.shields().checkPin(o.number(), touch(o.number(), finger, KeyAlgorithm.EC_P256)));
        assertThat(auditSize()).isEqualTo(before);

        register(o.number(), o.holder(), AuthMethod.FINGERPRINT, finger, KeyAlgorithm.EC_P256, pin(o.number(), PIN));
        register(other.number(), other.holder(), AuthMethod.FINGERPRINT, otherFinger, KeyAlgorithm.SM2, pin(other.number(), PIN));
        // a face confirmation when only the fingerprint is registered: not counted
        before = auditSize();
        refused(ErrorCode.BIOMETRIC_NOT_REGISTERED, () -> sdk.shields().checkPin(o.number(), touch(sdk.shields().pinChallenge(o.number()),
                o.number(), finger, KeyAlgorithm.EC_P256, AuthMethod.FACE)));
        assertThat(auditSize()).isEqualTo(before);

        // wrong signature (a key the phone never registered): counted, 5 left of 6
        before = auditSize();
        assertThat(sdk.shields().checkPin(o.number(), touch(o.number(), phone.generate(KeyAlgorithm.EC_P256), KeyAlgorithm.EC_P256)))
                .isEqualTo(new PinCheck.Rejected(5));
        assertThat(auditSize()).isEqualTo(before + 1);
        assertThat(audit().get(audit().size() - 1).details()).containsEntry("method", "FINGERPRINT").containsEntry("failures", "1");
        // a signature over another challenge, presented for this one: counted
        PinChallenge first = sdk.shields().pinChallenge(o.number());
        PinChallenge second = sdk.shields().pinChallenge(o.number());
        PinProof.BiometricSignature overFirst = touch(first, o.number(), finger, KeyAlgorithm.EC_P256, AuthMethod.FINGERPRINT);
        assertThat(sdk.shields().checkPin(o.number(), new PinProof.BiometricSignature(second.id(), AuthMethod.FINGERPRINT,
                overFirst.signature()))).isEqualTo(new PinCheck.Rejected(4));
        // a key of another shield: the other holder's registered key signing this shield's challenge
        assertThat(sdk.shields().checkPin(o.number(), touch(o.number(), otherFinger, KeyAlgorithm.SM2))).isEqualTo(new PinCheck.Rejected(3));
        // the other shield's valid confirmation, presented here: bound to the other shield's challenge
        PinProof.BiometricSignature theirs = touch(other.number(), otherFinger, KeyAlgorithm.SM2);
        before = auditSize();
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> sdk.shields().checkPin(o.number(), theirs));
        assertThat(auditSize()).isEqualTo(before);
        assertThat(sdk.shields().checkPin(other.number(), theirs)).isInstanceOf(PinCheck.Accepted.class);
        // a PIN failure counts under the same counter
        assertThat(sdk.shields().checkPin(o.number(), pin(o.number(), "864209"))).isEqualTo(new PinCheck.Rejected(2));
        // a payment with a forged fingerprint: BIOMETRIC_REJECTED with the attempts left
        rejected(1, () -> payDevice(o, touch(o.number(), phone.generate(KeyAlgorithm.EC_P256), KeyAlgorithm.EC_P256)));

        // the right fingerprint resets the counter; replaying it changes nothing
        PinProof.BiometricSignature good = touch(o.number(), finger, KeyAlgorithm.EC_P256);
        assertThat(sdk.shields().checkPin(o.number(), good)).isInstanceOf(PinCheck.Accepted.class);
        before = auditSize();
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> sdk.shields().checkPin(o.number(), good));
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> payDevice(o, good));
        assertThat(auditSize()).isEqualTo(before + 1); // the authorization only, no PIN entry
        assertThat(sdk.shields().checkPin(o.number(), touch(o.number(), phone.generate(KeyAlgorithm.EC_P256), KeyAlgorithm.EC_P256)))
                .isEqualTo(new PinCheck.Rejected(5));

        // five more failures reach the policy's limit: LOCKED, and the PIN is refused too
        for (int left = 4; left >= 1; left--) {
            assertThat(sdk.shields().checkPin(o.number(), touch(o.number(), phone.generate(KeyAlgorithm.EC_P256), KeyAlgorithm.EC_P256)))
                    .isEqualTo(new PinCheck.Rejected(left));
        }
        assertThat(sdk.shields().checkPin(o.number(), touch(o.number(), phone.generate(KeyAlgorithm.EC_P256), KeyAlgorithm.EC_P256)))
                .isInstanceOf(PinCheck.Locked.class);
        assertThat(sdk.shields().details(o.number()).status()).isEqualTo(ShieldStatus.LOCKED);
        assertThat(sdk.shields().checkPin(o.number(), touch(o.number(), finger, KeyAlgorithm.EC_P256))).isInstanceOf(PinCheck.Locked.class);
        assertThat(sdk.shields().checkPin(o.number(), pin(o.number(), PIN))).isInstanceOf(PinCheck.Locked.class);
    }

    @Test
    @DisplayName("R5.3 forged fingerprints racing on 16 threads: at most the policy's 6 are evaluated, then LOCKED")
    void failuresAreCountedAtomically() throws Exception {
        Opened o = open(DemoBank.ZHANG, "iphone-zhang", CustodyMode.DEVICE, KeyAlgorithm.EC_P256);
        KeyPair finger = phone.generate(KeyAlgorithm.EC_P256);
        register(o.number(), o.holder(), AuthMethod.FINGERPRINT, finger, KeyAlgorithm.EC_P256, pin(o.number(), PIN));
        List<PinProof.BiometricSignature> forged = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            forged.add(touch(o.number(), phone.generate(KeyAlgorithm.EC_P256), KeyAlgorithm.EC_P256));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<PinCheck>> results = new ArrayList<>();
        try {
            for (PinProof.BiometricSignature p : forged) {
                results.add(pool.submit((Callable<PinCheck>) () -> sdk.shields().checkPin(o.number(), p)));
            }
            int rejectedCount = 0;
            for (Future<PinCheck> r : results) {
                if (r.get() instanceof PinCheck.Rejected) {
                    rejectedCount++;
                }
            }
            assertThat(rejectedCount).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
        long evaluated = audit().stream().filter(e -> e.action().equals("pin.rejected")).count();
        assertThat(evaluated).isEqualTo(6);
        assertThat(sdk.shields().details(o.number()).status()).isEqualTo(ShieldStatus.LOCKED);
    }

    @Test
    @DisplayName("R2.3 R3.3 seed 000: changing the PIN applies to the PIN method only; a biometric cannot change the shield")
    void changingThePinAppliesToThePinOnly() {
        Opened o = open(DemoBank.ZHANG, "iphone-zhang", CustodyMode.DEVICE, KeyAlgorithm.EC_P256);
        KeyPair finger = phone.generate(KeyAlgorithm.EC_P256);
        register(o.number(), o.holder(), AuthMethod.FINGERPRINT, finger, KeyAlgorithm.EC_P256, pin(o.number(), PIN));
        long before = auditSize();
        refused(ErrorCode.PIN_REQUIRED, () -> sdk.shields().changePin(o.number(), o.holder(), touch(o.number(), finger, KeyAlgorithm.EC_P256),
                Optional.of(pin(o.number(), "246813"))));
        refused(ErrorCode.PIN_REQUIRED, () -> register(o.number(), o.holder(), AuthMethod.FINGERPRINT, phone.generate(KeyAlgorithm.EC_P256),
                KeyAlgorithm.EC_P256, touch(o.number(), finger, KeyAlgorithm.EC_P256)));
        refused(ErrorCode.PIN_REQUIRED, () -> sdk.shields().changeAuthMethod(o.number(), o.holder(), AuthMethod.PIN,
                touch(o.number(), finger, KeyAlgorithm.EC_P256)));
        refused(ErrorCode.PIN_REQUIRED, () -> sdk.shields().revoke(o.number(), o.holder(), touch(o.number(), finger, KeyAlgorithm.EC_P256)));
        assertThat(auditSize()).isEqualTo(before);

        sdk.shields().changePin(o.number(), o.holder(), pin(o.number(), PIN), Optional.of(pin(o.number(), "246813")));
        assertThat(sdk.shields().checkPin(o.number(), pin(o.number(), PIN))).isEqualTo(new PinCheck.Rejected(5));
        assertThat(sdk.shields().checkPin(o.number(), pin(o.number(), "246813"))).isInstanceOf(PinCheck.Accepted.class);
        // the fingerprint's key is untouched by the PIN change
        assertThat(payDevice(o, touch(o.number(), finger, KeyAlgorithm.EC_P256)).record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        assertThat(sdk.shields().details(o.number()).authMethod()).isEqualTo(AuthMethod.FINGERPRINT);
    }

    @Test
    @DisplayName("R3.2 changing the method: a biometric method needs its registered key; after switching to PIN the fingerprint no longer confirms")
    void changingTheMethod() {
        Opened o = open(DemoBank.ZHANG, "iphone-zhang", CustodyMode.DEVICE, KeyAlgorithm.EC_P256);
        refused(ErrorCode.BIOMETRIC_NOT_REGISTERED, () -> sdk.shields().changeAuthMethod(o.number(), o.holder(), AuthMethod.FINGERPRINT,
                pin(o.number(), PIN)));
        refused(ErrorCode.AUTH_METHOD_UNSUPPORTED, () -> register(o.number(), o.holder(), AuthMethod.FACE, phone.generate(KeyAlgorithm.EC_P256),
                KeyAlgorithm.EC_P256, pin(o.number(), PIN)));
        assertThat(sdk.shields().details(o.number()).authMethod()).isEqualTo(AuthMethod.PIN);
        KeyPair finger = phone.generate(KeyAlgorithm.EC_P256);
        register(o.number(), o.holder(), AuthMethod.FINGERPRINT, finger, KeyAlgorithm.EC_P256, pin(o.number(), PIN));
        sdk.shields().changeAuthMethod(o.number(), o.holder(), AuthMethod.PIN, pin(o.number(), PIN));
        refused(ErrorCode.BIOMETRIC_NOT_REGISTERED, () -> payDevice(o, touch(o.number(), finger, KeyAlgorithm.EC_P256)));
        sdk.shields().changeAuthMethod(o.number(), o.holder(), AuthMethod.FINGERPRINT, pin(o.number(), PIN));
        assertThat(payDevice(o, touch(o.number(), finger, KeyAlgorithm.EC_P256)).record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
    }

    @Test
    @DisplayName("R2.3 registration refusals: no proof of possession, a key of the wrong algorithm, a replayed challenge, a wrong PIN — nothing registered")
    void registrationRefusals() {
        Opened o = open(DemoBank.ZHANG, "iphone-zhang", CustodyMode.DEVICE, KeyAlgorithm.EC_P256);
        KeyPair finger = phone.generate(KeyAlgorithm.EC_P256);
        byte[] spki = finger.getPublic().getEncoded();
        // possession signed by another key
        PinChallenge ch = sdk.shields().pinChallenge(o.number());
        byte[] byOther = phone.sign(phone.generate(KeyAlgorithm.EC_P256), SignatureScheme.ECDSA_SHA256,
                BiometricKey.registrationMessage(ch, o.number(), AuthMethod.FINGERPRINT, spki));
        refused(ErrorCode.SIGNATURE_INVALID, () -> sdk.shields().registerBiometric(o.number(), o.holder(),
                new BiometricKey(AuthMethod.FINGERPRINT, KeyAlgorithm.EC_P256, spki, ch.id(), byOther), pin(o.number(), PIN)));
        // declared SM2, but a P-256 key
        PinChallenge ch2 = sdk.shields().pinChallenge(o.number());
        byte[] possession = phone.sign(finger, SignatureScheme.ECDSA_SHA256, BiometricKey.registrationMessage(ch2, o.number(),
                AuthMethod.FINGERPRINT, spki));
        refused(ErrorCode.ALGORITHM_NOT_SUPPORTED, () -> sdk.shields().registerBiometric(o.number(), o.holder(),
                new BiometricKey(AuthMethod.FINGERPRINT, KeyAlgorithm.SM2, spki, ch2.id(), possession), pin(o.number(), PIN)));
        refused(ErrorCode.ALGORITHM_NOT_SUPPORTED, () -> new BiometricKey(AuthMethod.FINGERPRINT, KeyAlgorithm.RSA_2048, spki, ch2.id(), possession));
        refused(ErrorCode.INVALID_ARGUMENT, () -> new BiometricKey(AuthMethod.PIN, KeyAlgorithm.EC_P256, spki, ch2.id(), possession));
        // a wrong PIN: counted, nothing registered
        refusedWithAttemptsLeft(ErrorCode.PIN_INCORRECT, 5, () -> sdk.shields().registerBiometric(o.number(), o.holder(),
                new BiometricKey(AuthMethod.FINGERPRINT, KeyAlgorithm.EC_P256, spki, ch2.id(), possession), pin(o.number(), "864209")));
        assertThat(sdk.shields().details(o.number()).authMethod()).isEqualTo(AuthMethod.PIN);
        refused(ErrorCode.BIOMETRIC_NOT_REGISTERED, () -> sdk.shields().changeAuthMethod(o.number(), o.holder(), AuthMethod.FINGERPRINT,
                pin(o.number(), PIN)));
        // the right registration, then its challenge replayed
        BiometricKey key = new BiometricKey(AuthMethod.FINGERPRINT, KeyAlgorithm.EC_P256, spki, ch2.id(), possession);
        sdk.shields().registerBiometric(o.number(), o.holder(), key, pin(o.number(), PIN));
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> sdk.shields().registerBiometric(o.number(), o.holder(), key, pin(o.number(), PIN)));
        // only the holder registers
        refused(ErrorCode.FORBIDDEN, () -> register(o.number(), Actor.holder("acct-someone-else"), AuthMethod.FINGERPRINT, finger,
                KeyAlgorithm.EC_P256, pin(o.number(), PIN)));
    }

    @Test
    @DisplayName("secrets: no PIN, signature or key material in the audit log, messages or toString()")
    void noSecrets() {
        Opened o = open(DemoBank.ZHANG, "iphone-zhang", CustodyMode.DEVICE, KeyAlgorithm.EC_P256);
        KeyPair finger = phone.generate(KeyAlgorithm.EC_P256);
        register(o.number(), o.holder(), AuthMethod.FINGERPRINT, finger, KeyAlgorithm.EC_P256, pin(o.number(), PIN));
        PinProof.BiometricSignature good = touch(o.number(), finger, KeyAlgorithm.EC_P256);
        String sigHex = HexFormat.of().formatHex(good.signature());
        String sigB64 = java.util.Base64.getEncoder().encodeToString(good.signature());
        payDevice(o, good);
        ShieldException e = org.junit.jupiter.api.Assertions.assertThrows(ShieldException.class,
                () -> payDevice(o, touch(o.number(), phone.generate(KeyAlgorithm.EC_P256), KeyAlgorithm.EC_P256)));
        String privateKey = HexFormat.of().formatHex(finger.getPrivate().getEncoded());
        for (String text : List.of(audit().toString(), e.getMessage(), good.toString(), sdk.shields().details(o.number()).toString())) {
            assertThat(text).doesNotContain(PIN).doesNotContain(sigHex).doesNotContain(sigB64).doesNotContain(privateKey);
        }
    }
}
