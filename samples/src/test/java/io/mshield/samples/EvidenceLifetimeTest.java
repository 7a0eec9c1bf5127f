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
import io.mshield.crypto.RawSigner;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.SignatureVerification;
import io.mshield.crypto.SignatureVerification.RevocationSource;
import io.mshield.crypto.SignatureVerification.TimeSource;
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
import io.mshield.identity.UserId;
import io.mshield.identity.UserType;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.persistence.Persistence;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.Pin;
import io.mshield.pin.PinBlock;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinProof;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.ShieldDetails;
import io.mshield.signature.Evidence;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.Party;
import io.mshield.transaction.SignatureReceipt;
import io.mshield.transaction.Transaction;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
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
 * EVIDENCE (R6.6, R10.5) on the real crypto, an H2 file database and the key store file: the
 * evidence of a payment carries an RFC 3161 token from the embedded time-stamping authority and
 * the CRL published at signing, and keeps its verdict after a freeze, a void, a renewal, a reissue,
 * a restart and the certificate's expiry. A signer's own signing time is never the time of the
 * checks; tokens that are over other data, from an unknown authority or outside the certificate's
 * validity make the signature invalid, with a reason.
 */
class EvidenceLifetimeTest {
    private static final char[] PASSWORD = "evidence-test-password".toCharArray();
    private static final Actor LEGAL_REP = Actor.legalRepresentative("zhang", DemoBank.ENTERPRISE, DemoBank.ZHANG);
    private static final Party PAYER = new Party("厦门测试有限公司", "6222000000000001", "招商银行");
    private static final Party PAYEE = new Party("上海供应商有限公司", "6222000000000002", "工商银行");

    @TempDir
    Path dir;
    private final SecureRandom random = new SecureRandom();
    private final Phone phone = new Phone(random);
    private final DemoBank bank = new DemoBank(new PrintStream(OutputStream.nullOutputStream()));
    private final DemoClock clock = new DemoClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    private KeyPair phoneKeys;
    private int requests;
    private Node node;

    /** One SDK process on the shared directory. */
    private final class Node implements AutoCloseable {
        final BouncyCastleCrypto crypto;
        final CertificateAuthority ca;
        final MobileShield sdk;

        /** A node whose keys live in memory: quicker, for the tests without a restart. */
        Node() {
            this(false);
        }

        Node(boolean keyStoreFile) {
            this(keyStoreFile, true);
        }

        Node(boolean keyStoreFile, boolean timeStamped) {
            Persistence store = JdbcPersistence.embeddedH2(dir);
            BouncyCastleCrypto.Builder b = BouncyCastleCrypto.builder().persistence(store).random(random).clock(clock);
            if (!timeStamped) {
                b.withoutTimeStamping();
            }
            if (keyStoreFile) {
                KeyStorage keys = BouncyCastleCrypto.keyStoreFile(dir.resolve("bank-keys.mks"), PASSWORD.clone());
                b.keyStorage(keys);
            }
            crypto = b.build();
            ca = crypto.certificateAuthority();
            sdk = MobileShields.builder().persistence(store).crypto(crypto)
                    .smsSender(bank).faceVerifier(bank).identityRegistry(bank).hardwareKeys(bank)
                    .coolingOff(CoolingOffPolicy.none()).random(random).clock(clock).build();
        }

        @Override
        public void close() {
            sdk.close();
        }
    }

    @AfterEach
    void close() {
        if (node != null) {
            node.close();
        }
    }

    private Application application(ResidentIdNumber who, String device) {
        return new Application("evidence-" + (++requests), DemoBank.ENTERPRISE, DemoBank.CREDIT_CODE, who, PersonName.of(DemoBank.NAMES.get(who)),
                UserType.LEGAL_REPRESENTATIVE, new DeviceInfo(DeviceId.of(device), UserId.of("acct-" + device), Set.of(AuthMethod.PIN)),
                CustodyMode.DEVICE, KeyAlgorithm.EC_P256);
    }

