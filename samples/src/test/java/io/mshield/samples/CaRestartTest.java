package io.mshield.samples;

import io.mshield.Actor;
import io.mshield.MobileShield;
import io.mshield.certificate.RevocationReason;
import io.mshield.core.MobileShields;
import io.mshield.core.persistence.jdbc.JdbcPersistence;
import io.mshield.crypto.CertificateAuthority;
import io.mshield.crypto.CertificateSubject;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyStorage;
import io.mshield.crypto.RevocationStatus;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.bc.Phone;
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
import io.mshield.persistence.Persistence;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.Pin;
import io.mshield.pin.PinBlock;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinPolicy;
import io.mshield.pin.PinProof;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CA-PERSIST on the real crypto, an H2 file database and the key store file: shields opened by
 * one SDK are administered by a new SDK built on the same directory after a restart.
 */
class CaRestartTest {
    private static final char[] PASSWORD = "restart-test-password".toCharArray();
    private static final Actor SUPER_ADMIN = Actor.superAdministrator("zhang", DemoBank.ENTERPRISE, DemoBank.ZHANG);
    private static final Actor LEGAL_REP = Actor.legalRepresentative("zhang", DemoBank.ENTERPRISE, DemoBank.ZHANG);

    @TempDir
    Path dir;
    private final SecureRandom random = new SecureRandom();
    private final Phone phone = new Phone(random);
    private final DemoBank bank = new DemoBank(new PrintStream(OutputStream.nullOutputStream()));
    private int requests;
    /** The phone key of an issuance that is retried after the restart. */
    private final KeyPair retriedKey = phone.generate(KeyAlgorithm.SM2);

    /** One SDK process: its own store, key storage, crypto and engine objects on the shared directory. */
    private final class Node implements AutoCloseable {
        final BouncyCastleCrypto crypto;
        final CertificateAuthority ca;
        final MobileShield sdk;

        Node() {
            Persistence store = JdbcPersistence.embeddedH2(dir);
            KeyStorage keys = BouncyCastleCrypto.keyStoreFile(dir.resolve("bank-keys.mks"), PASSWORD.clone());
            crypto = BouncyCastleCrypto.builder().keyStorage(keys).persistence(store).random(random).build();
            ca = crypto.certificateAuthority();
            sdk = MobileShields.builder().persistence(store).crypto(crypto)
                    .smsSender(bank).faceVerifier(bank).identityRegistry(bank).hardwareKeys(bank)
                    .pinPolicy(PinPolicy.seed002()).coolingOff(CoolingOffPolicy.none()).random(random).build();
        }

        @Override
        public void close() {
            sdk.close();
        }
    }

    private Application application(ResidentIdNumber who, String device, CustodyMode custody, KeyAlgorithm alg) {
        return new Application("restart-" + (++requests), DemoBank.ENTERPRISE, DemoBank.CREDIT_CODE, who, PersonName.of(DemoBank.NAMES.get(who)),
                who.equals(DemoBank.ZHANG) ? UserType.LEGAL_REPRESENTATIVE : UserType.OPERATOR,
                new DeviceInfo(DeviceId.of(device), UserId.of("acct-" + device), Set.of(AuthMethod.PIN)), custody, alg);
    }

    private PinProof.EncryptedPin pinBlock(PinChallenge challenge, String pin) {
        try (Pin p = Pin.of(pin)) {
            return new PinProof.EncryptedPin(challenge.id(), phone.encrypt(challenge.pinKey(), PinBlock.encode(challenge, p)));
        }
    }

