package io.mshield.crypto.bc;

import io.mshield.certificate.RevocationReason;
import io.mshield.crypto.CertificateSubject;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class OcspTest {
    private final BouncyCastleCrypto crypto = BouncyCastleCrypto.create();
    private final Phone phone = new Phone(new SecureRandom());

    private byte[] request(X509Certificate issuing, BigInteger serial) throws Exception {
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().setProvider(new BouncyCastleProvider()).build()
                .get(CertificateID.HASH_SHA1), new X509CertificateHolder(issuing.getEncoded()), serial);
        return new OCSPReqBuilder().addRequest(id).build().getEncoded();
    }

    @Test
    @DisplayName("R10.2 the OCSP responder answers good, revoked with reason and time, unknown, and malformedRequest for garbage")
    void responses() throws Exception {
        Instant now = Instant.now();
        X509Certificate cert = crypto.certificateAuthority().issue(new IssueRequest(phone.generate(KeyAlgorithm.EC_P256).getPublic(),
                KeyAlgorithm.EC_P256, new CertificateSubject("张三", "91350100M000100Y43", "ab".repeat(32), "MS12345678901"),
                now.minusSeconds(60), now.plus(Duration.ofDays(30)), "ocsp-1"));
        X509Certificate issuing = crypto.certificateAuthority().chain(KeyAlgorithm.Family.EC).get(0);

        BasicOCSPResp good = (BasicOCSPResp) new OCSPResp(crypto.certificateAuthority().ocsp(request(issuing, cert.getSerialNumber()))).getResponseObject();
        assertThat(good.getResponses()[0].getCertStatus()).isNull();
        assertThat(good.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(new BouncyCastleProvider()).build(issuing))).isTrue();

        crypto.certificateAuthority().revoke(cert.getSerialNumber(), RevocationReason.KEY_COMPROMISE, now.minusSeconds(10));
        BasicOCSPResp revoked = (BasicOCSPResp) new OCSPResp(crypto.certificateAuthority().ocsp(request(issuing, cert.getSerialNumber()))).getResponseObject();
        assertThat(revoked.getResponses()[0].getCertStatus()).isInstanceOfSatisfying(RevokedStatus.class,
                r -> assertThat(r.getRevocationReason()).isEqualTo(RevocationReason.KEY_COMPROMISE.code()));

        BasicOCSPResp unknown = (BasicOCSPResp) new OCSPResp(crypto.certificateAuthority().ocsp(request(issuing, BigInteger.valueOf(42)))).getResponseObject();
        assertThat(unknown.getResponses()[0].getCertStatus()).isInstanceOf(UnknownStatus.class);

        assertThat(new OCSPResp(crypto.certificateAuthority().ocsp(new byte[]{0x30, 0x00})).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
    }
}
