package io.mshield.samples;

import io.mshield.Actor;
import io.mshield.MobileShield;
import io.mshield.ShieldException;
import io.mshield.core.MobileShields;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.bc.Phone;
import io.mshield.enrollment.Application;
import io.mshield.enrollment.DeviceInfo;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.shield.HolderOperation;
import io.mshield.enrollment.OneTimeCode;
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
import io.mshield.core.persistence.jdbc.JdbcPersistence;
import io.mshield.core.persistence.memory.InMemoryPersistence;
import io.mshield.persistence.Persistence;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.Pin;
import io.mshield.pin.PinBlock;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinPolicy;
import io.mshield.pin.PinProof;
import io.mshield.seal.SealMediaTrust;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.ShieldDetails;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.Party;
import io.mshield.transaction.PayrollLine;
import io.mshield.transaction.SignatureReceipt;
import io.mshield.transaction.Transaction;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bank's day with MobileShield, end to end on real components: the SDK built from the
 * BouncyCastle crypto provider, a store, and the bank's adapters; phones simulated with the same
 * crypto code an app would use. Prints a transcript a product owner can follow.
 */
final class BankDemo {
    private static final Party PAYER = new Party("厦门示例贸易有限公司", "6222000000000001", "厦门银行");
    private static final Party PAYEE = new Party("上海供应商有限公司", "6222000000000002", "工商银行");

    private final PrintStream out;
    private final Optional<Path> outDir;
    /** The SDK's clock: starts now, and the demo moves it to show cooling-off and renewal. */
    private final DemoClock clock = new DemoClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    private final SecureRandom random = new SecureRandom();
    private final Phone phone = new Phone(random);
    private final DemoBank bank;
    private final BouncyCastleCrypto crypto;
    private final MobileShield sdk;
    private final Map<String, KeyPair> phoneKeys = new HashMap<>();
    private int requests;
    /** Whom this walkthrough serves: the first run's customers, or new ones on a second run. */
    private DemoBank.Cohort who = DemoBank.FIRST;

    BankDemo(PrintStream out, Optional<Path> outDir, Optional<Path> dataDir) {
        this.out = out;
        this.outDir = outDir;
        this.bank = new DemoBank(out);
        Persistence persistence = dataDir.<Persistence>map(JdbcPersistence::embeddedH2).orElseGet(InMemoryPersistence::new);
        // the CA keeps real time, so that its CRLs and the files in --out check with OpenSSL today
        BouncyCastleCrypto.Builder cb = BouncyCastleCrypto.builder().random(random).persistence(persistence);
        dataDir.ifPresent(d -> cb.keyStorage(BouncyCastleCrypto.keyStoreFile(d.resolve("bank-keys.mks"), "demo-only-password".toCharArray())));
        this.crypto = cb.build();
        this.sdk = MobileShields.builder()
                .persistence(persistence)
                .crypto(crypto)
                .smsSender(bank).faceVerifier(bank).identityRegistry(bank).hardwareKeys(bank)
                .pinPolicy(PinPolicy.seed002())
                .coolingOff(CoolingOffPolicy.seed004())
                // the demo's USB keys are certified by the bank's own CA: its P-256 issuing CA is the
                // seal media CA the bank trusts, and its CRL the revocation data
                .sealMediaTrust(sealMediaTrust(crypto))
                .clock(clock).random(random)
                .build();
    }