    private ShieldDetails complete(MobileShield sdk, EnrollmentSession s, ResidentIdNumber who, CustodyMode custody, KeyAlgorithm alg) {
        sdk.enrollment().acceptAgreement(s.id(), "2026-11");
        sdk.enrollment().sendSmsCode(s.id());
        sdk.enrollment().verifySmsCode(s.id(), bank.lastCode(who));
        sdk.enrollment().verifyFace(s.id(), new FaceVerifier.FaceCapture(new byte[]{1}));
        sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(pinBlock(sdk.enrollment().pinChallenge(s.id()), "135790")));
        if (custody == CustodyMode.DEVICE) {
            sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey());
            KeyPair keys = phone.generate(alg);
            return sdk.enrollment().complete(s.id(), phone.certificateRequest(keys, alg, DemoBank.NAMES.get(who)));
        }
        sdk.enrollment().prepareKey(s.id(), new KeyProposal.HostedKey());
        return sdk.enrollment().complete(s.id(), new byte[0]);
    }

    private ShieldDetails open(MobileShield sdk, ResidentIdNumber who, String device, CustodyMode custody, KeyAlgorithm alg) {
        return complete(sdk, sdk.enrollment().start(application(who, device, custody, alg)), who, custody, alg);
    }

    private static BigInteger serial(ShieldDetails d) {
        return new BigInteger(d.certificate().orElseThrow().serialHex(), 16);
    }

    private IssueRequest directRequest(String id) {
        Instant now = Instant.now();
        return new IssueRequest(retriedKey.getPublic(), KeyAlgorithm.SM2,
                new CertificateSubject("赵六", "91350100M000100Y43", "cd".repeat(32), "MS00000000077"), now, now.plus(Duration.ofDays(30)), id);
    }

    private static Optional<X509CRLEntryHolder> listed(byte[] crl, BigInteger serial) throws Exception {
        return Optional.ofNullable(new X509CRLHolder(crl).getRevokedCertificate(serial));
    }

    private static BasicOCSPResp ocsp(CertificateAuthority ca, X509Certificate issuer, BigInteger serial) throws Exception {
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new X509CertificateHolder(issuer.getEncoded()), serial);
        OCSPResp resp = new OCSPResp(ca.ocsp(new OCSPReqBuilder().addRequest(id).build().getEncoded()));
        assertThat(resp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        return (BasicOCSPResp) resp.getResponseObject();
    }

    @Test
    @DisplayName("CA-PERSIST restart: every administration and certificate action works on shields opened before the restart; "
            + "the CRL lists earlier revocations, OCSP answers old serials, a retried issuance returns the same certificate")
    void restartKeepsTheCa() throws Exception {
        ShieldDetails zhang;
        ShieldDetails li;
        ShieldDetails wang;
        X509Certificate retried;
        List<X509Certificate> ecChain;
        List<X509Certificate> sm2Chain;
        long crlNumberBefore;
        try (Node first = new Node()) {
            first.sdk.permissions().grant(SUPER_ADMIN, DemoBank.ENTERPRISE, DemoBank.LI);
            first.sdk.permissions().grant(SUPER_ADMIN, DemoBank.ENTERPRISE, DemoBank.WANG);
            zhang = open(first.sdk, DemoBank.ZHANG, "iphone-zhang", CustodyMode.DEVICE, KeyAlgorithm.EC_P256);
            li = open(first.sdk, DemoBank.LI, "huawei-li", CustodyMode.HOSTED, KeyAlgorithm.SM2);
            wang = open(first.sdk, DemoBank.WANG, "oppo-wang", CustodyMode.DEVICE, KeyAlgorithm.EC_P256);
            first.sdk.administration().voidShield(wang.number(), LEGAL_REP);
            retried = first.ca.issue(directRequest("interrupted-issuance-1"));
            ecChain = first.ca.chain(KeyAlgorithm.Family.EC);
            sm2Chain = first.ca.chain(KeyAlgorithm.Family.SM2);
            crlNumberBefore = number(first.ca.crl(KeyAlgorithm.Family.EC));
        }

        try (Node second = new Node()) {
            CertificateAuthority ca = second.ca;
            assertThat(ca.chain(KeyAlgorithm.Family.EC)).as("the same CA keys and certificates after the restart").isEqualTo(ecChain);
            assertThat(ca.chain(KeyAlgorithm.Family.SM2)).isEqualTo(sm2Chain);
            assertThat(ca.issue(directRequest("interrupted-issuance-1")).getEncoded())
                    .as("the retried issuance returns the first certificate, not a second one").isEqualTo(retried.getEncoded());

            byte[] crl = ca.crl(KeyAlgorithm.Family.EC);
            assertThat(number(crl)).as("CRL numbers go on from where they were").isGreaterThan(crlNumberBefore);
            assertThat(new X509CRLHolder(crl).isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                    .build(ecChain.get(0)))).isTrue();
            assertThat(listed(crl, serial(wang))).as("the void before the restart is on the CRL").isPresent();
            assertThat(listed(crl, serial(zhang))).isEmpty();

            BasicOCSPResp good = ocsp(ca, ecChain.get(0), serial(zhang));
            assertThat(good.getResponses()[0].getCertStatus()).as("OCSP answers a serial issued before the restart").isNull();
            BasicOCSPResp revoked = ocsp(ca, ecChain.get(0), serial(wang));
            assertThat(revoked.getResponses()[0].getCertStatus()).isInstanceOf(RevokedStatus.class);

            MobileShield sdk = second.sdk;
            assertThat(sdk.administration().reportLoss(zhang.number(), Actor.holder("acct-iphone-zhang")).status()).isEqualTo(ShieldStatus.LOST);
            assertThat(ca.status(serial(zhang), Instant.now()).reason()).contains(RevocationReason.CERTIFICATE_HOLD);
            assertThat(sdk.administration().cancelLoss(zhang.number(), Actor.holder("acct-iphone-zhang")).status()).isEqualTo(ShieldStatus.ACTIVE);
            assertThat(ca.status(serial(zhang), Instant.now()).state()).isEqualTo(RevocationStatus.State.GOOD);
            assertThat(sdk.administration().freeze(li.number(), LEGAL_REP).status()).isEqualTo(ShieldStatus.FROZEN);
            assertThat(sdk.administration().unfreeze(li.number(), LEGAL_REP).status()).isEqualTo(ShieldStatus.ACTIVE);
            sdk.permissions().withdraw(SUPER_ADMIN, DemoBank.ENTERPRISE, DemoBank.LI);
            assertThat(sdk.shields().details(li.number()).status()).isEqualTo(ShieldStatus.REVOKED);
            assertThat(ca.status(serial(li), Instant.now()).reason()).contains(RevocationReason.PRIVILEGE_WITHDRAWN);

            EnrollmentSession s = sdk.enrollment().startReissue(zhang.number(),
                    application(DemoBank.ZHANG, "iphone-zhang-new", CustodyMode.DEVICE, KeyAlgorithm.EC_P256));
            ShieldDetails reissued = complete(sdk, s, DemoBank.ZHANG, CustodyMode.DEVICE, KeyAlgorithm.EC_P256);
            assertThat(sdk.shields().details(zhang.number()).status()).isEqualTo(ShieldStatus.REVOKED);
            assertThat(ca.status(serial(zhang), Instant.now()).reason()).contains(RevocationReason.SUPERSEDED);
            sdk.shields().revoke(reissued.number(), Actor.holder("acct-iphone-zhang-new"),
                    pinBlock(sdk.shields().pinChallenge(reissued.number()), "135790"));
            assertThat(ca.status(serial(reissued), Instant.now()).state()).isEqualTo(RevocationStatus.State.REVOKED);

            byte[] after = ca.crl(KeyAlgorithm.Family.EC);
            assertThat(listed(after, serial(wang))).isPresent();
            assertThat(listed(after, serial(zhang))).isPresent();
            assertThat(listed(after, serial(reissued))).isPresent();
            assertThat(listed(ca.crl(KeyAlgorithm.Family.SM2), serial(li))).isPresent();
        }
    }

    private static long number(byte[] crl) throws Exception {
        return CRLNumber.getInstance(new X509CRLHolder(crl).getExtension(Extension.cRLNumber).getParsedValue()).getCRLNumber().longValueExact();
    }
}
