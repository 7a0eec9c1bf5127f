package io.mshield.core.persistence.jdbc;

import io.mshield.Actor;
import io.mshield.MobileShield;
import io.mshield.core.MobileShields;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyStorage;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.bc.Phone;
import io.mshield.crypto.twoparty.MaskedShare;
import io.mshield.crypto.twoparty.Sm2TwoPartyPhone;
import io.mshield.enrollment.Application;
import io.mshield.enrollment.DeviceInfo;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.KeyProposal;
import io.mshield.enrollment.OneTimeCode;
import io.mshield.identity.CreditCode;
import io.mshield.identity.DeviceId;
import io.mshield.identity.EnterpriseFiling;
import io.mshield.identity.EnterpriseId;
import io.mshield.identity.FiledPerson;
import io.mshield.identity.PersonName;
import io.mshield.identity.PhoneNumber;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.identity.UserId;
import io.mshield.identity.UserType;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.limit.CumulativeLimits;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.persistence.Persistence;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.Pin;
import io.mshield.pin.PinBlock;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinProof;
import io.mshield.pin.RoundProof;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.ShieldDetails;
import io.mshield.transaction.Party;
import io.mshield.transaction.Transaction;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bank and its customers' phones for the fault tests, on the real crypto: one enterprise with
 * its filing, SMS and face doubles that always work, a daily limit per shield, and phones that
 * hold DEVICE keys or COLLABORATIVE masked shares. Used in-process and by {@link FaultChild}.
 */
final class FaultBank {
    /** The enterprise. */
    static final EnterpriseId ENTERPRISE = EnterpriseId.of("ent-fault");
    /** Its credit code. */
    static final CreditCode CREDIT_CODE = CreditCode.of("91350100M000100Y43");
    /** The legal representative. */
    static final ResidentIdNumber BOSS = ResidentIdNumber.of("11010519491231002X");
    /** An operator. */
    static final ResidentIdNumber OPERATOR = ResidentIdNumber.of("440524188001010014");
    /** Every holder's PIN. */
    static final String PIN = "135790";
    /** The SM2 user id of the COLLABORATIVE phones. */
    static final String USER_ID = "1234567812345678";
    /** The daily limit per shield. */
    static final Money DAILY_LIMIT = Money.cny("100000.00");
    /** Bank staff. */
    static final Actor STAFF = Actor.bankStaff("teller-f", "br-0592", "idv-f");
    /** The password of key store files. */
    static final char[] KEY_STORE_PASSWORD = "fault-test-key-store".toCharArray();

    final SecureRandom random = new SecureRandom();
    final Phone phone = new Phone(random);
    final Sm2TwoPartyPhone twoParty = new Sm2TwoPartyPhone(random, USER_ID);
    private final Map<String, List<String>> sms = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong counter = new AtomicLong();

    /**
     * The real crypto on a store: BouncyCastle with its in-memory key storage, the CA's state in the store.
     *
     * @param store the store
     * @param clock the clock
     * @return the crypto
     */
    BouncyCastleCrypto crypto(Persistence store, Clock clock) {
        return BouncyCastleCrypto.builder().persistence(store).random(random).clock(clock).build();
    }

    /**
     * The real crypto on a store with a key store file, as a bank process has it.
     *
     * @param store the store
     * @param keys  the key storage
     * @return the crypto
     */
    BouncyCastleCrypto crypto(Persistence store, KeyStorage keys) {
        return BouncyCastleCrypto.builder().keyStorage(keys).persistence(store).random(random).build();
    }

    /**
     * An SDK on a store and crypto.
     *
     * @param store  the store
     * @param crypto the crypto
     * @param clock  the clock
     * @return the SDK
     */
    MobileShield sdk(Persistence store, BouncyCastleCrypto crypto, Clock clock) {
        return MobileShields.builder().persistence(store).crypto(crypto)
                .smsSender((to, purpose, code) -> sms.computeIfAbsent(to.value(), k -> new CopyOnWriteArrayList<>()).add(new String(code.digits())))
                .faceVerifier((person, name, capture) -> new FaceVerifier.FaceResult(0.97, true, "face-ok"))
                .identityRegistry(e -> e.equals(ENTERPRISE) ? Optional.of(filing()) : Optional.empty())
                .hardwareKeys((e, person) -> false)
                .coolingOff(CoolingOffPolicy.none())
                .cumulativeLimits(CumulativeLimits.builder().dailyPerShield(DAILY_LIMIT).build())
                .clock(clock).random(random).build();
    }

    private static EnterpriseFiling filing() {
        return new EnterpriseFiling(ENTERPRISE, "厦门故障测试有限公司", CREDIT_CODE, BOSS, List.of(
                new FiledPerson(PersonName.of("张三"), BOSS, UserType.LEGAL_REPRESENTATIVE, PhoneNumber.of(phoneOf(BOSS))),
                new FiledPerson(PersonName.of("李四"), OPERATOR, UserType.OPERATOR, PhoneNumber.of(phoneOf(OPERATOR)))), 1);
    }

    static String phoneOf(ResidentIdNumber who) {
        return who.equals(BOSS) ? "13800000001" : "13900000002";
    }

