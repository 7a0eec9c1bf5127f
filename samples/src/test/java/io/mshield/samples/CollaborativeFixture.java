package io.mshield.samples;

import io.mshield.MobileShield;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.bc.Phone;
import io.mshield.crypto.twoparty.MaskedShare;
import io.mshield.crypto.twoparty.Sm2TwoPartyPhone;
import io.mshield.enrollment.Application;
import io.mshield.enrollment.DeviceInfo;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.KeyProposal;
import io.mshield.identity.DeviceId;
import io.mshield.identity.PersonName;
import io.mshield.identity.UserId;
import io.mshield.identity.UserType;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.Pin;
import io.mshield.pin.PinBlock;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinProof;
import io.mshield.pin.RoundProof;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.ShieldDetails;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.Party;
import io.mshield.transaction.SignatureReceipt;
import io.mshield.transaction.Transaction;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A COLLABORATIVE shield and the phone that holds its masked share, driven through the public API
 * on the real crypto: what the holder's app does, and what a thief holding a copy of the phone's
 * storage can do.
 */
final class CollaborativeFixture {
    static final String PIN = "135790";
    static final String USER_ID = "1234567812345678";

    final SecureRandom random = new SecureRandom();
    final MobileShield sdk;
    final DemoBank bank;
    final Phone device = new Phone(random);
    final Sm2TwoPartyPhone phone = new Sm2TwoPartyPhone(random, USER_ID);
    private final int iterations;
    MaskedShare stored;
    PublicKey jointKey;
    ShieldDetails shield;
    long counter;

    CollaborativeFixture(MobileShield sdk, DemoBank bank, int iterations) {
        this.sdk = sdk;
        this.bank = bank;
        this.iterations = iterations;
    }

    static BouncyCastleCrypto crypto() {
        return BouncyCastleCrypto.create();
    }

    /** The PIN block for a challenge, as the app encrypts it to the bank's PIN key. */
    PinProof.EncryptedPin block(PinChallenge challenge, String pin) {
        try (Pin p = Pin.of(pin.toCharArray(), pin.length())) {
            return new PinProof.EncryptedPin(challenge.id(), device.encrypt(challenge.pinKey(), PinBlock.encode(challenge, p)));
        }
    }

    /** A round's proof for a fresh challenge of the shield, with the next counter. */
    RoundProof proof(String pin) {
        return new RoundProof(block(sdk.shields().pinChallenge(shield.number()), pin), ++counter);
    }

    Sm2TwoPartyPhone.Share share(String pin) {
        return Sm2TwoPartyPhone.shareOf(stored.unmask(pin.toCharArray()));
    }

    EnrollmentSession upToAuthentication(String device) {
        return upToAuthentication(device, DemoBank.ZHANG);
    }

    EnrollmentSession upToAuthentication(String device, io.mshield.identity.ResidentIdNumber who) {
        Application app = new Application("c-" + device, DemoBank.ENTERPRISE, DemoBank.CREDIT_CODE, who, PersonName.of(DemoBank.NAMES.get(who)),
                who.equals(DemoBank.ZHANG) ? UserType.LEGAL_REPRESENTATIVE : UserType.OPERATOR,
                new DeviceInfo(DeviceId.of(device), UserId.of("acct-" + device), Set.of(AuthMethod.PIN, AuthMethod.FINGERPRINT)),
                CustodyMode.COLLABORATIVE, KeyAlgorithm.SM2);
        EnrollmentSession s = sdk.enrollment().start(app);
        sdk.enrollment().acceptAgreement(s.id(), "v1");
        sdk.enrollment().sendSmsCode(s.id());
        sdk.enrollment().verifySmsCode(s.id(), bank.lastCode(who));
        sdk.enrollment().verifyFace(s.id(), new FaceVerifier.FaceCapture(new byte[]{1}));
        return s;
    }

    /** Opens the shield: PIN registered, share masked, the CSR co-signed after the PIN round. */
    ShieldDetails open() {
        EnrollmentSession s = upToAuthentication("phone-c");
        sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(block(sdk.enrollment().pinChallenge(s.id()), PIN)));
        Sm2TwoPartyPhone.Share share = phone.newShare();
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        stored = MaskedShare.mask(share.d1(), PIN.toCharArray(), salt, iterations);
        jointKey = sdk.enrollment().prepareKey(s.id(), new KeyProposal.CollaborativeKey(share.p1())).publicKey().orElseThrow();
        byte[] info = device.certificationRequestInfo(jointKey, "张三");
        Sm2TwoPartyPhone.Round round = phone.startRound();
        RoundProof proof = new RoundProof(block(sdk.enrollment().pinChallenge(s.id()), PIN), ++counter);
        CollaborativeSm2.CoSignature c = sdk.enrollment().coSignCertificateRequest(s.id(), info, proof, round.q1());
        shield = sdk.enrollment().complete(s.id(), device.certificateRequest(info, phone.finish(share(PIN), round, c.r(), c.s2(), c.s3())));
        return shield;
    }

    Authorization.Allowed authorize(String amount) {
        return (Authorization.Allowed) sdk.transactions().authorize(shield.number(), new Transaction("ref-" + amount + "-" + random.nextInt(),
                Scenario.TRANSFER, Money.cny(amount), new Party("付款方", "6222000000000001", "厦门银行"),
                Optional.of(new Party("收款方", "6222000000000002", "工商银行")), List.of(), "mobile", "转账 " + amount + " 元"), Authenticator.SHIELD);
    }

    /** The holder's app: a payment, co-signed after the PIN round, completed. */
    SignatureReceipt pay(String amount, String pin) {
        Authorization.Allowed a = authorize(amount);
        Sm2TwoPartyPhone.Round round = phone.startRound();
        CollaborativeSm2.CoSignature c = sdk.transactions().coSign(a.id(), proof(pin), round.q1());
        byte[] sig = phone.finish(share(pin), round, c.r(), c.s2(), c.s3());
        return sdk.transactions().complete(a.id(), sig, Optional.empty());
    }

    /** The holder's app: a PIN challenge co-signed after its PIN block, then the joint signature checked. */
    PinCheck proveAndCheck(String pin) {
        PinChallenge ch = sdk.shields().pinChallenge(shield.number());
        Sm2TwoPartyPhone.Round round = phone.startRound();
        CollaborativeSm2.CoSignature c = sdk.shields().coSignPinChallenge(shield.number(), new RoundProof(block(ch, pin), ++counter), round.q1());
        byte[] sig = phone.finish(share(pin), round, c.r(), c.s2(), c.s3());
        return sdk.shields().checkPin(shield.number(), new PinProof.JointSignature(ch.id(), sig));
    }
}
