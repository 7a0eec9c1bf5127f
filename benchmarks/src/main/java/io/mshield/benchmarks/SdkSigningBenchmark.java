package io.mshield.benchmarks;

import io.mshield.MobileShield;
import io.mshield.core.MobileShields;
import io.mshield.core.persistence.jdbc.JdbcPersistence;
import io.mshield.core.persistence.memory.InMemoryPersistence;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.SignatureVerification;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.bc.Phone;
import io.mshield.enrollment.Application;
import io.mshield.enrollment.DeviceInfo;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.KeyProposal;
import io.mshield.identity.DeviceId;
import io.mshield.identity.PersonName;
import io.mshield.identity.ShieldNumber;
import io.mshield.identity.UserId;
import io.mshield.identity.UserType;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.limit.CumulativeLimits;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.persistence.Persistence;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.Pin;
import io.mshield.pin.PinBlock;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinProof;
import io.mshield.shield.CustodyMode;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.Party;
import io.mshield.transaction.SignatureReceipt;
import io.mshield.transaction.Transaction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The SDK's whole signing path for a HOSTED shield, one operation per payment: authorize (shield
 * status, scenario cap, cooling-off, cumulative limit reserved atomically, canonical MSTX/1
 * bytes), then {@code signHosted} with the PIN block the phone made for the previous challenge
 * (the phone's encryption runs outside the measurement, in a per-invocation setup; it is measured
 * alone by {@link PhoneSideBenchmark}), then the next PIN challenge. {@code signHosted}:
 * PIN block decrypted and checked against its keyed MAC with the attempt reserved first, the
 * signature made in the key storage, a detached CMS, the history record and evidence, the audit
 * entry — every step in its own committed transaction. Each JMH thread is its own customer with
 * its own shield, as on a bank's server. Bounded by the public-key operations per payment (the
 * PIN block's decryption, the signature, and the signature's verification before it is
 * released) and by the store's commits ({@code h2}: on disk in a temporary directory).
 */
public class SdkSigningBenchmark {
    private static final Party PAYER = new Party("基准测试有限公司", "6222000000000001", "厦门银行");
    private static final Party PAYEE = new Party("上海供应商有限公司", "6222000000000002", "工商银行");
    private static final String PIN = "135790";

    /** One SDK per trial, shared by the threads. */
    @State(Scope.Benchmark)
    public static class Bank {
        /** The shield's key algorithm. */
        @Param({"SM2", "EC_P256", "ED25519"})
        public String alg;
        /** The store. */
        @Param({"memory", "h2"})
        public String store;
        /**
         * {@code token}: the default, a signature-time-stamp token from the embedded TSA in every
         * evidence CMS; {@code none}: {@code BouncyCastleCrypto.builder().withoutTimeStamping()}.
         * Declared last so that JMH runs the two variants of each algorithm and store one after the
         * other (docs/benchmarks.md, "Time-stamping").
         */
        @Param({"token", "none"})
        public String timeStamping;

        final BenchBank adapters = new BenchBank();
        final AtomicInteger customers = new AtomicInteger();
        MobileShield sdk;
        Path directory;

        /**
         * Builds the SDK.
         *
         * @throws IOException if the H2 directory cannot be made
         */
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            Persistence persistence;
            if (store.equals("h2")) {
                directory = Files.createTempDirectory("mshield-bench-h2");
                persistence = JdbcPersistence.embeddedH2(directory);
            } else {
                persistence = new InMemoryPersistence();
            }
            BouncyCastleCrypto.Builder crypto = BouncyCastleCrypto.builder();
            switch (timeStamping) {
                case "token" -> { }
                case "none" -> crypto.withoutTimeStamping();
                default -> throw new IllegalArgumentException("timeStamping is token or none, not " + timeStamping);
            }
            sdk = MobileShields.builder()
                    .persistence(persistence)
                    .crypto(crypto.build())
                    .smsSender(adapters).faceVerifier(adapters).identityRegistry(adapters).hardwareKeys(adapters)
                    .coolingOff(CoolingOffPolicy.none())
                    .cumulativeLimits(CumulativeLimits.builder().dailyPerShield(Money.cny("900000000000.00")).build())
                    .build();
        }

