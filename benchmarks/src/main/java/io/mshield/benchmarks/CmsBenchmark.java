package io.mshield.benchmarks;

import io.mshield.crypto.CertificateSubject;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.RawSigner;
import io.mshield.crypto.SignatureVerification;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.bc.Phone;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Detached CMS SignedData through the SDK's {@code SignatureService}: {@code cmsSign} (signed
 * attributes, DER, signer certificate and chain included: one signature plus encoding) and
 * {@code cmsVerify} (parse, content digest, signature, path to the CA's root — answered from the
 * path cache after the first call — key usage, and revocation at the signing time asked of the
 * CA on every call). Compare with {@link RawSignatureBenchmark}; bounded by the one signature or
 * verification each, plus ASN.1 parsing and encoding.
 */
@State(Scope.Thread)
public class CmsBenchmark {
    /** The leaf's algorithm. */
    @Param({"SM2", "EC_P256", "ED25519"})
    public String alg;

    private static final Map<KeyAlgorithm, String> JCA_NAMES = Map.of(
            KeyAlgorithm.SM2, "SM3withSM2", KeyAlgorithm.EC_P256, "SHA256withECDSA", KeyAlgorithm.ED25519, "Ed25519");

    private final byte[] content = new byte[200];
    private BouncyCastleCrypto crypto;
    private RawSigner signer;
    private X509Certificate leaf;
    private List<X509Certificate> chain;
    private byte[] cms;
    private Instant signingTime;

    /**
     * Makes a CA, a leaf, and one CMS to verify.
     *
     * @throws GeneralSecurityException never in practice
     */
    @Setup
    public void setUp() throws GeneralSecurityException {
        crypto = BouncyCastleCrypto.builder().clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(-1))).build();
        KeyAlgorithm algorithm = KeyAlgorithm.valueOf(alg);
        Phone phone = new Phone(new SecureRandom());
        KeyPair keys = phone.generate(algorithm);
        Instant now = Instant.now();
        leaf = crypto.certificateAuthority().issue(new IssueRequest(keys.getPublic(), algorithm,
                new CertificateSubject("基准", "91350100M000100Y43", "ab".repeat(32), "MS00000000001"),
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)), "bench-" + alg));
        chain = crypto.certificateAuthority().chain(algorithm.family());
        // Like RawSignatureBenchmark, one JCA signer initialized once and reused by this thread,
        // so that the ratio isolates what CMS adds to the signature.
        Signature jca = Signature.getInstance(JCA_NAMES.get(algorithm), Keys.BC);
        if (algorithm == KeyAlgorithm.SM2) {
            jca.setParameter(new SM2ParameterSpec("1234567812345678".getBytes(StandardCharsets.US_ASCII)));
        }
        jca.initSign(keys.getPrivate());
        signer = RawSigner.of(algorithm.defaultScheme(), data -> {
            try {
                jca.update(data);
                return jca.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        signingTime = now;
        cms = crypto.signatures().signCms(signer, leaf, chain, content, signingTime);
        SignatureVerification v = crypto.signatures().verifyCms(cms, content);
        if (!v.valid()) {
            throw new IllegalStateException("the benchmark's CMS does not verify: " + v.failure().orElse(""));
        }
    }

    /**
     * CMS sign.
     *
     * @return the DER CMS
     */
    @Benchmark
    public byte[] cmsSign() {
        return crypto.signatures().signCms(signer, leaf, chain, content, signingTime);
    }

    /**
     * CMS verify with cached path and revocation at the signing time.
     *
     * @return the verification
     */
    @Benchmark
    public SignatureVerification cmsVerify() {
        return crypto.signatures().verifyCms(cms, content);
    }
}
