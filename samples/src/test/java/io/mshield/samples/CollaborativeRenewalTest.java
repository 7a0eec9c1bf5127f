package io.mshield.samples;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.MobileShield;
import io.mshield.ShieldException;
import io.mshield.audit.AuditEntry;
import io.mshield.certificate.RevocationReason;
import io.mshield.core.MobileShields;
import io.mshield.core.persistence.memory.InMemoryPersistence;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.twoparty.Sm2TwoPartyPhone;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.pin.PinPolicy;
import io.mshield.pin.RoundProof;
import io.mshield.shield.HolderOperation;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import io.mshield.signature.Evidence;
import io.mshield.transaction.SignatureReceipt;
import org.assertj.core.api.ThrowableAssert;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.List;

import static io.mshield.samples.CollaborativeFixture.PIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * COLLABORATIVE renewal (R3.4, R10.6) on the real crypto: the renewal request for the same joint
 * key is co-signed by the phone's share and the bank's half after the round's PIN block, so the key
 * pair is proven without ever being whole; the renewal needs an SMS code and re-matches the filing,
 * the new certificate carries the current filed name, the old one is revoked as superseded, and
 * evidence signed before stays valid. A CSR signed by one half alone, forged, for another key, or
 * not the co-signed request is refused, and nothing changes.
 */
class CollaborativeRenewalTest {
    private static final String NEW_NAME = "张三丰";

    /** One clock for the SDK, the CA and the time-stamping authority; the test moves it, never sleeps. */
    private final DemoClock clock = new DemoClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    private final BouncyCastleCrypto crypto = BouncyCastleCrypto.builder().clock(clock).build();
    private final DemoBank bank = new DemoBank(new PrintStream(OutputStream.nullOutputStream()));
    private final MobileShield sdk = MobileShields.builder().persistence(new InMemoryPersistence()).crypto(crypto)
            .smsSender(bank).faceVerifier(bank).identityRegistry(bank).hardwareKeys(bank)
            .pinPolicy(PinPolicy.seed002()).coolingOff(CoolingOffPolicy.none()).clock(clock).build();
    private final CollaborativeFixture f = new CollaborativeFixture(sdk, bank, 1000);
    private final Actor holder = Actor.holder("acct-phone-c");

    private static void refused(ErrorCode code, ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private List<AuditEntry> audit() {
        return AuditTrail.all(sdk);
    }

    /** The phone's half of the renewal request: the bank's round over the request, then the joint signature. */
    private record CoSigned(byte[] info, byte[] signature, CollaborativeSm2.CoSignature bankHalf) {
    }

    private CoSigned coSign(String name) {
        return coSign(f.device.certificationRequestInfo(f.jointKey, name));
    }

    private CoSigned coSign(byte[] info) {
        Sm2TwoPartyPhone.Round round = f.phone.startRound();
        CollaborativeSm2.CoSignature c = sdk.shields().coSignRenewalRequest(f.shield.number(), holder, info, f.proof(PIN), round.q1());
        return new CoSigned(info, f.phone.finish(f.share(PIN), round, c.r(), c.s2(), c.s3()), c);
    }

    private String serial() {
        return sdk.shields().details(f.shield.number()).certificate().orElseThrow().serialHex();
    }

    @Test
    @DisplayName("R3.4 R10.6 a COLLABORATIVE shield renews with a co-signed request and an SMS code; the new certificate carries the current name")
    void renewsWithACoSignedRequest() {
        f.open();
        SignatureReceipt before = f.pay("100.00", PIN);
        Evidence evidence = sdk.signatures().evidence(before.record().id()).orElseThrow();
        String oldSerial = serial();
        // not due: 5 years left and no filing change — refused before any PIN is counted
        refused(ErrorCode.RENEWAL_NOT_DUE, () -> coSign("张三"));

        clock.advance(java.time.Duration.ofMinutes(10));
        bank.rename(DemoBank.ZHANG, NEW_NAME);
        sdk.shields().sendSmsCode(f.shield.number(), holder, HolderOperation.RENEWAL);
        CoSigned c = coSign(NEW_NAME);
        byte[] csr = f.device.certificateRequest(c.info(), c.signature());
        ShieldDetails renewed = sdk.shields().renewCoSigned(f.shield.number(), holder, bank.lastCode(DemoBank.ZHANG), csr);

        assertThat(renewed.status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(renewed.certificate().orElseThrow().serialHex()).isNotEqualTo(oldSerial);
        assertThat(renewed.certificate().get().subject()).contains(NEW_NAME);
        assertThat(crypto.certificateAuthority().status(new BigInteger(oldSerial, 16), clock.instant()).reason())
                .contains(RevocationReason.SUPERSEDED);
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("shield.renewed");
            assertThat(e.details()).containsEntry("custody", "COLLABORATIVE").containsEntry("filingChanged", "true");
        });
        assertThat(audit()).anySatisfy(e -> assertThat(e.action()).isEqualTo("cosign.renewal_request"));
        // the same joint key signs under the new certificate, and the evidence signed before stays valid
        clock.advance(java.time.Duration.ofMinutes(10));
        SignatureReceipt after = f.pay("200.00", PIN);
        assertThat(sdk.signatures().verifyEvidence(sdk.signatures().evidence(after.record().id()).orElseThrow()).valid()).isTrue();
        assertThat(after.record().certificateSerial()).isEqualTo(renewed.certificate().get().serialHex());
        assertThat(sdk.signatures().verifyEvidence(evidence).valid()).isTrue();
        // the co-signed request is used once (the filing changes again, so that renewal is due)
        bank.rename(DemoBank.ZHANG, NEW_NAME);
        sdk.shields().sendSmsCode(f.shield.number(), holder, HolderOperation.RENEWAL);
        refused(ErrorCode.CSR_INVALID, () -> sdk.shields().renewCoSigned(f.shield.number(), holder, bank.lastCode(DemoBank.ZHANG), csr));
    }

