package io.mshield.crypto.bc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.SignatureService;

import java.security.cert.X509Certificate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link SignatureService#decodeCertificate}: whatever the bytes, it returns a certificate
 * whose encoding is exactly the input and whose fields read without error, or it throws
 * {@link ShieldException} with {@link ErrorCode#CERTIFICATE_INVALID}, nothing else.
 *
 * <p>In a normal build this runs in Jazzer's regression mode, once per file in
 * {@code src/test/resources/io/mshield/crypto/bc/CertificateParserFuzzTestInputs/decodeOnlyThrowsCertificateInvalid/}
 * (a leaf and a root of every family, {@code 30 00}, truncation, BER, trailing bytes, deep
 * nesting, oversize lengths). Fuzz for real with {@code JAZZER_FUZZ=1 ./mvnw -pl sdk-crypto -am test
 * -Dtest=CertificateParserFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.hooks=true};
 * copy a crash input it finds into that folder once fixed.
 */
class CertificateParserFuzzTest {
    private static final SignatureService SIGNATURES = BouncyCastleCrypto.create().signatures();

    @FuzzTest(maxDuration = "60s")
    void decodeOnlyThrowsCertificateInvalid(byte[] input) throws Exception {
        X509Certificate certificate;
        try {
            certificate = SIGNATURES.decodeCertificate(input);
        } catch (ShieldException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.CERTIFICATE_INVALID);
            return;
        }
        assertThat(certificate.getEncoded()).isEqualTo(input);
        assertThat(certificate.getPublicKey()).isNotNull();
        assertThat(certificate.getSubjectX500Principal()).isNotNull();
    }
}