    private static SealMediaTrust sealMediaTrust(BouncyCastleCrypto crypto) {
        try {
            return SealMediaTrust.of(List.of(crypto.certificateAuthority().chain(KeyAlgorithm.Family.EC).get(0).getEncoded()),
                    () -> List.of(crypto.certificateAuthority().crl(KeyAlgorithm.Family.EC)));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    void run() {
        try {
            List<ShieldDetails> earlier = shieldsOf(DemoBank.FIRST);
            out.println();
            out.println("existing shields: " + earlier.size());
            if (!earlier.isEmpty()) {
                if (!shieldsOf(DemoBank.SECOND).isEmpty()) {
                    var v = sdk.audit().verify();
                    out.println("  this database already holds both walkthroughs' customers; audit log: " + v.entriesChecked()
                            + " entries, hash chain intact: " + v.intact());
                    out.println("  (run with a new --data DIR, or none, to walk through again)");
                    return;
                }
                afterRestart();
                who = DemoBank.SECOND;
                out.println();
                out.println("Walking through again with new customers: " + who.enterpriseName() + " (" + who.enterprise().value() + ")");
            }
            ShieldDetails zhang = opening();
            pins();
            transactions();
            administration();
            new DailyUses(sdk, crypto, bank, who, phone, clock, out, outDir).run(
                    sdk.shields().shieldsOf(who.enterprise(), who.zhang()).get(0), phoneKeys);
            maintenance(zhang);
            artifacts();
            section("9. The audit log");
            var v = sdk.audit().verify();
            out.println("  " + v.entriesChecked() + " entries, " + v.checkpointsChecked()
                    + " authenticated checkpoints; chain, seal and checkpoints intact: " + v.intact()
                    + v.finding().map(f -> " (" + f + ": " + v.problem().orElse("") + ")").orElse(""));
        } finally {
            sdk.close();
        }
    }

    private List<ShieldDetails> shieldsOf(DemoBank.Cohort cohort) {
        List<ShieldDetails> all = new java.util.ArrayList<>();
        for (ResidentIdNumber person : cohort.people()) {
            all.addAll(sdk.shields().shieldsOf(cohort.enterprise(), person));
        }
        return all;
    }

    /**
     * A second run on the same {@code --data}: a new SDK, CA and key storage object on the first run's
     * database and key store file administer the shields opened before (CA-PERSIST).
     */
    private void afterRestart() {
        section("After the restart: the first run's shields, administered by this new process (CA-PERSIST)");
        for (ResidentIdNumber person : who.people()) {
            for (ShieldDetails d : sdk.shields().shieldsOf(who.enterprise(), person)) {
                out.printf("  %s of %s: %s, %s certificate %s%n", d.number().value(), n(person), d.status(), d.algorithm(),
                        d.certificate().map(c -> c.serialHex()).orElse("-"));
            }
        }
        Actor legalRep = Actor.legalRepresentative("zhang", who.enterprise(), who.zhang());
        ShieldDetails li = active(who.li());
        ShieldDetails sun = active(who.sun());
        out.println("  " + n(who.li()) + " reports the phone lost: " + sdk.administration().reportLoss(li.number(), Actor.holder(account("huawei-li"))).status()
                + "; the CA answers " + caStatus(li));
        out.println("  the legal representative freezes " + n(who.sun()) + "'s shield: " + sdk.administration().freeze(sun.number(), legalRep).status()
                + "; the CA answers " + caStatus(sun));
        out.println("  and voids it: " + sdk.administration().voidShield(sun.number(), legalRep).status() + "; the CA answers " + caStatus(sun));
        byte[] crl = crypto.certificateAuthority().crl(KeyAlgorithm.valueOf(sun.algorithm().name()).family());
        boolean listed = lists(crl, new java.math.BigInteger(sun.certificate().orElseThrow().serialHex(), 16));
        out.println("  the CRL published now lists the voided certificate " + sun.certificate().get().serialHex() + ": " + listed);
        outDir.ifPresent(dir -> {
            CryptoArtifacts.write(dir, "ca-after-restart-crl.pem", CryptoArtifacts.pem("X509 CRL", crl), new java.util.ArrayList<>());
            out.println("  wrote ca-after-restart-crl.pem");
        });
    }

    private static boolean lists(byte[] crl, java.math.BigInteger serial) {
        try {
            return new org.bouncycastle.cert.X509CRLHolder(crl).getRevokedCertificate(serial) != null;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the CA published a CRL that does not parse", e);
        }
    }

    private ShieldDetails active(ResidentIdNumber person) {
        return sdk.shields().shieldsOf(who.enterprise(), person).stream()
                .filter(d -> d.status() == io.mshield.shield.ShieldStatus.ACTIVE).findFirst()
                .orElseThrow(() -> new IllegalStateException(n(person) + " has no active shield from the first run"));
    }

    private String caStatus(ShieldDetails d) {
        var s = crypto.certificateAuthority().status(new java.math.BigInteger(d.certificate().orElseThrow().serialHex(), 16), Instant.now());
        return s.state() + s.reason().map(r -> " (" + r + ")").orElse("");
    }

    private ShieldDetails opening() {
        section("3. Opening shields (R1, R2): permission, agreement, SMS, face, PIN, key, certificate");
        Actor superAdmin = Actor.superAdministrator("zhang", who.enterprise(), who.zhang());
        sdk.permissions().grant(superAdmin, who.enterprise(), who.li());
        out.println("  super administrator " + n(who.zhang()) + " grants " + n(who.li()) + " (" + who.li().masked() + ") the right to hold a shield");
        ShieldDetails device = open(who.zhang(), "iphone-zhang", CustodyMode.DEVICE, KeyAlgorithm.EC_P256, "135790");
        ShieldDetails hosted = open(who.li(), "huawei-li", CustodyMode.HOSTED, KeyAlgorithm.SM2, "470258");
        sdk.permissions().grant(superAdmin, who.enterprise(), who.sun());
        open(who.sun(), "xiaomi-sun", CustodyMode.DEVICE, KeyAlgorithm.EC_P256, "369258");
        sdk.permissions().grant(superAdmin, who.enterprise(), who.wang());
        collaborative();
        sdk.permissions().withdraw(superAdmin, who.enterprise(), who.wang());
        out.println("  the super administrator withdraws " + n(who.wang()) + "'s permission: the shield is revoked with it (R1.1)");
        refused(n(who.wang()) + ", no longer entitled, applying again", () -> sdk.enrollment().start(application(who.wang(), "oppo-wang-2",
                CustodyMode.DEVICE, KeyAlgorithm.EC_P256)));
        refused("a second shield for " + n(who.zhang()) + " in the same enterprise", () -> sdk.enrollment().start(application(who.zhang(), "ipad-zhang",
                CustodyMode.DEVICE, KeyAlgorithm.EC_P256)));
        return device.custody() == CustodyMode.DEVICE ? device : hosted;
    }

    private ShieldDetails open(ResidentIdNumber person, String device, CustodyMode custody, KeyAlgorithm alg, String pin) {
        Application app = application(person, device, custody, alg);
        EnrollmentSession s = sdk.enrollment().start(app);
        sdk.enrollment().acceptAgreement(s.id(), "2026-11");
        sdk.enrollment().sendSmsCode(s.id());
        sdk.enrollment().verifySmsCode(s.id(), bank.lastCode(person));
        sdk.enrollment().verifyFace(s.id(), new FaceVerifier.FaceCapture(new byte[]{1, 2, 3}));
        sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(pinBlock(sdk.enrollment().pinChallenge(s.id()), pin)));
        ShieldDetails d;
        if (custody == CustodyMode.DEVICE) {
            sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey());
            KeyPair keys = phone.generate(alg);
            phoneKeys.put(s.shieldNumber().value(), keys);
            d = sdk.enrollment().complete(s.id(), phone.certificateRequest(keys, alg, n(person)));
        } else {
            sdk.enrollment().prepareKey(s.id(), new KeyProposal.HostedKey());
            d = sdk.enrollment().complete(s.id(), new byte[0]);
        }
        out.printf("  opened %s for %s: %s custody, %s key, certificate %s valid to %s%n", d.number().value(), n(person),
                d.custody(), d.algorithm(), d.certificate().orElseThrow().serialHex(), d.certificate().get().notAfter());
        return d;
    }

