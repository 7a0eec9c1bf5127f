package io.mshield.benchmarks;

import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.twoparty.Sm2TwoPartyPhone;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.SecureRandom;

/**
 * Two-party SM2 (COLLABORATIVE custody): {@code bankHalf} is the bank's co-sign step in its key
 * storage (its share looked up, two fresh nonces, three scalar multiplications' worth of work
 * bounded like an SM2 verification); {@code phoneHalf} is the phone's round (one scalar
 * multiplication for Q1) and its finishing step (scalar arithmetic, DER encoding);
 * {@code fullSignature} is both with the message digest, as one signature costs end to end
 * without the network. Compare with {@link RawSignatureBenchmark} at {@code alg=SM2}.
 */
@State(Scope.Thread)
public class TwoPartyBenchmark {
    private static final String USER_ID = "1234567812345678";
    private final byte[] message = new byte[200];
    private Sm2TwoPartyPhone phone;
    private CollaborativeSm2 bank;
    private Sm2TwoPartyPhone.Share share;
    private CollaborativeSm2.SharedKey key;
    private byte[] digest;
    private Sm2TwoPartyPhone.Round round;
    private CollaborativeSm2.CoSignature coSignature;

    /** Makes the shares and one round. */
    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        phone = new Sm2TwoPartyPhone(random, USER_ID);
        bank = BouncyCastleCrypto.create().keyStorage().collaborativeSm2().orElseThrow();
        share = phone.newShare();
        key = bank.generateShare(share.p1());
        digest = bank.digest(key.publicKey(), message);
        round = phone.startRound();
        coSignature = bank.coSign(key.share(), digest, round.q1());
    }

    /**
     * The bank's half.
     *
     * @return its co-signature
     */
    @Benchmark
    public CollaborativeSm2.CoSignature bankHalf() {
        return bank.coSign(key.share(), digest, round.q1());
    }

    /**
     * The phone's half: a round and the finish (against a prepared co-signature of the same cost).
     *
     * @return the signature bytes
     */
    @Benchmark
    public byte[] phoneHalf() {
        Sm2TwoPartyPhone.Round r = phone.startRound();
        return phone.finish(share, r, coSignature.r(), coSignature.s2(), coSignature.s3());
    }

    /**
     * One whole two-party signature.
     *
     * @return the DER signature
     */
    @Benchmark
    public byte[] fullSignature() {
        Sm2TwoPartyPhone.Round r = phone.startRound();
        byte[] e = phone.digest(key.publicKey(), message);
        CollaborativeSm2.CoSignature c = bank.coSign(key.share(), e, r.q1());
        return phone.finish(share, r, c.r(), c.s2(), c.s3());
    }
}