        /**
         * Closes the SDK and removes the database.
         *
         * @throws IOException if the directory cannot be removed
         */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            sdk.close();
            if (directory != null) {
                try (Stream<Path> files = Files.walk(directory)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /** One customer per thread: a HOSTED shield and the phone that encrypts its PIN. */
    @State(Scope.Thread)
    public static class Customer {
        final Phone phone = new Phone(new SecureRandom());
        ShieldNumber shield;
        long payments;
        PinChallenge next;
        PinProof.EncryptedPin ready;

        /**
         * Opens the customer's shield through every enrollment step.
         *
         * @param bank the bank
         */
        @Setup(Level.Trial)
        public void open(Bank bank) {
            int n = bank.customers.incrementAndGet();
            Application app = new Application("bench-" + n, BenchBank.enterprise(n), BenchBank.CREDIT_CODE, BenchBank.person(n),
                    PersonName.of("测试" + (char) ('甲' + n % 10)), UserType.LEGAL_REPRESENTATIVE,
                    new DeviceInfo(DeviceId.of("device-" + n), UserId.of("acct-" + n), Set.of(AuthMethod.PIN)),
                    CustodyMode.HOSTED, KeyAlgorithm.valueOf(bank.alg));
            EnrollmentSession s = bank.sdk.enrollment().start(app);
            bank.sdk.enrollment().acceptAgreement(s.id(), "v1");
            bank.sdk.enrollment().sendSmsCode(s.id());
            bank.sdk.enrollment().verifySmsCode(s.id(), bank.adapters.lastCode(n));
            bank.sdk.enrollment().verifyFace(s.id(), new FaceVerifier.FaceCapture(new byte[]{1}));
            bank.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(pinBlock(bank.sdk.enrollment().pinChallenge(s.id()))));
            bank.sdk.enrollment().prepareKey(s.id(), new KeyProposal.HostedKey());
            shield = bank.sdk.enrollment().complete(s.id(), new byte[0]).number();
            next = bank.sdk.shields().pinChallenge(shield);
            // one payment outside the measurement, to check that the variant is the one asked for
            ready = pinBlock(next);
            SignatureReceipt first = pay(bank, this);
            SignatureVerification v = bank.sdk.signatures().verifyEvidence(bank.sdk.signatures().evidence(first.record().id()).orElseThrow());
            SignatureVerification.TimeSource expected = bank.timeStamping.equals("token")
                    ? SignatureVerification.TimeSource.TIME_STAMP_TOKEN : SignatureVerification.TimeSource.VERIFICATION_TIME;
            if (!v.valid() || v.timeSource() != expected) {
                throw new IllegalStateException("timeStamping=" + bank.timeStamping + " gave evidence checked by " + v.timeSource()
                        + ", valid " + v.valid());
            }
        }

        /**
         * The phone's part, outside the measurement: encrypts the PIN to the challenge the previous
         * payment asked for ({@link PhoneSideBenchmark} measures it alone).
         */
        @Setup(Level.Invocation)
        public void typePin() {
            ready = pinBlock(next);
        }

        PinProof.EncryptedPin pinBlock(PinChallenge challenge) {
            try (Pin pin = Pin.of(PIN)) {
                return new PinProof.EncryptedPin(challenge.id(), phone.encrypt(challenge.pinKey(), PinBlock.encode(challenge, pin)));
            }
        }
    }

    /**
     * One payment through the whole path.
     *
     * @param bank     the SDK
     * @param customer the thread's shield
     * @return the receipt
     */
    @Benchmark
    public SignatureReceipt signPayment(Bank bank, Customer customer) {
        return pay(bank, customer);
    }

    /**
     * One payment through the whole path, with the PIN block the customer typed before.
     *
     * @param bank     the SDK
     * @param customer the shield
     * @return the receipt
     */
    static SignatureReceipt pay(Bank bank, Customer customer) {
        long n = ++customer.payments;
        Transaction t = new Transaction("pay-" + n, Scenario.TRANSFER, Money.cny("1.00"), PAYER, Optional.of(PAYEE), List.of(),
                "mobile", "转账 1.00 元 给 上海供应商有限公司 第 " + n + " 笔");
        Authorization.Allowed a = (Authorization.Allowed) bank.sdk.transactions().authorize(customer.shield, t, Authenticator.SHIELD);
        SignatureReceipt receipt = bank.sdk.transactions().signHosted(a.id(), customer.ready);
        customer.next = bank.sdk.shields().pinChallenge(customer.shield);
        return receipt;
    }
}
