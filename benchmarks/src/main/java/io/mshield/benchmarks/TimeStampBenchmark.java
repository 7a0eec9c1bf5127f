package io.mshield.benchmarks;

import io.mshield.crypto.CertificateSubject;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.RawSigner;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.SignatureVerification;
import io.mshield.crypto.TimeStamping;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.bc.Phone;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a signature-time-stamp token is made of, through the embedded TSA of
 * {@code BouncyCastleCrypto}, the three parts interleaved one call after the other in one JVM as
 * {@link TimeStampingBenchmark} does the payments: {@code keySignature}, one signature by a key of
 * the unit's algorithm in the same key storage (what the unit's own signature costs);
 * {@code token}, one RFC 3161 token over a signature value (imprint, that signature, the token's
 * CMS with the unit's chain); {@code stampCms}, what the payment path does — the token, then the
 * evidence CMS parsed and re-encoded with the token as its unsigned attribute. The results are the
 * {@link Parts} counters (calls, wall and thread-CPU nanoseconds per part); the primary score is
 * not used.
 */
public class TimeStampBenchmark {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** A CA with its TSA, a leaf, an unstamped evidence CMS. */
    @State(Scope.Thread)
    public static class Setting {
        /** The signer's algorithm: SM2 is stamped by the SM2 unit with SM3, P-256 by the P-256 unit with SHA-256. */
        @Param({"SM2", "EC_P256"})
        public String alg;

        TimeStamping tsa;
        BouncyCastleCrypto crypto;
        KeyAlgorithm.Family family;
        KeyHandle unitLike;
        SignatureScheme unitScheme;
        byte[] signature;
        byte[] cms;
        int turn;

        /** Makes them, and checks that the stamped CMS verifies with its token. */
        @Setup(Level.Trial)
        public void setUp() {
            crypto = BouncyCastleCrypto.create();
            tsa = crypto.timeStamping().orElseThrow();
            KeyAlgorithm algorithm = KeyAlgorithm.valueOf(alg);
            family = algorithm.family();
            KeyAlgorithm unitAlgorithm = family == KeyAlgorithm.Family.SM2 ? KeyAlgorithm.SM2 : KeyAlgorithm.EC_P256;
            unitLike = crypto.keyStorage().generateKeyPair(unitAlgorithm);
            unitScheme = unitAlgorithm.defaultScheme();
            Phone phone = new Phone(new SecureRandom());
            KeyPair keys = phone.generate(algorithm);
            Instant now = Instant.now();
            X509Certificate leaf = crypto.certificateAuthority().issue(new IssueRequest(keys.getPublic(), algorithm,
                    new CertificateSubject("基准", "91350100M000100Y43", "ab".repeat(32), "MS00000000001"),
                    now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)), "bench-ts-" + alg));
            List<X509Certificate> chain = crypto.certificateAuthority().chain(family);
            RawSigner signer = RawSigner.of(algorithm.defaultScheme(), data -> phone.sign(keys, algorithm.defaultScheme(), data));
            byte[] content = new byte[200];
            cms = crypto.signatures().signCms(signer, leaf, chain, content, now);
            byte[] stamped = crypto.signatures().addSignatureTimeStamp(cms, tsa, family);
            SignatureVerification v = crypto.signatures().verifyCms(stamped, content);
            if (!v.valid() || v.timeSource() != SignatureVerification.TimeSource.TIME_STAMP_TOKEN) {
                throw new IllegalStateException("the benchmark's stamped CMS does not verify with its token: " + v.failure().orElse(""));
            }
            signature = new byte[72];
            new SecureRandom().nextBytes(signature);
        }
    }

    /** Calls, wall and CPU nanoseconds per part, per iteration (JMH sums them). */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Parts {
        /** Calls of {@code keySignature}. */
        public long keySignatureCalls;
        /** Its wall-clock nanoseconds. */
        public long keySignatureNanos;
        /** Its CPU nanoseconds. */
        public long keySignatureCpuNanos;
        /** Calls of {@code token}. */
        public long tokenCalls;
        /** Its wall-clock nanoseconds. */
        public long tokenNanos;
        /** Its CPU nanoseconds. */
        public long tokenCpuNanos;
        /** Calls of {@code stampCms}. */
        public long stampCmsCalls;
        /** Its wall-clock nanoseconds. */
        public long stampCmsNanos;
        /** Its CPU nanoseconds. */
        public long stampCmsCpuNanos;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            keySignatureCalls = 0;
            keySignatureNanos = 0;
            keySignatureCpuNanos = 0;
            tokenCalls = 0;
            tokenNanos = 0;
            tokenCpuNanos = 0;
            stampCmsCalls = 0;
            stampCmsNanos = 0;
            stampCmsCpuNanos = 0;
        }
    }

    /**
     * One of the three parts, in turn; only the part itself is timed.
     *
     * @param s     the setting
     * @param parts the counters
     * @return what the part made
     */
    @Benchmark
    public byte[] parts(Setting s, Parts parts) {
        int part = s.turn;
        s.turn = (part + 1) % 3;
        long cpu = CPU.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        byte[] out = switch (part) {
            case 0 -> s.crypto.keyStorage().sign(s.unitLike, s.unitScheme, s.signature);
            case 1 -> s.tsa.timeStamp(s.signature, s.family);
            default -> s.crypto.signatures().addSignatureTimeStamp(s.cms, s.tsa, s.family);
        };
        long took = System.nanoTime() - start;
        long cpuTook = CPU.getCurrentThreadCpuTime() - cpu;
        switch (part) {
            case 0 -> {
                parts.keySignatureCalls++;
                parts.keySignatureNanos += took;
                parts.keySignatureCpuNanos += cpuTook;
            }
            case 1 -> {
                parts.tokenCalls++;
                parts.tokenNanos += took;
                parts.tokenCpuNanos += cpuTook;
            }
            default -> {
                parts.stampCmsCalls++;
                parts.stampCmsNanos += took;
                parts.stampCmsCpuNanos += cpuTook;
            }
        }
        return out;
    }
}