    /** COLLABORATIVE custody: the phone keeps d1 masked by the PIN, the bank d2; they sign together. */
    private void collaborative() {
        io.mshield.crypto.twoparty.Sm2TwoPartyPhone twoParty = new io.mshield.crypto.twoparty.Sm2TwoPartyPhone(random, "1234567812345678");
        EnrollmentSession s = sdk.enrollment().start(application(who.wang(), "oppo-wang", CustodyMode.COLLABORATIVE, KeyAlgorithm.SM2));
        sdk.enrollment().acceptAgreement(s.id(), "2026-11");
        sdk.enrollment().sendSmsCode(s.id());
        sdk.enrollment().verifySmsCode(s.id(), bank.lastCode(who.wang()));
        sdk.enrollment().verifyFace(s.id(), new FaceVerifier.FaceCapture(new byte[]{5}));
        sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(pinBlock(sdk.enrollment().pinChallenge(s.id()), "246813")));
        io.mshield.crypto.twoparty.Sm2TwoPartyPhone.Share share = twoParty.newShare();
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        io.mshield.crypto.twoparty.MaskedShare stored = io.mshield.crypto.twoparty.MaskedShare.mask(share.d1(), "246813".toCharArray(), salt,
                io.mshield.crypto.twoparty.MaskedShare.DEFAULT_ITERATIONS);
        java.security.PublicKey joint = sdk.enrollment().prepareKey(s.id(), new KeyProposal.CollaborativeKey(share.p1())).publicKey().orElseThrow();
        byte[] info = phone.certificationRequestInfo(joint, n(who.wang()));
        io.mshield.crypto.twoparty.Sm2TwoPartyPhone.Round round = twoParty.startRound();
        long counter = 0;
        var c = sdk.enrollment().coSignCertificateRequest(s.id(), info,
                new io.mshield.pin.RoundProof(pinBlock(sdk.enrollment().pinChallenge(s.id()), "246813"), ++counter), round.q1());
        var unmasked = io.mshield.crypto.twoparty.Sm2TwoPartyPhone.shareOf(stored.unmask("246813".toCharArray()));
        ShieldDetails d = sdk.enrollment().complete(s.id(), phone.certificateRequest(info, twoParty.finish(unmasked, round, c.r(), c.s2(), c.s3())));
        out.printf("  opened %s for " + n(who.wang()) + ": %s custody, %s joint key — the private key never exists whole; the phone stores%n"
                + "           only d1 masked by the PIN, the bank only d2 in its key storage and the PIN's keyed hash%n",
                d.number().value(), d.custody(), d.algorithm());
        long round2 = ++counter;
        refused("a round with a wrong PIN block gets nothing computed from d2", () -> sdk.shields().coSignPinChallenge(d.number(),
                new io.mshield.pin.RoundProof(pin(d.number(), "111111"), round2), twoParty.startRound().q1()));
        PinChallenge ch = sdk.shields().pinChallenge(d.number());
        var pinRound = twoParty.startRound();
        var w = sdk.shields().coSignPinChallenge(d.number(), new io.mshield.pin.RoundProof(pinBlock(ch, "246813"), ++counter), pinRound.q1());
        PinCheck check = sdk.shields().checkPin(d.number(), new PinProof.JointSignature(ch.id(),
                twoParty.finish(unmasked, pinRound, w.r(), w.s2(), w.s3())));
        out.println("  the right PIN block, then a joint signature over the challenge (PIN and phone share together): " + describe(check));
        Authorization.Allowed a = (Authorization.Allowed) sdk.transactions().authorize(d.number(), new Transaction(who.tag() + "wang-1", Scenario.OTHER,
                Money.cny("20000.00"), PAYER, Optional.of(PAYEE), List.of(), "mobile", "其他业务 20,000.00 元 给 上海供应商有限公司"), Authenticator.SHIELD);
        var payRound = twoParty.startRound();
        var pay = sdk.transactions().coSign(a.id(), new io.mshield.pin.RoundProof(pin(d.number(), "246813"), ++counter), payRound.q1());
        SignatureReceipt receipt = sdk.transactions().complete(a.id(), twoParty.finish(unmasked, payRound, pay.r(), pay.s2(), pay.s3()), Optional.empty());
        out.println("  " + n(who.wang()) + " pays 20,000.00 CNY: the bank computed e from the payment it holds and co-signed; " + receipt.record().outcome());
        var evidence = sdk.signatures().evidence(receipt.record().id()).orElseThrow();
        outDir.ifPresent(dir -> {
            CryptoArtifacts.write(dir, "evidence-sm2.bin", evidence.content(), new java.util.ArrayList<>());
            CryptoArtifacts.write(dir, "evidence-sm2.p7s", evidence.cms(), new java.util.ArrayList<>());
            CryptoArtifacts.write(dir, "evidence-sm2-leaf.pem", CryptoArtifacts.pem("CERTIFICATE", evidence.chain().get(0)), new java.util.ArrayList<>());
            out.println("  wrote evidence-sm2.bin, evidence-sm2.p7s and evidence-sm2-leaf.pem (two-party SM2)");
            out.println("  wrote " + String.join(", ", CryptoArtifacts.writeTimeStamp(dir, "sm2", evidence.cms(),
                    crypto.timeStamping().orElseThrow().chain(KeyAlgorithm.Family.SM2))) + " (its RFC 3161 time-stamp token)");
        });
    }

    private Application application(ResidentIdNumber person, String device, CustodyMode custody, KeyAlgorithm alg) {
        return new Application("demo-" + who.tag() + (++requests), who.enterprise(), who.creditCode(), person, PersonName.of(n(person)),
                person.equals(who.zhang()) ? UserType.LEGAL_REPRESENTATIVE : UserType.OPERATOR,
                new DeviceInfo(DeviceId.of(who.tag() + device), UserId.of(account(device)), Set.of(AuthMethod.PIN, AuthMethod.FINGERPRINT)),
                custody, alg);
    }

    private static String n(ResidentIdNumber person) {
        return DemoBank.NAMES.get(person);
    }

    /** The bank account id of the app on a device of this cohort. */
    private String account(String device) {
        return "acct-" + who.tag() + device;
    }

    private PinProof.EncryptedPin pinBlock(PinChallenge challenge, String pin) {
        try (Pin p = Pin.of(pin)) {
            return new PinProof.EncryptedPin(challenge.id(), phone.encrypt(challenge.pinKey(), PinBlock.encode(challenge, p)));
        }
    }

    private PinProof.EncryptedPin pin(ShieldNumber shield, String pin) {
        return pinBlock(sdk.shields().pinChallenge(shield), pin);
    }

    private void pins() {
        section("4. PIN rules (R5, policy of seed 002: 6 wrong → locked until the bank resets it)");
        ShieldNumber li = sdk.shields().shieldsOf(who.enterprise(), who.li()).get(0).number();
        for (int i = 1; i <= 6; i++) {
            PinCheck c = sdk.shields().checkPin(li, pin(li, "000135"));
            out.println("  wrong PIN #" + i + ": " + describe(c));
        }
        refused("even the right PIN while locked", () -> sdk.shields().changeAuthMethod(li, Actor.holder(account("huawei-li")),
                AuthMethod.FINGERPRINT, pin(li, "470258")));
        sdk.administration().resetPin(li, Actor.bankStaff("teller-07", "xm-0592", "idv-20261122-0017"), pin(li, "582946"));
        out.println("  bank staff verify 李四's identity (record idv-20261122-0017) and reset the PIN to a NEW PIN he sets on the phone (seed 002)");
        out.println("  the old PIN now: " + describe(sdk.shields().checkPin(li, pin(li, "470258")))
                + "; the new PIN: " + describe(sdk.shields().checkPin(li, pin(li, "582946"))));
    }

    private static String describe(PinCheck c) {
        if (c instanceof PinCheck.Rejected r) {
            return "rejected, " + r.attemptsLeft() + " attempts left";
        }
        if (c instanceof PinCheck.Locked l) {
            return "locked (" + l.action() + ")";
        }
        return "accepted";
    }

    private void maintenance(ShieldDetails zhang) {
        section("7. Renewal and reissue (R3.4, R3.5)");
        Actor holder = Actor.holder(account("iphone-zhang"));
        refused("renewing 5 years ahead", () -> sdk.shields().renew(zhang.number(), holder, pin(zhang.number(), "135790"),
                OneTimeCode.of("000000"), phone.certificateRequest(phoneKeys.get(zhang.number().value()), KeyAlgorithm.EC_P256, n(who.zhang()))));
        clock.set(zhang.certificate().orElseThrow().notAfter().minus(Duration.ofDays(200)));
        out.println("  " + clock.instant() + ": reminders due for " + sdk.shields().dueForRenewalReminder(clock.instant(), 10).size() + " shield(s)");
        clock.set(zhang.certificate().get().notAfter().minus(Duration.ofDays(150)));
        KeyPair fresh = phone.generate(KeyAlgorithm.EC_P256);
        sdk.shields().sendSmsCode(zhang.number(), holder, HolderOperation.RENEWAL);
        ShieldDetails renewed = sdk.shields().renew(zhang.number(), holder, pin(zhang.number(), "135790"),
                bank.lastCode(who.zhang()), phone.certificateRequest(fresh, KeyAlgorithm.EC_P256, n(who.zhang())));
        out.println("  renewal with the PIN and an SMS code to " + n(who.zhang()) + "'s filed phone (seed 001); the filing matched again");
        phoneKeys.put(zhang.number().value(), fresh);
        out.println("  renewed inside the 6-month window: new certificate " + renewed.certificate().orElseThrow().serialHex()
                + " valid to " + renewed.certificate().get().notAfter() + "; the old one is revoked as superseded");
        EnrollmentSession s = sdk.enrollment().startReissue(renewed.number(), application(who.zhang(), "iphone-zhang-new",
                CustodyMode.DEVICE, KeyAlgorithm.EC_P256));
        sdk.enrollment().acceptAgreement(s.id(), "2026-11");
        clock.advance(Duration.ofMinutes(2));
        sdk.enrollment().sendSmsCode(s.id());
        sdk.enrollment().verifySmsCode(s.id(), bank.lastCode(who.zhang()));
        sdk.enrollment().verifyFace(s.id(), new FaceVerifier.FaceCapture(new byte[]{4}));
        sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(pinBlock(sdk.enrollment().pinChallenge(s.id()), "135790")));
        sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey());
        KeyPair newPhone = phone.generate(KeyAlgorithm.EC_P256);
        ShieldDetails reissued = sdk.enrollment().complete(s.id(), phone.certificateRequest(newPhone, KeyAlgorithm.EC_P256, n(who.zhang())));
        phoneKeys.put(reissued.number().value(), newPhone);
        out.println("  reissued to a new phone after SMS and face again: " + reissued.number().value() + "; old shield "
                + renewed.number().value() + " is now " + sdk.shields().details(renewed.number()).status());
        sdk.shields().revoke(reissued.number(), Actor.holder(account("iphone-zhang-new")), pin(reissued.number(), "135790"));
        out.println("  " + n(who.zhang()) + " revokes the shield himself (he keeps his USB key, R3.8): " + sdk.shields().details(reissued.number()).status());
    }

    private void administration() {
        section("6. Loss, freeze and revocation (R4)");
        Actor legalRep = Actor.legalRepresentative("zhang", who.enterprise(), who.zhang());
        ShieldNumber li = sdk.shields().shieldsOf(who.enterprise(), who.li()).get(0).number();
        refused("the legal representative of another enterprise (赵六, " + DemoBank.OTHER_ENTERPRISE.value() + ") freezing " + n(who.li()) + "'s shield",
                () -> sdk.administration().freeze(li, Actor.legalRepresentative("zhao", DemoBank.OTHER_ENTERPRISE, DemoBank.ZHAO)));
        refused("someone claiming to be " + who.enterprise().value() + "'s legal representative whom its filing does not name",
                () -> sdk.administration().freeze(li, Actor.legalRepresentative("zhao", who.enterprise(), DemoBank.ZHAO)));
        out.println("  " + n(who.li()) + " reports the phone lost: " + sdk.administration().reportLoss(li, Actor.holder(account("huawei-li"))).status()
                + ", certificate on hold");
        out.println("  found again, loss cancelled: " + sdk.administration().cancelLoss(li, Actor.holder(account("huawei-li"))).status());
        out.println("  the legal representative freezes it: " + sdk.administration().freeze(li, legalRep).status());
        refused(n(who.li()) + " lifting the legal representative's freeze", () -> sdk.administration().unfreeze(li, Actor.holder(account("huawei-li"))));
        out.println("  the legal representative unfreezes it: " + sdk.administration().unfreeze(li, legalRep).status());
    }

    private void transactions() {
        section("5. Payments (R6): caps, step-up, cooling-off, what you see is what you sign");
        ShieldDetails zhang = sdk.shields().shieldsOf(who.enterprise(), who.zhang()).stream()
                .filter(d -> d.status() == io.mshield.shield.ShieldStatus.ACTIVE).findFirst().orElseThrow();
        Authorization cooling = sdk.transactions().authorize(zhang.number(), transfer("999999.99", PAYEE), Authenticator.SHIELD);
        out.println("  right after opening, a transfer: " + describe(cooling) + " (seed 004: 6 hours for a new credential)");
        clock.advance(Duration.ofHours(6));
        SignatureReceipt signed = signDevice(zhang, transfer("999999.99", PAYEE));
        out.println("  6 hours later, 999,999.99 CNY transfer signed with the shield; history id " + signed.record().id());
        out.println("  1,000,000.01 CNY transfer: " + describe(sdk.transactions().authorize(zhang.number(), transfer("1000000.01", PAYEE), Authenticator.SHIELD)));
        Transaction payroll = new Transaction("payroll-2026-11", Scenario.PAYROLL, Money.cny("15000.00"), PAYER, Optional.empty(),
                List.of(new PayrollLine(new Party("员工甲", "6222000000000011", "厦门银行"), Money.cny("8000.00")),
                        new PayrollLine(new Party("员工乙", "6222000000000012", "厦门银行"), Money.cny("7000.00"))),
                "pc", "代发工资 2 笔 共 15,000.00 元");
        out.println("  payroll batch of 2 lines signed: " + signDevice(zhang, payroll).record().outcome());
        Transaction other = new Transaction("other-1", Scenario.OTHER, Money.cny("5000000.00"), PAYER, Optional.of(PAYEE), List.of(), "mobile",
                "其他业务 5,000,000.00 元");
        out.println("  5,000,000.00 CNY in the uncapped scenario 'other': " + signDevice(zhang, other).record().outcome());
        fingerprint(zhang);
        Authorization.Allowed a = (Authorization.Allowed) sdk.transactions().authorize(zhang.number(), transfer("100.00", PAYEE), Authenticator.SHIELD);
        Authorization.Allowed b = (Authorization.Allowed) sdk.transactions().authorize(zhang.number(),
                transfer("100.00", new Party("上海供应商有限公司", "6222000000009999", "工商银行")), Authenticator.SHIELD);
        byte[] sigOverOriginal = phone.sign(phoneKeys.get(zhang.number().value()), KeyAlgorithm.EC_P256.defaultScheme(), a.signedContent());
        refused("a signature over the original payee presented for a tampered payee", () -> sdk.transactions().complete(b.id(),
                sigOverOriginal, Optional.of(pin(zhang.number(), "135790"))));
        var evidence = sdk.signatures().evidence(signed.record().id()).orElseThrow();
        var verdict = sdk.signatures().verifyEvidence(evidence);
        out.println("  evidence of the first payment verifies offline: " + verdict.valid() + " (checked at "
                + verdict.checkedAt().map(Object::toString).orElse("?") + " from its " + verdict.timeSource() + ", revocation "
                + verdict.revocationSource() + ")");
        outDir.ifPresent(dir -> {
            CryptoArtifacts.write(dir, "evidence-p256.bin", evidence.content(), new java.util.ArrayList<>());
            CryptoArtifacts.write(dir, "evidence-p256.p7s", evidence.cms(), new java.util.ArrayList<>());
            CryptoArtifacts.write(dir, "evidence-p256-bundle.pem", evidence.bundle(), new java.util.ArrayList<>());
            out.println("  wrote evidence-p256.bin, evidence-p256.p7s and evidence-p256-bundle.pem (all of it in one file)");
            out.println("  wrote " + String.join(", ", CryptoArtifacts.writeTimeStamp(dir, "p256", evidence.cms(),
                    crypto.timeStamping().orElseThrow().chain(KeyAlgorithm.Family.EC))) + " (its RFC 3161 time-stamp token)");
        });
    }

    /**
     * Seed 000: "数字证书+指纹". The phone's secure module makes a P-256 key that it releases only after
     * its own fingerprint check; the app registers its public key with the PIN, and from then on the
     * fingerprint alone confirms a payment: the key's signature over a PIN challenge replaces the PIN block.
     */
    private void fingerprint(ShieldDetails zhang) {
        ShieldNumber number = zhang.number();
        Actor holder = Actor.holder(account("iphone-zhang"));
        KeyPair finger = phone.generate(KeyAlgorithm.EC_P256);
        PinChallenge ch = sdk.shields().pinChallenge(number);
        byte[] spki = finger.getPublic().getEncoded();
        byte[] possession = phone.sign(finger, KeyAlgorithm.EC_P256.defaultScheme(),
                io.mshield.pin.BiometricKey.registrationMessage(ch, number, AuthMethod.FINGERPRINT, spki));
        ShieldDetails d = sdk.shields().registerBiometric(number, holder, new io.mshield.pin.BiometricKey(AuthMethod.FINGERPRINT,
                KeyAlgorithm.EC_P256, spki, ch.id(), possession), pin(number, "135790"));
        out.println("  " + n(who.zhang()) + " registers the fingerprint key of the phone's secure module with the PIN: method now " + d.authMethod());
        Authorization.Allowed a = (Authorization.Allowed) sdk.transactions().authorize(number, transfer("8800.00", PAYEE), Authenticator.SHIELD);
        byte[] sig = phone.sign(phoneKeys.get(number.value()), zhang.algorithm().defaultScheme(), a.signedContent());
        SignatureReceipt r = sdk.transactions().complete(a.id(), sig, Optional.of(touch(number, finger)));
        out.println("  8,800.00 CNY transfer confirmed by fingerprint alone, no PIN typed (seed 000): " + r.record().outcome());
        Authorization.Allowed forged = (Authorization.Allowed) sdk.transactions().authorize(number, transfer("8800.01", PAYEE), Authenticator.SHIELD);
        byte[] sig2 = phone.sign(phoneKeys.get(number.value()), zhang.algorithm().defaultScheme(), forged.signedContent());
        refused("a fingerprint confirmation made with a key the bank never registered", () -> sdk.transactions().complete(forged.id(), sig2,
                Optional.of(touch(number, phone.generate(KeyAlgorithm.EC_P256)))));
        refused("changing the PIN with the fingerprint (seed 000: the PIN change is for the PIN method)", () -> sdk.shields().changePin(number,
                holder, touch(number, finger), Optional.of(pin(number, "246813"))));
        sdk.transactions().cancel(forged.id());
    }

    /** The secure module, after the fingerprint matched, signs a fresh challenge of the shield. */
    private PinProof.BiometricSignature touch(ShieldNumber number, KeyPair key) {
        PinChallenge ch = sdk.shields().pinChallenge(number);
        return new PinProof.BiometricSignature(ch.id(), AuthMethod.FINGERPRINT, phone.sign(key, KeyAlgorithm.EC_P256.defaultScheme(),
                PinProof.BiometricSignature.message(ch, number, AuthMethod.FINGERPRINT)));
    }

    private SignatureReceipt signDevice(ShieldDetails d, Transaction t) {
        Authorization.Allowed a = (Authorization.Allowed) sdk.transactions().authorize(d.number(), t, Authenticator.SHIELD);
        byte[] sig = phone.sign(phoneKeys.get(d.number().value()), d.algorithm().defaultScheme(), a.signedContent());
        return sdk.transactions().complete(a.id(), sig, Optional.of(pin(d.number(), "135790")));
    }

    private Transaction transfer(String amount, Party payee) {
        return new Transaction(who.tag() + "tx-" + amount + "-" + payee.account(), Scenario.TRANSFER, Money.cny(amount), PAYER, Optional.of(payee), List.of(),
                "mobile", "转账 " + amount + " 元 给 " + payee.name() + " " + payee.account());
    }

    private static String describe(Authorization a) {
        if (a instanceof Authorization.Allowed) {
            return "allowed with the shield";
        }
        if (a instanceof Authorization.HardwareKeyRequired h) {
            return "hardware key required (cap " + h.cap() + ")";
        }
        Authorization.Denied d = (Authorization.Denied) a;
        return "denied: " + d.code();
    }

    private void artifacts() {
        section("8. Files for outside verifiers (R10)");
        if (outDir.isEmpty()) {
            out.println("  (pass --out DIR to write certificates, CRLs and CMS signatures for OpenSSL)");
            return;
        }
        List<String> files = CryptoArtifacts.write(outDir.get(), crypto, phone, java.time.Clock.systemUTC());
        out.println("  wrote " + files.size() + " files to " + outDir.get() + ": " + String.join(", ", files.subList(0, 7)) + ", …");
    }

    private void section(String title) {
        out.println();
        out.println(title);
    }

    private void refused(String what, Runnable action) {
        try {
            action.run();
            throw new IllegalStateException("expected a refusal for " + what);
        } catch (ShieldException e) {
            out.println("  refused  " + what + ": " + e.code() + e.attemptsLeft().stream().mapToObj(n -> " (" + n + " attempts left)").findFirst().orElse(""));
        }
    }
}
