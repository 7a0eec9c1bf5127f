package io.mshield.crypto.bc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.SignatureService;
import io.mshield.crypto.internal.Allowlist;
import org.bouncycastle.cert.ocsp.OCSPResp;

import java.security.PublicKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 (STRICT-SPI): fuzz targets for the public crypto SPI's parsers. Each says what may come
 * out: a value inside the allowlist, or {@link ShieldException} with a stated code; no other
 * exception or error escapes.
 *
 * <p>In a normal build each runs in Jazzer's regression mode, once per file in
 * {@code src/test/resources/io/mshield/crypto/bc/StrictSpiFuzzTestInputs/<target>/}: keys on other
 * curves, with explicit parameters, RSA of 1024 and 16,384 bits, with e = 1 and e = 3, compressed and
 * off-curve points (decodePublicKey); such keys with signatures (verify); OCSP requests good,
 * truncated and empty; certificates for disallowed keys and with SHA-1 signatures (the seal
 * medium's certificate check). The CMS target is {@link CmsParserFuzzTest}, whose inputs hold the
 * refused CMS of issue 17 too. Fuzz for real with {@code JAZZER_FUZZ=1 ./mvnw -pl sdk-crypto -am test
 * -Dtest=StrictSpiFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}; copy a crash input into the
 * target's folder once fixed.
 */
class StrictSpiFuzzTest {
    private static final BouncyCastleCrypto CRYPTO = BouncyCastleCrypto.create();
    private static final SignatureService SIGNATURES = CRYPTO.signatures();
    private static final SignatureScheme[] SCHEMES = SignatureScheme.values();

    @FuzzTest(maxDuration = "60s")
    void decodePublicKey(byte[] input) {
        PublicKey key;
        try {
            key = SIGNATURES.decodePublicKey(input);
        } catch (ShieldException e) {
            assertThat(e.code()).isIn(ErrorCode.INVALID_ARGUMENT, ErrorCode.ALGORITHM_NOT_SUPPORTED);
            return;
        }
        KeyAlgorithm algorithm = Allowlist.keyOf(key);
        assertThat(algorithm).isNotNull();
    }

    /** Input: one byte choosing the scheme, two bytes (big-endian) of key length, the key, then the signature; the message is fixed. */
    @FuzzTest(maxDuration = "60s")
    void verify(byte[] input) {
        if (input.length < 3) {
            return;
        }
        SignatureScheme scheme = SCHEMES[Math.floorMod(input[0], SCHEMES.length)];
        int length = Math.min(((input[1] & 0xff) << 8) | (input[2] & 0xff), input.length - 3);
        byte[] spki = java.util.Arrays.copyOfRange(input, 3, 3 + length);
        byte[] signature = java.util.Arrays.copyOfRange(input, 3 + length, input.length);
        PublicKey key;
        try {
            key = SIGNATURES.decodePublicKey(spki);
        } catch (ShieldException e) {
            assertThat(e.code()).isIn(ErrorCode.INVALID_ARGUMENT, ErrorCode.ALGORITHM_NOT_SUPPORTED);
            return;
        }
        try {
            SIGNATURES.verify(key, scheme, "MobileShield fuzz message".getBytes(java.nio.charset.StandardCharsets.UTF_8), signature);
        } catch (ShieldException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.ALGORITHM_NOT_SUPPORTED);
            assertThat(scheme.family()).isNotEqualTo(Allowlist.keyOf(key).family());
        }
    }

    @FuzzTest(maxDuration = "60s")
    void ocspRequest(byte[] input) throws Exception {
        byte[] response = CRYPTO.certificateAuthority().ocsp(input);
        int status = new OCSPResp(response).getStatus();
        assertThat(status).isIn(OCSPResp.SUCCESSFUL, OCSPResp.MALFORMED_REQUEST, OCSPResp.UNAUTHORIZED, OCSPResp.INTERNAL_ERROR);
    }

    /**
     * The crypto half of binding a seal to a medium (SealService.startBinding): the chosen
     * certificate is decoded, its validity and key usage read. Only CERTIFICATE_INVALID or the
     * JDK's validity exceptions come out, and a decoded certificate's key is in the allowlist.
     */
    @FuzzTest(maxDuration = "60s")
    void sealMediumCertificate(byte[] input) {
        X509Certificate certificate;
        try {
            certificate = SIGNATURES.decodeCertificate(input);
        } catch (ShieldException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.CERTIFICATE_INVALID);
            return;
        }
        assertThat(Allowlist.keyOf(certificate.getPublicKey())).isNotNull();
        try {
            certificate.checkValidity(new Date());
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return;
        }
        certificate.getKeyUsage();
    }
}
