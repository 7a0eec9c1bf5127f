package io.mshield.crypto.bc;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.certificate.RevocationReason;
import io.mshield.crypto.CertificateSubject;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.RawSigner;
import io.mshield.crypto.RevocationStatus;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.SignatureVerification;
import io.mshield.crypto.internal.BcSignatureService;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Verification of detached CMS: path validation to the CA's root (cached), revocation on every
 * call at the time of a trusted time-stamp token, or now — never at the signer's own signing time;
 * BER accepted, malformed or oversized input refused with a reason; and strict certificate decoding.
 */
class CmsVerificationTest {
    private static final Phone PHONE = new Phone(new SecureRandom());
    private static final byte[] DATA = "工资代发 12 笔 共 88,000.00 元".getBytes(StandardCharsets.UTF_8);
    /** The provider's clock: set to a time to make a time-stamp token then, else the system's. */
    private static final SettableClock CLOCK = new SettableClock(Instant.now().minus(Duration.ofDays(30)));
    /** A CA (and time-stamping units) made 30 days ago, so that times in the recent past fall inside their validity. */
    private static final BouncyCastleCrypto CRYPTO = BouncyCastleCrypto.builder().clock(CLOCK).build();

    static {
        CLOCK.set(null);
    }

    /** A clock that answers a set instant, or the system's time when none is set. */
    private static final class SettableClock extends Clock {
        private volatile Instant fixed;

        SettableClock(Instant fixed) {
            this.fixed = fixed;
        }

        void set(Instant at) {
            fixed = at;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            Instant f = fixed;
            return f != null ? f : Instant.now();
        }
    }

    /** The CMS with a signature-time-stamp token made by the provider's TSA at a given time. */
    private static byte[] stamped(byte[] cms, KeyAlgorithm algorithm, Instant at) {
        CLOCK.set(at);
        try {
            return CRYPTO.signatures().addSignatureTimeStamp(cms, CRYPTO.timeStamping().orElseThrow(), algorithm.family());
        } finally {
            CLOCK.set(null);
        }
    }

    private record Signer(KeyPair keys, X509Certificate certificate, KeyAlgorithm algorithm) {
    }

    private Signer signer(BouncyCastleCrypto ca, KeyAlgorithm algorithm, Instant notBefore, Duration life) {
        KeyPair keys = PHONE.generate(algorithm);
        X509Certificate certificate = ca.certificateAuthority().issue(new IssueRequest(keys.getPublic(), algorithm,
                new CertificateSubject("李四", "91350100M000100Y43", "cd".repeat(32), "MS00000000042"),
                notBefore, notBefore.plus(life), "req-" + System.nanoTime()));
        return new Signer(keys, certificate, algorithm);
    }