    private PinProof.EncryptedPin pinBlock(PinChallenge challenge) {
        try (Pin p = Pin.of("135790")) {
            return new PinProof.EncryptedPin(challenge.id(), phone.encrypt(challenge.pinKey(), PinBlock.encode(challenge, p)));
        }
    }

    private ShieldDetails complete(EnrollmentSession s) {
        MobileShield sdk = node.sdk;
        sdk.enrollment().acceptAgreement(s.id(), "2026-11");
        sdk.enrollment().sendSmsCode(s.id());
        sdk.enrollment().verifySmsCode(s.id(), bank.lastCode(DemoBank.ZHANG));
        sdk.enrollment().verifyFace(s.id(), new FaceVerifier.FaceCapture(new byte[]{1}));
        sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(pinBlock(sdk.enrollment().pinChallenge(s.id()))));
        sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey());
        phoneKeys = phone.generate(KeyAlgorithm.EC_P256);
        return sdk.enrollment().complete(s.id(), phone.certificateRequest(phoneKeys, KeyAlgorithm.EC_P256, DemoBank.NAMES.get(DemoBank.ZHANG)));
    }

    private ShieldDetails open() {
        return complete(node.sdk.enrollment().start(application(DemoBank.ZHANG, "iphone-zhang")));
    }

    private Evidence pay(ShieldDetails d) {
        Transaction t = new Transaction("tx-" + (++requests), Scenario.TRANSFER, Money.cny("100.00"), PAYER, Optional.of(PAYEE),
                List.of(), "mobile", "转账 100.00 元");
        Authorization.Allowed a = (Authorization.Allowed) node.sdk.transactions().authorize(d.number(), t, Authenticator.SHIELD);
        byte[] sig = phone.sign(phoneKeys, SignatureScheme.ECDSA_SHA256, a.signedContent());
        SignatureReceipt receipt = node.sdk.transactions().complete(a.id(), sig,
                Optional.of(pinBlock(node.sdk.shields().pinChallenge(d.number()))));
        return node.sdk.signatures().evidence(receipt.record().id()).orElseThrow();
    }

    private Instant signedAt;

    private Evidence openAndPay() {
        return openAndPay(false);
    }

    private Evidence openAndPay(boolean keyStoreFile) {
        node = new Node(keyStoreFile);
        ShieldDetails d = open();
        signedAt = clock.instant();
        Evidence e = pay(d);
        assertValidAtToken(node.sdk.signatures().verifyEvidence(e));
        lastShield = d;
        return e;
    }

    private ShieldDetails lastShield;

    private void assertValidAtToken(SignatureVerification v) {
        assertThat(v.failure()).as("failure").isEmpty();
        assertThat(v.valid()).isTrue();
        assertThat(v.timeSource()).isEqualTo(TimeSource.TIME_STAMP_TOKEN);
        assertThat(v.checkedAt()).contains(signedAt);
    }

    @Test
    @DisplayName("R6.6 evidence carries a signature-time-stamp token from the embedded TSA (critical EKU timeStamping) and the CRL of its time")
    void evidenceCarriesATokenAndTheCrl() throws Exception {
        Evidence e = openAndPay();
        SignerInformation si = new CMSSignedData(e.cms()).getSignerInfos().getSigners().iterator().next();
        TimeStampToken token = new TimeStampToken(org.bouncycastle.asn1.cms.ContentInfo.getInstance(
                si.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken).getAttrValues().getObjectAt(0)));
        assertThat(token.getTimeStampInfo().getGenTime().toInstant()).isEqualTo(signedAt);
        X509Certificate unit = node.crypto.timeStamping().orElseThrow().chain(KeyAlgorithm.Family.EC).get(0);
        assertThat(unit.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.8");
        assertThat(unit.getCriticalExtensionOIDs()).contains("2.5.29.37");
        assertThat(e.revocationData()).hasSize(1);
        SignatureVerification v = node.sdk.signatures().verifyEvidence(e);
        assertThat(v.revocationSource()).isEqualTo(RevocationSource.EMBEDDED);
    }

    @Test
    @DisplayName("R6.6 evidence stays valid after the shield is frozen")
    void validAfterFreeze() {
        Evidence e = openAndPay();
        clock.advance(Duration.ofHours(1));
        node.sdk.administration().freeze(lastShield.number(), LEGAL_REP);
        assertValidAtToken(node.sdk.signatures().verifyEvidence(e));
    }

    @Test
    @DisplayName("R6.6 evidence stays valid after the shield is voided")
    void validAfterVoid() {
        Evidence e = openAndPay();
        clock.advance(Duration.ofHours(1));
        node.sdk.administration().voidShield(lastShield.number(), LEGAL_REP);
        assertValidAtToken(node.sdk.signatures().verifyEvidence(e));
    }

    @Test
    @DisplayName("R6.6 evidence stays valid after a reissue to a new phone revokes the old certificate as superseded")
    void validAfterReissue() {
        Evidence e = openAndPay();
        clock.advance(Duration.ofHours(1));
        complete(node.sdk.enrollment().startReissue(lastShield.number(), application(DemoBank.ZHANG, "iphone-zhang-new")));
        assertThat(node.ca.status(new java.math.BigInteger(lastShield.certificate().orElseThrow().serialHex(), 16), clock.instant())
                .reason()).contains(RevocationReason.SUPERSEDED);
        assertValidAtToken(node.sdk.signatures().verifyEvidence(e));
    }

    @Test
    @DisplayName("R6.6 evidence stays valid after a restart on the same database and key store, and after the certificate expired")
    void validAfterRestartAndExpiry() {
        Evidence e = openAndPay(true);
        node.close();
        node = new Node(true);
        Evidence reread = node.sdk.signatures().evidence(e.signatureId()).orElseThrow();
        assertValidAtToken(node.sdk.signatures().verifyEvidence(reread));
        assertValidAtToken(node.sdk.signatures().verifyEvidence(Evidence.fromBundle(e.bundle())));
        Instant notAfter = lastShield.certificate().orElseThrow().notAfter();
        clock.advance(Duration.between(clock.instant(), notAfter).plusDays(1));
        assertValidAtToken(node.sdk.signatures().verifyEvidence(reread));
    }

    @Test
    @DisplayName("R6.6 evidence stays valid after a renewal revokes the old certificate as superseded")
    void validAfterRenewal() {
        Evidence e = openAndPay();
        Instant notAfter = lastShield.certificate().orElseThrow().notAfter();
        clock.advance(Duration.between(clock.instant(), notAfter).minusDays(20));
        KeyPair next = phone.generate(KeyAlgorithm.EC_P256);
        Actor holder = Actor.holder("acct-iphone-zhang");
        node.sdk.shields().sendSmsCode(lastShield.number(), holder, io.mshield.shield.HolderOperation.RENEWAL);
        node.sdk.shields().renew(lastShield.number(), holder, pinBlock(node.sdk.shields().pinChallenge(lastShield.number())),
                bank.lastCode(DemoBank.ZHANG), phone.certificateRequest(next, KeyAlgorithm.EC_P256, DemoBank.NAMES.get(DemoBank.ZHANG)));
        assertValidAtToken(node.sdk.signatures().verifyEvidence(e));
    }

    @Test
    @DisplayName("R6.6 withoutTimeStamping (never the default): evidence has no token, is checked at the time of verification, and a later void makes it invalid")
    void withoutTimeStampingEvidenceLosesItsTime() throws Exception {
        node = new Node(false, false);
        assertThat(node.crypto.timeStamping()).isEmpty();
        ShieldDetails d = open();
        Evidence e = pay(d);
        SignerInformation si = new CMSSignedData(e.cms()).getSignerInfos().getSigners().iterator().next();
        assertThat(si.getUnsignedAttributes() == null
                || si.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken) == null).as("no token").isTrue();
        SignatureVerification fresh = node.sdk.signatures().verifyEvidence(e);
        assertThat(fresh.valid()).isTrue();
        assertThat(fresh.timeSource()).isEqualTo(TimeSource.VERIFICATION_TIME);
        assertThat(fresh.checkedAt()).contains(clock.instant());

        clock.advance(Duration.ofHours(1));
        node.sdk.administration().voidShield(d.number(), LEGAL_REP);
        SignatureVerification later = node.sdk.signatures().verifyEvidence(e);
        assertThat(later.valid()).as("without a trusted time the payment's evidence is checked now, after the void").isFalse();
        assertThat(later.timeSource()).isEqualTo(TimeSource.VERIFICATION_TIME);
        assertThat(later.checkedAt()).contains(clock.instant());
        assertThat(later.failure().orElseThrow()).contains("REVOKED");
    }

    @Test
    @DisplayName("the time-stamping options: the embedded TSA by default, none only when asked, the last option wins")
    void timeStampingOptions() {
        assertThat(BouncyCastleCrypto.create().timeStamping()).isPresent();
        BouncyCastleCrypto embedded = BouncyCastleCrypto.create();
        io.mshield.crypto.TimeStamping own = embedded.timeStamping().orElseThrow();
        assertThat(BouncyCastleCrypto.builder().timeStamping(own).withoutTimeStamping().build().timeStamping()).isEmpty();
        assertThat(BouncyCastleCrypto.builder().withoutTimeStamping().timeStamping(own).build().timeStamping()).containsSame(own);
    }

    // ---- CMS made directly, to try what a signer could do -------------------------------------

    private X509Certificate issued(Node n, KeyPair keys) {
        Instant now = clock.instant();
        return n.ca.issue(new IssueRequest(keys.getPublic(), KeyAlgorithm.EC_P256,
                new CertificateSubject("赵六", "91350100M000100Y43", "cd".repeat(32), "MS00000000077"),
                now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(30)), "direct-" + (++requests)));
    }

    private byte[] cms(Node n, KeyPair keys, X509Certificate cert, byte[] content, Instant signingTime) {
        return n.crypto.signatures().signCms(RawSigner.of(SignatureScheme.ECDSA_SHA256, data -> phone.sign(keys, SignatureScheme.ECDSA_SHA256, data)),
                cert, n.ca.chain(KeyAlgorithm.Family.EC), content, signingTime);
    }

    @Test
    @DisplayName("R10.5 backdating: a CMS whose signer backdated signingTime to before a key-compromise revocation is invalid")
    void backdatedSigningTimeIsNotTheRevocationTime() {
        node = new Node();
        KeyPair keys = phone.generate(KeyAlgorithm.EC_P256);
        X509Certificate cert = issued(node, keys);
        node.ca.revoke(cert.getSerialNumber(), RevocationReason.KEY_COMPROMISE, clock.instant());
        clock.advance(Duration.ofHours(1));
        byte[] content = "pay 1,000,000 CNY".getBytes();
        byte[] backdated = cms(node, keys, cert, content, clock.instant().minus(Duration.ofDays(2)));
        SignatureVerification v = node.crypto.signatures().verifyCms(backdated, content);
        assertThat(v.valid()).isFalse();
        assertThat(v.signingTime()).contains(clock.instant().minus(Duration.ofDays(2)));
        assertThat(v.timeSource()).isEqualTo(TimeSource.VERIFICATION_TIME);
        assertThat(v.failure().orElseThrow()).contains("REVOKED");
    }

    @Test
    @DisplayName("R10.5 a signature time-stamped after its certificate's revocation is invalid, even with a CRL from before")
    void timeStampedAfterRevocation() {
        node = new Node();
        KeyPair keys = phone.generate(KeyAlgorithm.EC_P256);
        X509Certificate cert = issued(node, keys);
        byte[] crlBefore = node.ca.currentCrl(KeyAlgorithm.Family.EC);
        byte[] content = "pay".getBytes();
        byte[] plain = cms(node, keys, cert, content, clock.instant());
        clock.advance(Duration.ofMinutes(5));
        node.ca.revoke(cert.getSerialNumber(), RevocationReason.KEY_COMPROMISE, clock.instant());
        clock.advance(Duration.ofMinutes(5));
        byte[] stamped = node.crypto.signatures().addSignatureTimeStamp(plain, node.crypto.timeStamping().orElseThrow(), KeyAlgorithm.Family.EC);
        SignatureVerification v = node.crypto.signatures().verifyEvidence(stamped, content, List.of(crlBefore));
        assertThat(v.valid()).isFalse();
        assertThat(v.timeSource()).isEqualTo(TimeSource.TIME_STAMP_TOKEN);
        assertThat(v.revocationSource()).isEqualTo(RevocationSource.CERTIFICATE_AUTHORITY);
        assertThat(v.revocation().reason()).contains(RevocationReason.KEY_COMPROMISE);
    }

    @Test
    @DisplayName("R10.5 a token over other data, from an unknown TSA, or with a time outside the certificate's validity: invalid with a reason")
    void badTokens() throws Exception {
        node = new Node();
        KeyPair keys = phone.generate(KeyAlgorithm.EC_P256);
        X509Certificate cert = issued(node, keys);
        byte[] content = "pay".getBytes();
        byte[] first = cms(node, keys, cert, content, clock.instant());
        byte[] other = cms(node, keys, cert, "other".getBytes(), clock.instant());

        // a token over the other CMS's signature grafted onto this one
        byte[] otherStamped = node.crypto.signatures().addSignatureTimeStamp(other, node.crypto.timeStamping().orElseThrow(), KeyAlgorithm.Family.EC);
        SignerInformation donor = new CMSSignedData(otherStamped).getSignerInfos().getSigners().iterator().next();
        CMSSignedData target = new CMSSignedData(first);
        SignerInformation grafted = SignerInformation.replaceUnsignedAttributes(target.getSignerInfos().getSigners().iterator().next(),
                donor.getUnsignedAttributes());
        byte[] graftedCms = CMSSignedData.replaceSigners(target, new org.bouncycastle.cms.SignerInformationStore(grafted)).getEncoded("DER");
        SignatureVerification overOther = node.crypto.signatures().verifyCms(graftedCms, content);
        assertThat(overOther.valid()).isFalse();
        assertThat(overOther.failure().orElseThrow()).contains("over other data");

        // a token from another bank's embedded TSA, which this CA never certified
        BouncyCastleCrypto stranger = BouncyCastleCrypto.builder().clock(clock).build();
        byte[] foreign = stranger.signatures().addSignatureTimeStamp(first, stranger.timeStamping().orElseThrow(), KeyAlgorithm.Family.EC);
        SignatureVerification unknown = node.crypto.signatures().verifyCms(foreign, content);
        assertThat(unknown.valid()).isFalse();
        assertThat(unknown.failure().orElseThrow()).contains("unknown time-stamping authority");

        // a token made after the signer's certificate expired
        clock.advance(Duration.ofDays(31));
        byte[] late = node.crypto.signatures().addSignatureTimeStamp(first, node.crypto.timeStamping().orElseThrow(), KeyAlgorithm.Family.EC);
        SignatureVerification expired = node.crypto.signatures().verifyCms(late, content);
        assertThat(expired.valid()).isFalse();
        assertThat(expired.timeSource()).isEqualTo(TimeSource.VERIFICATION_TIME);
        assertThat(expired.failure().orElseThrow()).containsIgnoringCase("checked at");
    }
}
