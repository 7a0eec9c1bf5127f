package io.mshield.samples;

import io.mshield.ErrorCode;
import io.mshield.MobileShield;
import io.mshield.ShieldException;
import io.mshield.core.MobileShields;
import io.mshield.core.persistence.memory.InMemoryPersistence;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.twoparty.MaskedShare;
import io.mshield.crypto.twoparty.Sm2TwoPartyPhone;
import io.mshield.enrollment.Application;
import io.mshield.enrollment.DeviceInfo;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.KeyProposal;
import io.mshield.enrollment.KeySetup;
import io.mshield.identity.DeviceId;
import io.mshield.identity.PersonName;
import io.mshield.identity.UserId;
import io.mshield.identity.UserType;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinPolicy;
import io.mshield.pin.PinProof;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.Party;
import io.mshield.transaction.SignatureReceipt;
import io.mshield.transaction.Transaction;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * COLLABORATIVE custody end to end on the real crypto: the CSR's proof of possession co-signed,
 * the PIN proven by joint signatures the bank counts, a payment co-signed over the canonical bytes
 * the bank holds, and a copied share caught by the co-sign counter.
 */
class CollaborativeCustodyTest {
    private static final String PIN = "135790";
    private final SecureRandom random = new SecureRandom();
    private final DemoBank bank = new DemoBank(new PrintStream(OutputStream.nullOutputStream()));
    private final BouncyCastleCrypto crypto = BouncyCastleCrypto.create();
    private MobileShield sdk = build(PinPolicy.seed001());

    private MobileShield build(PinPolicy policy) {
        return MobileShields.builder().persistence(new InMemoryPersistence()).crypto(crypto)
                .smsSender(bank).faceVerifier(bank).identityRegistry(bank).hardwareKeys(bank)
                .pinPolicy(policy).coolingOff(CoolingOffPolicy.none()).build();
    }
    private final Sm2TwoPartyPhone phone = new Sm2TwoPartyPhone(random, "1234567812345678");
    private final byte[] salt = new byte[16];
    private MaskedShare stored;
    private PublicKey jointKey;
    private long counter;

    private Sm2TwoPartyPhone.Share share(String pin) {
        return Sm2TwoPartyPhone.shareOf(stored.unmask(pin.toCharArray()));
    }

