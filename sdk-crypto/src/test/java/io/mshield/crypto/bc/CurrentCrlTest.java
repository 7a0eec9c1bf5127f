package io.mshield.crypto.bc;

import io.mshield.certificate.RevocationReason;
import io.mshield.crypto.CertificateAuthority;
import io.mshield.crypto.CertificateSubject;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.cert.X509CRLHolder;
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

/** The published CRL that evidence embeds: reused while nothing changed, replaced by any revocation, hold, release or age. */
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