    private Signer signer(KeyAlgorithm algorithm) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return signer(CRYPTO, algorithm, now.minus(Duration.ofDays(1)), Duration.ofDays(365));
    }

    private byte[] cms(BouncyCastleCrypto by, Signer s, Instant signingTime) {
        SignatureScheme scheme = s.algorithm().defaultScheme();
        RawSigner raw = RawSigner.of(scheme, data -> PHONE.sign(s.keys(), scheme, data));
        return by.signatures().signCms(raw, s.certificate(), by.certificateAuthority().chain(s.algorithm().family()), DATA, signingTime);
    }

    private long cacheHits() {
        return ((BcSignatureService) CRYPTO.signatures()).pathCacheHits();
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"SM2", "EC_P256", "ED25519", "RSA_2048"})
    @DisplayName("R10.3 a path validated once is answered from the cache for every later signature under it")
    void pathIsCached(KeyAlgorithm algorithm) {
        Signer s = signer(algorithm);
        byte[] cms = cms(CRYPTO, s, Instant.now());
        long before = cacheHits();
        for (int i = 0; i < 20; i++) {
            SignatureVerification v = CRYPTO.signatures().verifyCms(cms, DATA);
            assertThat(v.valid()).as(v.failure().orElse("")).isTrue();
            assertThat(v.chain()).hasSize(3).first().isEqualTo(s.certificate());
            assertThat(v.chain().get(2).getSubjectX500Principal()).isEqualTo(v.chain().get(2).getIssuerX500Principal());
        }
        assertThat(cacheHits() - before).isEqualTo(19);
        // The cache does not make a changed content or signature pass.
        assertThat(CRYPTO.signatures().verifyCms(cms, "other".getBytes(StandardCharsets.UTF_8)).valid()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"SM2", "EC_P256"})
    @DisplayName("R6.6 a time-stamped CMS stays DER: the signer's bytes unchanged, one token added, and it verifies at the token's time")
    void stampedCmsStaysDer(KeyAlgorithm algorithm) throws Exception {
        Signer s = signer(algorithm);
        byte[] cms = cms(CRYPTO, s, Instant.now());
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        byte[] withToken = stamped(cms, algorithm, at);
        assertThat(org.bouncycastle.asn1.ASN1Primitive.fromByteArray(withToken).getEncoded("DER")).isEqualTo(withToken);
        org.bouncycastle.cms.SignerInformation before = new org.bouncycastle.cms.CMSSignedData(cms).getSignerInfos().getSigners().iterator().next();
        org.bouncycastle.cms.SignerInformation after = new org.bouncycastle.cms.CMSSignedData(withToken).getSignerInfos().getSigners().iterator().next();
        assertThat(after.getEncodedSignedAttributes()).isEqualTo(before.getEncodedSignedAttributes());
        assertThat(after.getSignature()).isEqualTo(before.getSignature());
        assertThat(after.getUnsignedAttributes().size()).isEqualTo(1);
        SignatureVerification v = CRYPTO.signatures().verifyCms(withToken, DATA);
        assertThat(v.valid()).as(v.failure().orElse("")).isTrue();
        assertThat(v.timeSource()).isEqualTo(SignatureVerification.TimeSource.TIME_STAMP_TOKEN);
        assertThat(v.checkedAt()).contains(at);
    }

    @Test
    @DisplayName("R10.3 a revocation takes effect at once although the path is cached; a hold lifted restores validity; "
            + "a token from before the hold keeps a signature valid, a backdated signingTime does not")
    void revocationIsNotCached() {
        Signer s = signer(KeyAlgorithm.EC_P256);
        Instant twoHoursAgo = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
        byte[] early = stamped(cms(CRYPTO, s, twoHoursAgo), KeyAlgorithm.EC_P256, twoHoursAgo);
        SignatureVerification before = CRYPTO.signatures().verifyCms(early, DATA);
        assertThat(before.valid()).as(before.failure().orElse("")).isTrue();
        assertThat(before.checkedAt()).contains(twoHoursAgo);
        assertThat(before.timeSource()).isEqualTo(SignatureVerification.TimeSource.TIME_STAMP_TOKEN);
        CRYPTO.certificateAuthority().revoke(s.certificate().getSerialNumber(), RevocationReason.CERTIFICATE_HOLD,
                Instant.now().minus(Duration.ofHours(1)));
        byte[] late = cms(CRYPTO, s, Instant.now());
        SignatureVerification revoked = CRYPTO.signatures().verifyCms(late, DATA);
        assertThat(revoked.valid()).isFalse();
        assertThat(revoked.revocation().state()).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(revoked.revocation().reason()).contains(RevocationReason.CERTIFICATE_HOLD);
        // Time-stamped before the hold: still valid, the status is taken at the token's time.
        assertThat(CRYPTO.signatures().verifyCms(early, DATA).valid()).isTrue();
        // The signer's own signing time is not a trusted time: backdating it does not escape the hold.
        SignatureVerification backdated = CRYPTO.signatures().verifyCms(cms(CRYPTO, s, twoHoursAgo), DATA);
        assertThat(backdated.valid()).isFalse();
        assertThat(backdated.timeSource()).isEqualTo(SignatureVerification.TimeSource.VERIFICATION_TIME);
        CRYPTO.certificateAuthority().release(s.certificate().getSerialNumber(), Instant.now());
        assertThat(CRYPTO.signatures().verifyCms(late, DATA).valid()).isTrue();
    }

    @Test
    @DisplayName("R10.3 a trusted time outside the certificate's validity fails even after the path was cached")
    void validityIsCheckedOnCacheHits() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(10));
        Signer s = signer(CRYPTO, KeyAlgorithm.ED25519, start, Duration.ofDays(5));
        byte[] cms = cms(CRYPTO, s, start.plus(Duration.ofDays(1)));
        SignatureVerification inside = CRYPTO.signatures().verifyCms(stamped(cms, KeyAlgorithm.ED25519, start.plus(Duration.ofDays(1))), DATA);
        assertThat(inside.valid()).as(inside.failure().orElse("")).isTrue();
        SignatureVerification after = CRYPTO.signatures().verifyCms(stamped(cms, KeyAlgorithm.ED25519, start.plus(Duration.ofDays(6))), DATA);
        assertThat(after.valid()).isFalse();
        assertThat(after.failure()).get().asString().contains("path");
        SignatureVerification before = CRYPTO.signatures().verifyCms(stamped(cms, KeyAlgorithm.ED25519, start.minus(Duration.ofDays(1))), DATA);
        assertThat(before.valid()).isFalse();
        SignatureVerification unstamped = CRYPTO.signatures().verifyCms(cms, DATA);
        assertThat(unstamped.valid()).as("without a token the check is now, after the certificate expired").isFalse();
    }

    @Test
    @DisplayName("R10.3 a certificate from another CA does not validate, whatever it signs")
    void foreignCa() {
        BouncyCastleCrypto other = BouncyCastleCrypto.create();
        Signer s = signer(other, KeyAlgorithm.EC_P256, Instant.now().minus(Duration.ofDays(1)), Duration.ofDays(30));
        byte[] cms = cms(other, s, Instant.now());
        assertThat(other.signatures().verifyCms(cms, DATA).valid()).isTrue();
        SignatureVerification v = CRYPTO.signatures().verifyCms(cms, DATA);
        assertThat(v.valid()).isFalse();
        assertThat(v.chain()).isEmpty();
        assertThat(v.failure()).get().asString().contains("trust anchor");
    }

    @Test
    @DisplayName("R10.3 BER from a streaming encoder verifies; unclosed, oversized or trailing input is refused with a reason")
    void berAndMalformed() throws Exception {
        Signer s = signer(KeyAlgorithm.SM2);
        byte[] der = cms(CRYPTO, s, Instant.now());
        byte[] ber = berOuter(der);   // what a streaming encoder writes: an indefinite outer length
        assertThat(new CMSSignedData(ber).getSignerInfos().size()).isEqualTo(1);
        assertThat(CRYPTO.signatures().verifyCms(ber, DATA).valid()).isTrue();

        byte[] unclosed = Arrays.copyOf(ber, ber.length - 2);
        assertThat(CRYPTO.signatures().verifyCms(unclosed, DATA).failure()).get().asString().contains("end-of-contents");
        byte[] trailing = Arrays.copyOf(der, der.length + 1);
        assertThat(CRYPTO.signatures().verifyCms(trailing, DATA).failure()).get().asString().contains("after the outer value");
        byte[] huge = new byte[BcSignatureService.MAX_CMS_BYTES + 1];
        assertThat(CRYPTO.signatures().verifyCms(huge, DATA).failure()).get().asString().contains("larger than");
        assertThat(CRYPTO.signatures().verifyCms(new byte[] {0x30, 0x00}, DATA).valid()).isFalse();
    }

    @Test
    @DisplayName("R10.3 certificates decode only from canonical DER within the size cap")
    void strictCertificates() throws Exception {
        X509Certificate leaf = signer(KeyAlgorithm.RSA_2048).certificate();
        byte[] der = leaf.getEncoded();
        assertThat(CRYPTO.signatures().decodeCertificate(der)).isEqualTo(leaf);
        for (byte[] bad : List.of(new byte[] {0x30, 0x00}, Arrays.copyOf(der, der.length - 1), Arrays.copyOf(der, der.length + 1),
                new byte[BcSignatureService.MAX_CERTIFICATE_BYTES + 1], berOuter(der))) {
            ShieldException e = catchThrowableOfType(ShieldException.class, () -> CRYPTO.signatures().decodeCertificate(bad));
            assertThat(e).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.CERTIFICATE_INVALID);
        }
    }

    @Test
    @DisplayName("R10.2 a certificate decoded again is the same object; the caller's array is copied, and bad input is never cached")
    void decodedCertificatesAreReused() throws Exception {
        X509Certificate leaf = signer(KeyAlgorithm.SM2).certificate();
        byte[] der = leaf.getEncoded();
        X509Certificate first = CRYPTO.signatures().decodeCertificate(der);
        assertThat(CRYPTO.signatures().decodeCertificate(der.clone())).isSameAs(first);
        der[der.length - 1] ^= 1;
        assertThat(CRYPTO.signatures().decodeCertificate(der)).as("other bytes, another certificate").isNotSameAs(first)
                .isNotEqualTo(leaf);
        byte[] truncated = Arrays.copyOf(leaf.getEncoded(), der.length - 1);
        assertThat(catchThrowableOfType(ShieldException.class, () -> CRYPTO.signatures().decodeCertificate(truncated)).code())
                .isEqualTo(ErrorCode.CERTIFICATE_INVALID);
        assertThat(catchThrowableOfType(ShieldException.class, () -> CRYPTO.signatures().decodeCertificate(truncated)).code())
                .as("a refused certificate is refused again, not served from the cache").isEqualTo(ErrorCode.CERTIFICATE_INVALID);
        assertThat(CRYPTO.signatures().decodeCertificate(leaf.getEncoded())).isSameAs(first).isEqualTo(leaf);
    }

    private static byte[] berOuter(byte[] der) {
        int headerLength = (der[1] & 0x80) != 0 ? 2 + (der[1] & 0x7f) : 2;
        byte[] out = new byte[der.length - headerLength + 4];
        out[0] = 0x30;
        out[1] = (byte) 0x80;
        System.arraycopy(der, headerLength, out, 2, der.length - headerLength);
        return out;
    }
}
