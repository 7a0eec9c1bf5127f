package io.mshield.benchmarks;

import io.mshield.transaction.SignatureReceipt;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The payment path of {@link SdkSigningBenchmark} with and without a signature-time-stamp token,
 * interleaved payment by payment in one JVM: two SDKs side by side, one with the default embedded
 * TSA ({@code token}) and one built with {@code BouncyCastleCrypto.builder().withoutTimeStamping()}
 * ({@code none}), each with its own store and its own HOSTED customer; every invocation pays once
 * on one of them, in turn. Both variants therefore run on the same warm code, through the same
 * iterations and under the same load from the rest of the machine — which a comparison of two
 * separate JMH runs on a shared machine does not give.
 *
 * <p>The results are the {@link Cost} counters, per iteration: each variant's payments, the wall-clock
 * nanoseconds spent inside them, and the CPU nanoseconds this thread spent on them
 * ({@code ThreadMXBean.getCurrentThreadCpuTime}). On a machine shared with other work the wall
 * time also counts the time this thread waited for a core; its CPU time does not (nor the H2
 * store's waits for the disk, nor the collector's threads). The primary score (alternating
 * payments per second, with the phone's PIN encryption that precedes each) is not used. Run with
 * one thread.
 * {@code benchmarks/timestamping.sh} runs it and writes the "Time-stamping" section of
 * {@code docs/benchmarks.md}.
 */
public class TimeStampingBenchmark {
    private static final String[] VARIANTS = {"token", "none"};
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** The two SDKs and their customers. */
    @State(Scope.Thread)
    public static class Pair {
        /** The shields' key algorithm. */
        @Param({"SM2", "EC_P256"})
        public String alg;
        /** The store, one per SDK. */
        @Param({"memory", "h2"})
        public String store;

        final SdkSigningBenchmark.Bank[] banks = new SdkSigningBenchmark.Bank[VARIANTS.length];
        final SdkSigningBenchmark.Customer[] customers = new SdkSigningBenchmark.Customer[VARIANTS.length];
        int turn;

        /**
         * Builds both SDKs and opens a shield in each.
         *
         * @throws IOException if an H2 directory cannot be made
         */
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            for (int v = 0; v < VARIANTS.length; v++) {
                SdkSigningBenchmark.Bank bank = new SdkSigningBenchmark.Bank();
                bank.alg = alg;
                bank.store = store;
                bank.timeStamping = VARIANTS[v];
                bank.setUp();
                banks[v] = bank;
                SdkSigningBenchmark.Customer customer = new SdkSigningBenchmark.Customer();
                customer.open(bank);
                customers[v] = customer;
            }
        }

        /**
         * Closes both SDKs.
         *
         * @throws IOException if a directory cannot be removed
         */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            for (SdkSigningBenchmark.Bank bank : banks) {
                if (bank != null) {
                    bank.tearDown();
                }
            }
        }
    }

    /** Time and payments per variant, per iteration (JMH sums them). */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Cost {
        /** Nanoseconds inside the payments with a token. */
        public long tokenNanos;
        /** Payments with a token. */
        public long tokenPayments;
        /** Nanoseconds inside the payments without a token. */
        public long noneNanos;
        /** Payments without a token. */
        public long nonePayments;
        /** CPU nanoseconds of this thread inside the payments with a token. */
        public long tokenCpuNanos;
        /** CPU nanoseconds of this thread inside the payments without a token. */
        public long noneCpuNanos;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            tokenNanos = 0;
            tokenPayments = 0;
            noneNanos = 0;
            nonePayments = 0;
            tokenCpuNanos = 0;
            noneCpuNanos = 0;
        }
    }

    /**
     * One payment on one of the two SDKs, in turn; only the payment itself is timed.
     *
     * @param pair the SDKs
     * @param cost the counters
     * @return the receipt
     */
    @Benchmark
    public SignatureReceipt alternate(Pair pair, Cost cost) {
        int v = pair.turn;
        pair.turn = 1 - v;
        SdkSigningBenchmark.Customer customer = pair.customers[v];
        customer.typePin();
        long cpu = CPU.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        SignatureReceipt receipt = SdkSigningBenchmark.pay(pair.banks[v], customer);
        long took = System.nanoTime() - start;
        long cpuTook = CPU.getCurrentThreadCpuTime() - cpu;
        if (v == 0) {
            cost.tokenNanos += took;
            cost.tokenCpuNanos += cpuTook;
            cost.tokenPayments++;
        } else {
            cost.noneNanos += took;
            cost.noneCpuNanos += cpuTook;
            cost.nonePayments++;
        }
        return receipt;
    }
}