    private ShieldDetails open() throws Exception {
        Application app = new Application("c-1", DemoBank.ENTERPRISE, DemoBank.ZHANG, PersonName.of("张三"), UserType.LEGAL_REPRESENTATIVE,
                new DeviceInfo(DeviceId.of("phone-c"), UserId.of("acct-c"), Set.of(AuthMethod.PIN)), CustodyMode.COLLABORATIVE, KeyAlgorithm.SM2);
        EnrollmentSession s = sdk.enrollment().start(app);
        sdk.enrollment().acceptAgreement(s.id(), "v1");
        sdk.enrollment().sendSmsCode(s.id());
        sdk.enrollment().verifySmsCode(s.id(), bank.lastCode(DemoBank.ZHANG));
        sdk.enrollment().verifyFace(s.id(), new FaceVerifier.FaceCapture(new byte[]{1}));
        sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.empty());
        Sm2TwoPartyPhone.Share share = phone.newShare();
        random.nextBytes(salt);
        stored = MaskedShare.mask(share.d1(), PIN.toCharArray(), salt, 1000);
        KeySetup setup = sdk.enrollment().prepareKey(s.id(), new KeyProposal.CollaborativeKey(share.p1()));
        jointKey = setup.publicKey().orElseThrow();
        CertificationRequestInfo info = new CertificationRequestInfo(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "张三").build(),
                SubjectPublicKeyInfo.getInstance(jointKey.getEncoded()), new DERSet());
        byte[] tbs = info.getEncoded("DER");
        Sm2TwoPartyPhone.Round round = phone.startRound();
        CollaborativeSm2.CoSignature c = sdk.enrollment().coSignCertificateRequest(s.id(), tbs, round.q1());
        byte[] sig = phone.finish(share(PIN), round, c.r(), c.s2(), c.s3());
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(info);
        v.add(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.156.10197.1.501")));
        v.add(new DERBitString(sig));
        byte[] csr = new DERSequence(v).getEncoded("DER");
        assertThatThrownBy(() -> sdk.enrollment().coSignCertificateRequest(s.id(), tbs, phone.startRound().q1()))
                .as("the CSR is co-signed once").isInstanceOf(ShieldException.class);
        return sdk.enrollment().complete(s.id(), csr);
    }

    private PinCheck proveAndCheck(ShieldDetails d, String pin) {
        PinChallenge ch = sdk.shields().pinChallenge(d.number());
        Sm2TwoPartyPhone.Round round = phone.startRound();
        CollaborativeSm2.CoSignature c = sdk.shields().coSignPinChallenge(d.number(), ch.id(), round.q1());
        byte[] sig = phone.finish(share(pin), round, c.r(), c.s2(), c.s3());
        return sdk.shields().checkPin(d.number(), new PinProof.JointSignature(ch.id(), sig));
    }

    private SignatureReceipt pay(ShieldDetails d, String amount, String pin) {
        Authorization.Allowed a = (Authorization.Allowed) sdk.transactions().authorize(d.number(), new Transaction("ref-" + amount,
                Scenario.TRANSFER, Money.cny(amount), new Party("付款方", "6222000000000001", "厦门银行"),
                Optional.of(new Party("收款方", "6222000000000002", "工商银行")), List.of(), "mobile", "转账 " + amount + " 元"), Authenticator.SHIELD);
        Sm2TwoPartyPhone.Round round = phone.startRound();
        CollaborativeSm2.CoSignature c = sdk.transactions().coSign(a.id(), round.q1(), ++counter);
        byte[] sig = phone.finish(share(pin), round, c.r(), c.s2(), c.s3());
        return sdk.transactions().complete(a.id(), sig, Optional.empty());
    }

    @Test
    @DisplayName("R10.6 a COLLABORATIVE shield opens with a co-signed CSR and its payments verify as ordinary SM2 signatures")
    void opensAndSigns() throws Exception {
        ShieldDetails d = open();
        assertThat(d.custody()).isEqualTo(CustodyMode.COLLABORATIVE);
        assertThat(d.status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(proveAndCheck(d, PIN)).isInstanceOf(PinCheck.Accepted.class);
        SignatureReceipt r = pay(d, "999999.99", PIN);
        var evidence = sdk.signatures().evidence(r.record().id()).orElseThrow();
        assertThat(crypto.signatures().verify(jointKey, SignatureScheme.SM2_SM3, evidence.content(), r.record().signature())).isTrue();
        assertThat(sdk.signatures().verifyEvidence(evidence).valid()).isTrue();
    }

    @Test
    @DisplayName("R5.3 R10.6 each co-sign round counts as a wrong PIN until a valid signature; past the limit the bank refuses to co-sign")
    void wrongPinsAreCountedByTheBank() throws Exception {
        ShieldDetails d = open();
        assertThat(proveAndCheck(d, "000000")).isEqualTo(new PinCheck.Rejected(4));
        assertThatThrownBy(() -> pay(d, "10.00", "111111")).isInstanceOfSatisfying(ShieldException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID);
            assertThat(e.attemptsLeft()).hasValue(3);
        });
        assertThat(proveAndCheck(d, PIN)).as("a right PIN resets the count").isInstanceOf(PinCheck.Accepted.class);
        for (int i = 0; i < 4; i++) {
            assertThat(proveAndCheck(d, "22222" + i)).isInstanceOf(PinCheck.Rejected.class);
        }
        assertThat(proveAndCheck(d, "333333")).isInstanceOf(PinCheck.Locked.class);
        assertThat(sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.LOCKED);
        PinChallenge ch = sdk.shields().pinChallenge(d.number());
        assertThatThrownBy(() -> sdk.shields().coSignPinChallenge(d.number(), ch.id(), phone.startRound().q1()))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PIN_LOCKED));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"001", "002", "003", "004"})
    @DisplayName("R5.2 R10.6 every PIN preset locks a COLLABORATIVE shield after its number of failed co-sign rounds")
    void everyPreset(String seed) throws Exception {
        PinPolicy policy = switch (seed) {
            case "001" -> PinPolicy.seed001();
            case "002" -> PinPolicy.seed002();
            case "003" -> PinPolicy.seed003();
            default -> PinPolicy.seed004();
        };
        sdk = build(policy);
        ShieldDetails d = open();
        for (int i = 1; i < policy.maxAttempts(); i++) {
            assertThat(proveAndCheck(d, "00000" + (i % 10))).isEqualTo(new PinCheck.Rejected(policy.maxAttempts() - i));
        }
        PinCheck last = proveAndCheck(d, "999999");
        assertThat(last).isInstanceOfSatisfying(PinCheck.Locked.class, l -> assertThat(l.action()).isEqualTo(policy.lockoutAction()));
        assertThat(sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.LOCKED);
    }

    @Test
    @DisplayName("R6.4 COLLABORATIVE: a joint signature over one payment is refused for a payment with another payee")
    void tamperedPayee() throws Exception {
        ShieldDetails d = open();
        Authorization.Allowed a = (Authorization.Allowed) sdk.transactions().authorize(d.number(), new Transaction("t-1", Scenario.TRANSFER,
                Money.cny("50.00"), new Party("付款方", "6222000000000001", "厦门银行"), Optional.of(new Party("收款方", "6222000000000002", "工商银行")),
                List.of(), "mobile", "转账 50.00 元"), Authenticator.SHIELD);
        Authorization.Allowed b = (Authorization.Allowed) sdk.transactions().authorize(d.number(), new Transaction("t-1", Scenario.TRANSFER,
                Money.cny("50.00"), new Party("付款方", "6222000000000001", "厦门银行"), Optional.of(new Party("收款方", "6222000000009999", "工商银行")),
                List.of(), "mobile", "转账 50.00 元"), Authenticator.SHIELD);
        Sm2TwoPartyPhone.Round ra = phone.startRound();
        CollaborativeSm2.CoSignature ca = sdk.transactions().coSign(a.id(), ra.q1(), ++counter);
        byte[] sigA = phone.finish(share(PIN), ra, ca.r(), ca.s2(), ca.s3());
        sdk.transactions().coSign(b.id(), phone.startRound().q1(), ++counter);
        assertThatThrownBy(() -> sdk.transactions().complete(b.id(), sigA, Optional.empty())).isInstanceOfSatisfying(ShieldException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
        assertThat(sdk.transactions().complete(a.id(), sigA, Optional.empty()).record().outcome()).isEqualTo(io.mshield.signature.SignatureRecord.Outcome.ACCEPTED);
    }

    @Test
    @DisplayName("R7.4 a digital envelope sealed to a COLLABORATIVE shield opens only jointly; each opening counts until the PIN is proven")
    void envelopes() throws Exception {
        ShieldDetails d = open();
        byte[] secret = "content key 0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] envelope = sdk.shields().sealEnvelope(d.number(), secret);
        byte[] t2 = sdk.shields().openEnvelopeHalf(d.number(), phone.decryptStart(share(PIN), envelope));
        assertThat(phone.decryptFinish(envelope, t2)).isEqualTo(secret);
        byte[] wrongT2 = sdk.shields().openEnvelopeHalf(d.number(), phone.decryptStart(share("000000"), envelope));
        assertThatThrownBy(() -> phone.decryptFinish(envelope, wrongT2)).isInstanceOfSatisfying(ShieldException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.DECRYPTION_FAILED));
        assertThat(proveAndCheck(d, "111111")).as("two openings and this round are counted").isEqualTo(new PinCheck.Rejected(2));
        assertThat(proveAndCheck(d, PIN)).isInstanceOf(PinCheck.Accepted.class);
        assertThatThrownBy(() -> sdk.shields().openEnvelopeHalf(d.number(), new byte[65])).isInstanceOf(ShieldException.class);
    }

    @Test
    @DisplayName("R10.6 a co-sign counter that does not grow freezes the shield as a possible clone")
    void cloneDetection() throws Exception {
        ShieldDetails d = open();
        pay(d, "1.00", PIN);
        counter = 0;
        assertThatThrownBy(() -> pay(d, "2.00", PIN)).isInstanceOfSatisfying(ShieldException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CLONE_SUSPECTED));
        assertThat(sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.FROZEN);
        assertThat(BigInteger.ONE).isNotNull();
    }
}
