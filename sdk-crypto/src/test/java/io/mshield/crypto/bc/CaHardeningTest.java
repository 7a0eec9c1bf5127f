package io.mshield.crypto.bc;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.certificate.RevocationReason;
import io.mshield.crypto.CertificateAuthority;
import io.mshield.crypto.CertificateSubject;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.RevocationStatus;
import io.mshield.crypto.SignatureVerification;
import io.mshield.crypto.RawSigner;
import io.mshield.crypto.SignatureScheme;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** CA-PERSIST items 4 and 5 and the bad-input points: OCSP hardening, rollover, refusals that change nothing. */
class CaHardeningTest {
    private final BouncyCastleCrypto crypto = BouncyCastleCrypto.create();
    private final CertificateAuthority ca = crypto.certificateAuthority();
    private final Phone phone = new Phone(new SecureRandom());
    private final Instant now = Instant.now();

    private X509Certificate issue(KeyPair keys, String request) {
        return ca.issue(new IssueRequest(keys.getPublic(), KeyAlgorithm.EC_P256,
                new CertificateSubject("张三", "91350100M000100Y43", "ab".repeat(32), "MS12345678901"),
                now.minusSeconds(60), now.plus(Duration.ofDays(30)), request));
    }

    private static CertificateID id(X509Certificate issuer, BigInteger serial) throws Exception {
        return new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new X509CertificateHolder(issuer.getEncoded()), serial);
    }

    private static OCSPResp response(CertificateAuthority ca, byte[] request) throws Exception {
        return new OCSPResp(ca.ocsp(request));
    }

    @Test
    @DisplayName("CA-PERSIST 5 OCSP: the nonce is echoed, trailing bytes and bad DER get malformedRequest, a foreign issuer is never good")
    void ocspHardening() throws Exception {
        X509Certificate cert = issue(phone.generate(KeyAlgorithm.EC_P256), "ocsp-hard-1");
        X509Certificate issuing = ca.chain(KeyAlgorithm.Family.EC).get(0);
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        byte[] request = new OCSPReqBuilder().addRequest(id(issuing, cert.getSerialNumber()))
                .setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                        new DEROctetString(nonce).getEncoded()))).build().getEncoded();

        BasicOCSPResp answered = (BasicOCSPResp) response(ca, request).getResponseObject();
        assertThat(answered.getResponses()[0].getCertStatus()).isNull();
        assertThat(answered.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue().getOctets())
                .isEqualTo(new DEROctetString(nonce).getEncoded());
        assertThat(answered.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuing))).isTrue();

        byte[] trailing = Arrays.copyOf(request, request.length + 2);
        assertThat(response(ca, trailing).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
        byte[] truncated = Arrays.copyOf(request, request.length - 3);
        assertThat(response(ca, truncated).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
        assertThat(response(ca, new byte[]{0x04, 0x01, 0x00}).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);

        // the same serial asked of another CA's issuer: not this CA's issuer at all
        X509Certificate foreign = BouncyCastleCrypto.create().certificateAuthority().chain(KeyAlgorithm.Family.EC).get(0);
        byte[] foreignOnly = new OCSPReqBuilder().addRequest(id(foreign, cert.getSerialNumber())).build().getEncoded();
        assertThat(response(ca, foreignOnly).getStatus()).isEqualTo(OCSPResp.UNAUTHORIZED);
        // a foreign item after one of ours: answered unknown, never good
        byte[] mixed = new OCSPReqBuilder().addRequest(id(issuing, cert.getSerialNumber()))
                .addRequest(id(foreign, cert.getSerialNumber())).build().getEncoded();
        BasicOCSPResp both = (BasicOCSPResp) response(ca, mixed).getResponseObject();
        assertThat(both.getResponses()[0].getCertStatus()).isNull();
        assertThat(both.getResponses()[1].getCertStatus()).isInstanceOf(UnknownStatus.class);
        // our serial under another family's issuer of this CA: unknown
        X509Certificate sm2Issuer = ca.chain(KeyAlgorithm.Family.SM2).get(0);
        BasicOCSPResp wrongFamily = (BasicOCSPResp) response(ca, new OCSPReqBuilder()
                .addRequest(id(sm2Issuer, cert.getSerialNumber())).build().getEncoded()).getResponseObject();
        assertThat(wrongFamily.getResponses()[0].getCertStatus()).isInstanceOf(UnknownStatus.class);
    }

    @Test
    @DisplayName("CA-PERSIST bad input: an unknown serial and a revocation of a revoked certificate get clear codes and change nothing")
    void badInputChangesNothing() throws Exception {
        X509Certificate cert = issue(phone.generate(KeyAlgorithm.EC_P256), "bad-input-1");
        byte[] before = ca.crl(KeyAlgorithm.Family.EC);
        ShieldException unknown = catchThrowableOfType(ShieldException.class,
                () -> ca.revoke(BigInteger.valueOf(12345), RevocationReason.KEY_COMPROMISE, now));
        assertThat(unknown.code()).isEqualTo(ErrorCode.CERTIFICATE_INVALID);
        assertThat(catchThrowableOfType(ShieldException.class, () -> ca.release(BigInteger.valueOf(12345), now)).code())
                .isEqualTo(ErrorCode.CERTIFICATE_INVALID);
        assertThat(ca.status(BigInteger.valueOf(12345), now).state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        BigInteger huge = BigInteger.ONE.shiftLeft(1000);
        assertThat(ca.status(huge, now).state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(ca.status(BigInteger.valueOf(-5), now).state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(catchThrowableOfType(ShieldException.class, () -> ca.revoke(huge, RevocationReason.KEY_COMPROMISE, now)).code())
                .isEqualTo(ErrorCode.CERTIFICATE_INVALID);
        X509Certificate issuing = ca.chain(KeyAlgorithm.Family.EC).get(0);
        BasicOCSPResp hugeSerial = (BasicOCSPResp) response(ca, new OCSPReqBuilder().addRequest(id(issuing, huge)).build().getEncoded())
                .getResponseObject();
        assertThat(hugeSerial.getResponses()[0].getCertStatus()).as("a 1000-bit serial is unknown, not an error").isInstanceOf(UnknownStatus.class);

        ca.revoke(cert.getSerialNumber(), RevocationReason.KEY_COMPROMISE, now);
        ca.revoke(cert.getSerialNumber(), RevocationReason.KEY_COMPROMISE, now.plusSeconds(5));
        assertThat(ca.status(cert.getSerialNumber(), now.plusSeconds(10)).revokedAt()).as("the same reason again is a no-op").contains(now);
        assertThat(catchThrowableOfType(ShieldException.class,
                () -> ca.revoke(cert.getSerialNumber(), RevocationReason.SUPERSEDED, now.plusSeconds(5))).code()).isEqualTo(ErrorCode.ILLEGAL_STATE);
        assertThat(catchThrowableOfType(ShieldException.class, () -> ca.release(cert.getSerialNumber(), now.plusSeconds(5))).code())
                .isEqualTo(ErrorCode.ILLEGAL_STATE);
        RevocationStatus after = ca.status(cert.getSerialNumber(), now.plusSeconds(10));
        assertThat(after.reason()).contains(RevocationReason.KEY_COMPROMISE);
        assertThat(after.revokedAt()).contains(now);
        assertThat(new X509CRLHolder(ca.crl(KeyAlgorithm.Family.EC)).getRevokedCertificates().size()).isEqualTo(1);
        assertThat(new X509CRLHolder(before).getRevokedCertificates().size()).isZero();
    }

    @Test
    @DisplayName("CA-PERSIST 4 rollover: new certificates come from the new issuing key; an old one still verifies and can be revoked, on its own issuer's CRL")
    void rollover() throws Exception {
        KeyPair oldKeys = phone.generate(KeyAlgorithm.EC_P256);
        X509Certificate old = issue(oldKeys, "before-rollover");
        X509Certificate firstIssuer = ca.chain(KeyAlgorithm.Family.EC).get(0);
        X509Certificate root = ca.chain(KeyAlgorithm.Family.EC).get(1);

        X509Certificate second = ca.rollover(KeyAlgorithm.Family.EC);
        assertThat(second).isNotEqualTo(firstIssuer);
        second.verify(root.getPublicKey());
        assertThat(ca.issuers(KeyAlgorithm.Family.EC)).containsExactly(second, firstIssuer);
        assertThat(ca.chain(KeyAlgorithm.Family.EC)).containsExactly(second, root);

        X509Certificate fresh = issue(phone.generate(KeyAlgorithm.EC_P256), "after-rollover");
        assertThat(fresh.getIssuerX500Principal()).isEqualTo(second.getSubjectX500Principal());
        fresh.verify(second.getPublicKey());
        assertThat(ca.chain(old)).containsExactly(firstIssuer, root);

        byte[] content = "payment 100.00".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        RawSigner signer = RawSigner.of(SignatureScheme.ECDSA_SHA256, data -> phone.sign(oldKeys, SignatureScheme.ECDSA_SHA256, data));
        byte[] cms = crypto.signatures().signCms(signer, old, ca.chain(old), content, now);
        SignatureVerification v = crypto.signatures().verifyCms(cms, content);
        assertThat(v.valid()).as("a signature of an old certificate still verifies after rollover: " + v.failure()).isTrue();

        ca.revoke(old.getSerialNumber(), RevocationReason.KEY_COMPROMISE, now.minusSeconds(30));
        X509CRLHolder oldCrl = new X509CRLHolder(ca.crl(firstIssuer));
        assertThat(oldCrl.getRevokedCertificate(old.getSerialNumber())).isNotNull();
        assertThat(oldCrl.isSignatureValid(new JcaContentVerifierProviderBuilder().build(firstIssuer))).isTrue();
        X509CRLHolder newCrl = new X509CRLHolder(ca.crl(KeyAlgorithm.Family.EC));
        assertThat(newCrl.getIssuer().toString()).isEqualTo(new X509CertificateHolder(second.getEncoded()).getSubject().toString());
        assertThat(newCrl.getRevokedCertificate(old.getSerialNumber())).isNull();
        BasicOCSPResp oldStatus = (BasicOCSPResp) response(ca, new OCSPReqBuilder().addRequest(id(firstIssuer, old.getSerialNumber()))
                .build().getEncoded()).getResponseObject();
        assertThat(oldStatus.getResponses()[0].getCertStatus()).isNotNull();
        assertThat(oldStatus.isSignatureValid(new JcaContentVerifierProviderBuilder().build(firstIssuer))).isTrue();
        assertThat(crypto.signatures().verifyCms(cms, content).valid()).as("revoked before the signing time").isFalse();
    }
}
