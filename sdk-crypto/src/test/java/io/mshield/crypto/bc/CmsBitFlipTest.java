package io.mshield.crypto.bc;

import io.mshield.crypto.CertificateSubject;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.RawSigner;
import io.mshield.crypto.SignatureScheme;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 (STRICT-SPI): every single-bit flip of a valid CMS outside its embedded certificates
 * makes it invalid, except flips listed here with the reason they cannot matter:
 * <ul>
 *   <li>inside the signer identifier's issuer name, a flip that leaves the name equal under the
 *       comparison RFC 5280 §7.1 prescribes (case-insensitive, whitespace-folded): the name still
 *       identifies the same issuer, so the same certificate is found and the signature is over
 *       the same bytes.</li>
 * </ul>
 * Flips inside the certificates are the CA's and the path validator's business (their signatures
 * cover them) and are fuzzed by {@code CertificateParserFuzzTest}.
 */
class CmsBitFlipTest {
    /** Verification is at the time of verification (the CMS has no time-stamp token), so the system clock. */
    private static final BouncyCastleCrypto CRYPTO = BouncyCastleCrypto.create();
    private static final Phone PHONE = new Phone(new SecureRandom());
    private static final byte[] DATA = "对公转账 50,000.00 元".getBytes(StandardCharsets.UTF_8);

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"SM2"})
    @DisplayName("R10.3 every single-bit flip of a valid CMS outside its certificates is refused, or is listed with why it cannot matter")
    void everyFlip(KeyAlgorithm algorithm) throws Exception {
        KeyPair keys = PHONE.generate(algorithm);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate certificate = CRYPTO.certificateAuthority().issue(new IssueRequest(keys.getPublic(), algorithm,
                new CertificateSubject("赵六", "91350100M000100Y43", "aa".repeat(32), "MS00000000066"),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), "req-flip-" + algorithm));
        List<X509Certificate> chain = CRYPTO.certificateAuthority().chain(algorithm.family());
        SignatureScheme scheme = algorithm.defaultScheme();
        byte[] cms = CRYPTO.signatures().signCms(RawSigner.of(scheme, d -> PHONE.sign(keys, scheme, d)), certificate, chain, DATA, now);
        assertThat(CRYPTO.signatures().verifyCms(cms, DATA).valid()).isTrue();

        List<int[]> certificates = new ArrayList<>();
        int certificatesEnd = 0;
        for (X509Certificate c : List.of(certificate, chain.get(0), chain.get(1))) {
            byte[] der = c.getEncoded();
            int at = indexOf(cms, der, 0);
            assertThat(at).as("certificate embedded").isNotNegative();
            certificates.add(new int[]{at, at + der.length});
            certificatesEnd = Math.max(certificatesEnd, at + der.length);
        }
        SignerInfo signer = SignerInfo.getInstance(SignedData.getInstance(
                ContentInfo.getInstance(ASN1Primitive.fromByteArray(cms)).getContent()).getSignerInfos().getObjectAt(0));
        X500Name issuer = IssuerAndSerialNumber.getInstance(signer.getSID().getId()).getName();
        byte[] issuerDer = issuer.getEncoded("DER");
        int issuerAt = indexOf(cms, issuerDer, certificatesEnd);
        assertThat(issuerAt).as("the signer identifier's issuer after the certificates").isPositive();

        int checked = 0;
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < cms.length; i++) {
            final int position = i;
            if (certificates.stream().anyMatch(r -> position >= r[0] && position < r[1])) {
                continue;
            }
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = cms.clone();
                flipped[i] ^= (byte) (1 << bit);
                checked++;
                if (!CRYPTO.signatures().verifyCms(flipped, DATA).valid()) {
                    continue;
                }
                boolean inIssuer = i >= issuerAt && i < issuerAt + issuerDer.length;
                boolean sameName = inIssuer && sameName(flipped, issuerAt, issuerDer.length, issuer);
                if (!sameName) {
                    accepted.add("byte " + i + " bit " + bit);
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
        assertThat(accepted).as("flips that left the CMS valid without a listed reason").isEmpty();
    }

    private static boolean sameName(byte[] flipped, int at, int length, X500Name original) {
        try {
            byte[] name = java.util.Arrays.copyOfRange(flipped, at, at + length);
            return X500Name.getInstance(ASN1Primitive.fromByteArray(name)).equals(original);
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }
}