    @Test
    @DisplayName("R10.6 a request signed by one half only, forged, for another key or not the co-signed one is refused and changes nothing")
    void oneHalfOrForgedRefused() throws Exception {
        f.open();
        bank.rename(DemoBank.ZHANG, NEW_NAME);
        sdk.shields().sendSmsCode(f.shield.number(), holder, HolderOperation.RENEWAL);
        String oldSerial = serial();
        byte[] info = f.device.certificationRequestInfo(f.jointKey, NEW_NAME);
        // no round at all: the phone signs with its share alone
        byte[] phoneOnly = sm2Sign(f.share(PIN).d1(), info);
        refused(ErrorCode.CSR_INVALID, () -> sdk.shields().renewCoSigned(f.shield.number(), holder, bank.lastCode(DemoBank.ZHANG),
                f.device.certificateRequest(info, phoneOnly)));

        // the first round's request names the holder too (CN, plus a country the CA ignores), but is other bytes
        CoSigned first = coSign(new org.bouncycastle.asn1.pkcs.CertificationRequestInfo(new org.bouncycastle.asn1.x500.X500NameBuilder(
                org.bouncycastle.asn1.x500.style.BCStyle.INSTANCE).addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, NEW_NAME)
                .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.C, "CN").build(),
                org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(f.jointKey.getEncoded()), new org.bouncycastle.asn1.DERSet())
                .getEncoded("DER"));
        CoSigned second = coSign(NEW_NAME);
        long entries = audit().size();
        List<byte[]> forged = List.of(
                // the phone's half alone, over exactly the co-signed request
                f.device.certificateRequest(second.info(), sm2Sign(f.share(PIN).d1(), second.info())),
                // the bank's half alone
                f.device.certificateRequest(second.info(), der(second.bankHalf().r(), second.bankHalf().s3())),
                f.device.certificateRequest(second.info(), der(second.bankHalf().r(), second.bankHalf().s2())),
                // a joint signature of the right request with one bit flipped
                f.device.certificateRequest(second.info(), flip(second.signature())),
                // a valid request of the first round, which the second replaced
                f.device.certificateRequest(first.info(), first.signature()),
                // a valid CSR for a fresh key of the phone, in the filed name
                f.device.certificateRequest(f.device.generate(KeyAlgorithm.SM2), KeyAlgorithm.SM2, NEW_NAME));
        for (byte[] csr : forged) {
            refused(ErrorCode.CSR_INVALID, () -> sdk.shields().renewCoSigned(f.shield.number(), holder, bank.lastCode(DemoBank.ZHANG), csr));
        }
        assertThat(serial()).isEqualTo(oldSerial);
        assertThat(audit()).hasSize((int) entries);
        // nothing was used up: the co-signed request and the SMS code still renew
        ShieldDetails renewed = sdk.shields().renewCoSigned(f.shield.number(), holder, bank.lastCode(DemoBank.ZHANG),
                f.device.certificateRequest(second.info(), second.signature()));
        assertThat(renewed.certificate().orElseThrow().serialHex()).isNotEqualTo(oldSerial);
    }

    @Test
    @DisplayName("R3.4 the renewal round: a wrong PIN counts and co-signs nothing; the old name, a wrong SMS code, other custody and other actors are refused")
    void roundRefusals() {
        f.open();
        bank.rename(DemoBank.ZHANG, NEW_NAME);
        byte[] info = f.device.certificationRequestInfo(f.jointKey, NEW_NAME);
        assertThatThrownBy(() -> sdk.shields().coSignRenewalRequest(f.shield.number(), holder, info, f.proof("864209"), f.phone.startRound().q1()))
                .isInstanceOfSatisfying(ShieldException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PIN_INCORRECT);
                    assertThat(e.attemptsLeft()).hasValue(5);
                });
        assertThat(audit()).noneSatisfy(e -> assertThat(e.action()).isEqualTo("cosign.renewal_request"));
        refused(ErrorCode.FORBIDDEN, () -> sdk.shields().coSignRenewalRequest(f.shield.number(), Actor.holder("acct-other"), info,
                f.proof(PIN), f.phone.startRound().q1()));
        refused(ErrorCode.ILLEGAL_STATE, () -> sdk.shields().renew(f.shield.number(), holder, f.block(sdk.shields().pinChallenge(f.shield.number()),
                PIN), bank.lastCode(DemoBank.ZHANG), new byte[]{0x30, 0}));
        // the CSR must carry the current filed name (the filing is matched again)
        sdk.shields().sendSmsCode(f.shield.number(), holder, HolderOperation.RENEWAL);
        CoSigned oldName = coSign("张三");
        refused(ErrorCode.CSR_INVALID, () -> sdk.shields().renewCoSigned(f.shield.number(), holder, bank.lastCode(DemoBank.ZHANG),
                f.device.certificateRequest(oldName.info(), oldName.signature())));
        // a wrong SMS code
        CoSigned good = coSign(NEW_NAME);
        byte[] csr = f.device.certificateRequest(good.info(), good.signature());
        String code = new String(bank.lastCode(DemoBank.ZHANG).digits());
        String wrong = code.equals("000000") ? "111111" : "000000";
        refused(ErrorCode.OTP_INCORRECT, () -> sdk.shields().renewCoSigned(f.shield.number(), holder, io.mshield.enrollment.OneTimeCode.of(wrong), csr));
        assertThat(sdk.shields().renewCoSigned(f.shield.number(), holder, bank.lastCode(DemoBank.ZHANG), csr).certificate().orElseThrow()
                .subject()).contains(NEW_NAME);
        // a biometric does not confirm a renewal round: the PIN does
        bank.rename(DemoBank.ZHANG, "张三");
        RoundProof biometric = new RoundProof(new io.mshield.pin.PinProof.BiometricSignature(sdk.shields().pinChallenge(f.shield.number()).id(),
                io.mshield.pin.AuthMethod.FINGERPRINT, new byte[]{1}), ++f.counter);
        refused(ErrorCode.PIN_REQUIRED, () -> sdk.shields().coSignRenewalRequest(f.shield.number(), holder,
                f.device.certificationRequestInfo(f.jointKey, "张三"), biometric, f.phone.startRound().q1()));
    }

    private static byte[] sm2Sign(BigInteger d, byte[] data) throws Exception {
        BouncyCastleProvider bc = new BouncyCastleProvider();
        PrivateKey key = KeyFactory.getInstance("EC", bc).generatePrivate(new ECPrivateKeySpec(d, ECNamedCurveTable.getParameterSpec("sm2p256v1")));
        Signature s = Signature.getInstance("SM3withSM2", bc);
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    private static byte[] der(BigInteger r, BigInteger s) throws Exception {
        return new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[]{new ASN1Integer(r), new ASN1Integer(s)}).getEncoded();
    }

    private static byte[] flip(byte[] signature) {
        byte[] out = signature.clone();
        out[out.length - 1] ^= 1;
        return out;
    }
}
