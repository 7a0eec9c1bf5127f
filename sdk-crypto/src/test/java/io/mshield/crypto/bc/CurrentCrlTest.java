package io.mshield.crypto.bc;

import io.mshield.certificate.RevocationReason;
import io.mshield.crypto.CertificateAuthority;
import io.mshield.crypto.CertificateSubject;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.CRLNumber;
import io.mshield.crypto.RevocationStatus;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published CRL that evidence embeds: reused while nothing changed, replaced by any revocation, hold, release or age;
 * its revocation times (and OCSP's) in whole seconds, rounded up.
 */
class CurrentCrlTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T08:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final BouncyCastleCrypto crypto = BouncyCastleCrypto.builder().clock(clock).build();
    private final CertificateAuthority ca = crypto.certificateAuthority();
    private final Phone phone = new Phone(new SecureRandom());

    private X509Certificate issue(String request) {
        Instant t = now.get();
        return ca.issue(new IssueRequest(phone.generate(KeyAlgorithm.SM2).getPublic(), KeyAlgorithm.SM2,
                new CertificateSubject("张三", "91350100M000100Y43", "ab".repeat(32), "MS12345678901"),
                t.minusSeconds(60), t.plus(Duration.ofDays(30)), request));
    }

    private static BigInteger number(byte[] der) throws Exception {
        return CRLNumber.getInstance(new X509CRLHolder(der).getExtension(Extension.cRLNumber).getParsedValue()).getCRLNumber();
    }

    private static boolean lists(byte[] der, X509Certificate c) throws Exception {
        return new X509CRLHolder(der).getRevokedCertificate(c.getSerialNumber()) != null;
    }

    @Test
    @DisplayName("R10.2 evidence's CRL: the same published CRL while nothing changed, a new number after a revocation, a hold, a release or the publication interval")
    void republishedOnlyWhenStaleOrChanged() throws Exception {
        X509Certificate a = issue("crl-a");
        X509Certificate b = issue("crl-b");
        byte[] first = ca.currentCrl(KeyAlgorithm.Family.SM2);
        byte[] again = ca.currentCrl(KeyAlgorithm.Family.SM2);
        assertThat(again).isEqualTo(first);
        assertThat(number(again)).isEqualTo(number(first));

        ca.revoke(a.getSerialNumber(), RevocationReason.KEY_COMPROMISE, now.get());
        byte[] afterRevoke = ca.currentCrl(KeyAlgorithm.Family.SM2);
        assertThat(number(afterRevoke)).isGreaterThan(number(first));
        assertThat(lists(afterRevoke, a)).isTrue();
        assertThat(lists(afterRevoke, b)).isFalse();

        ca.revoke(b.getSerialNumber(), RevocationReason.CERTIFICATE_HOLD, now.get());
        byte[] afterHold = ca.currentCrl(KeyAlgorithm.Family.SM2);
        assertThat(lists(afterHold, b)).isTrue();

        ca.release(b.getSerialNumber(), now.get());
        byte[] afterRelease = ca.currentCrl(KeyAlgorithm.Family.SM2);
        assertThat(number(afterRelease)).isGreaterThan(number(afterHold));
        assertThat(new X509CRLHolder(afterRelease).getRevokedCertificate(b.getSerialNumber()).getExtensions()
                .getExtension(Extension.reasonCode)).isNotNull();

        now.set(now.get().plus(Duration.ofMinutes(59)));
        assertThat(ca.currentCrl(KeyAlgorithm.Family.SM2)).isEqualTo(afterRelease);
        now.set(now.get().plus(Duration.ofMinutes(2)));
        byte[] aged = ca.currentCrl(KeyAlgorithm.Family.SM2);
        assertThat(number(aged)).isGreaterThan(number(afterRelease));
        assertThat(new X509CRLHolder(aged).getThisUpdate().toInstant()).isEqualTo(now.get());
    }

    @Test
    @DisplayName("R10.4 a hold inside a second is published at the next whole second, so a signature time-stamped earlier in that second stays good")
    void revocationTimesRoundUpWhenPublished() throws Exception {
        X509Certificate c = issue("crl-round");
        Instant second = Instant.parse("2026-11-22T08:00:05Z");
        Instant hold = second.plusMillis(700);
        now.set(hold);
        ca.revoke(c.getSerialNumber(), RevocationReason.CERTIFICATE_HOLD, hold);

        // the CA's own answer keeps the exact time: a signature time-stamped at 08:00:05 (whole
        // seconds, as a token's genTime) was before the hold, one at 08:00:06 after it
        assertThat(ca.status(c.getSerialNumber(), second).state()).isEqualTo(RevocationStatus.State.GOOD);
        assertThat(ca.status(c.getSerialNumber(), hold).revokedAt()).contains(hold);
        assertThat(ca.status(c.getSerialNumber(), second.plusSeconds(1)).state()).isEqualTo(RevocationStatus.State.REVOKED);
        // the CRL and OCSP carry whole seconds: rounded up, they give the same answers
        byte[] crl = ca.currentCrl(KeyAlgorithm.Family.SM2);
        assertThat(new X509CRLHolder(crl).getRevokedCertificate(c.getSerialNumber()).getRevocationDate().toInstant())
                .isEqualTo(second.plusSeconds(1));
        X509Certificate issuing = ca.chain(KeyAlgorithm.Family.SM2).get(0);
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().setProvider(new BouncyCastleProvider()).build()
                .get(CertificateID.HASH_SHA1), new X509CertificateHolder(issuing.getEncoded()), c.getSerialNumber());
        BasicOCSPResp answer = (BasicOCSPResp) new OCSPResp(ca.ocsp(new OCSPReqBuilder().addRequest(id).build().getEncoded())).getResponseObject();
        assertThat(answer.getResponses()[0].getCertStatus()).isInstanceOfSatisfying(RevokedStatus.class,
                r -> assertThat(r.getRevocationTime().toInstant()).isEqualTo(second.plusSeconds(1)));

        // a time already on a whole second is published as it is
        X509Certificate d = issue("crl-whole");
        ca.revoke(d.getSerialNumber(), RevocationReason.KEY_COMPROMISE, second.plusSeconds(10));
        now.set(second.plusSeconds(11));
        assertThat(new X509CRLHolder(ca.currentCrl(KeyAlgorithm.Family.SM2)).getRevokedCertificate(d.getSerialNumber())
                .getRevocationDate().toInstant()).isEqualTo(second.plusSeconds(10));
    }

    @Test
    @DisplayName("R10.2 crl() always issues a new numbered CRL, and a clock set back never yields a CRL from the future")
    void crlAlwaysNewAndClockBack() throws Exception {
        byte[] one = ca.crl(KeyAlgorithm.Family.EC);
        byte[] two = ca.crl(KeyAlgorithm.Family.EC);
        assertThat(number(two)).isEqualTo(number(one).add(BigInteger.ONE));
        assertThat(ca.currentCrl(KeyAlgorithm.Family.EC)).isEqualTo(two);
        now.set(now.get().minus(Duration.ofMinutes(5)));
        byte[] back = ca.currentCrl(KeyAlgorithm.Family.EC);
        assertThat(new X509CRLHolder(back).getThisUpdate().toInstant()).isEqualTo(now.get());
    }

    @Test
    @DisplayName("R10.2 a CRL handed out is a copy: changing it does not change the published one")
    void copies() {
        byte[] one = ca.currentCrl(KeyAlgorithm.Family.EDDSA);
        one[one.length - 1] ^= 1;
        assertThat(ca.currentCrl(KeyAlgorithm.Family.EDDSA)).isNotEqualTo(one);
    }
}