    static PersonName nameOf(ResidentIdNumber who) {
        return PersonName.of(who.equals(BOSS) ? "张三" : "李四");
    }

    /**
     * An application.
     *
     * @param who     the applicant
     * @param device  the device
     * @param custody the custody mode
     * @param alg     the algorithm
     * @return the application
     */
    Application application(ResidentIdNumber who, String device, CustodyMode custody, KeyAlgorithm alg) {
        return new Application("fault-" + requests.incrementAndGet() + "-" + random.nextInt(1_000_000), ENTERPRISE, CREDIT_CODE, who, nameOf(who),
                who.equals(BOSS) ? UserType.LEGAL_REPRESENTATIVE : UserType.OPERATOR,
                new DeviceInfo(DeviceId.of(device), UserId.of("acct-" + device), Set.of(AuthMethod.PIN)), custody, alg);
    }

    /**
     * The last code texted to a person.
     *
     * @param who the person
     * @return the code
     */
    OneTimeCode lastCode(ResidentIdNumber who) {
        List<String> codes = sms.get(phoneOf(who));
        return OneTimeCode.of(codes.get(codes.size() - 1));
    }

    /**
     * A PIN block, encrypted by the phone to the bank's PIN key.
     *
     * @param challenge the challenge
     * @param pin       the PIN
     * @return the block
     */
    PinProof.EncryptedPin block(PinChallenge challenge, String pin) {
        try (Pin p = Pin.of(pin)) {
            return new PinProof.EncryptedPin(challenge.id(), phone.encrypt(challenge.pinKey(), PinBlock.encode(challenge, p)));
        }
    }

    /**
     * A transfer of an amount.
     *
     * @param amount the amount
     * @return the transaction
     */
    Transaction transfer(String amount) {
        return new Transaction("ref-" + requests.incrementAndGet() + "-" + random.nextInt(1_000_000), Scenario.TRANSFER, Money.cny(amount),
                new Party("付款方", "6222000000000001", "厦门银行"), Optional.of(new Party("收款方", "6222000000000002", "工商银行")), List.of(),
                "mobile", "转账 " + amount + " 元");
    }

    /** A COLLABORATIVE holder's phone: the masked share on its storage and its round counter. */
    final class CollaborativePhone {
        final MaskedShare stored;
        final ShieldDetails shield;

        CollaborativePhone(MaskedShare stored, ShieldDetails shield) {
            this.stored = stored;
            this.shield = shield;
        }

        Sm2TwoPartyPhone.Share share() {
            return Sm2TwoPartyPhone.shareOf(stored.unmask(PIN.toCharArray()));
        }
    }

    /**
     * A round's proof: a PIN block for a fresh challenge and the next counter.
     *
     * @param sdk    the SDK
     * @param holder the phone
     * @return the proof
     */
    RoundProof proof(MobileShield sdk, CollaborativePhone holder) {
        return new RoundProof(block(sdk.shields().pinChallenge(holder.shield.number()), PIN), counter.incrementAndGet());
    }

    /**
     * Opens a COLLABORATIVE SM2 shield through every step, the CSR co-signed after the PIN round.
     *
     * @param sdk    the SDK
     * @param who    the applicant
     * @param device the device
     * @return the phone holding the share
     */
    CollaborativePhone openCollaborative(MobileShield sdk, ResidentIdNumber who, String device) {
        EnrollmentSession s = upToAuthentication(sdk, application(who, device, CustodyMode.COLLABORATIVE, KeyAlgorithm.SM2));
        sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(block(sdk.enrollment().pinChallenge(s.id()), PIN)));
        Sm2TwoPartyPhone.Share share = twoParty.newShare();
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        MaskedShare stored = MaskedShare.mask(share.d1(), PIN.toCharArray(), salt, 10);
        java.security.PublicKey joint = sdk.enrollment().prepareKey(s.id(), new KeyProposal.CollaborativeKey(share.p1())).publicKey().orElseThrow();
        byte[] info = phone.certificationRequestInfo(joint, nameOf(who).value());
        Sm2TwoPartyPhone.Round round = twoParty.startRound();
        RoundProof proof = new RoundProof(block(sdk.enrollment().pinChallenge(s.id()), PIN), counter.incrementAndGet());
        CollaborativeSm2.CoSignature c = sdk.enrollment().coSignCertificateRequest(s.id(), info, proof, round.q1());
        ShieldDetails d = sdk.enrollment().complete(s.id(), phone.certificateRequest(info, twoParty.finish(share, round, c.r(), c.s2(), c.s3())));
        return new CollaborativePhone(stored, d);
    }

    /**
     * The enrollment steps before the authentication method.
     *
     * @param sdk the SDK
     * @param app the application
     * @return the session
     */
    EnrollmentSession upToAuthentication(MobileShield sdk, Application app) {
        EnrollmentSession s = sdk.enrollment().start(app);
        sdk.enrollment().acceptAgreement(s.id(), "v1");
        sdk.enrollment().sendSmsCode(s.id());
        sdk.enrollment().verifySmsCode(s.id(), lastCode(app.applicant()));
        sdk.enrollment().verifyFace(s.id(), new FaceVerifier.FaceCapture(new byte[]{1}));
        return s;
    }
}
