package io.mshield.benchmarks;

import io.mshield.crypto.bc.Phone;
import io.mshield.pin.Pin;
import io.mshield.pin.PinBlock;
import io.mshield.pin.PinChallenge;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * The phone's share of {@link SdkSigningBenchmark}: encoding the PIN block and encrypting it to
 * the bank's SM2 PIN key (SM2 encryption: two scalar multiplications). On a real deployment the
 * phone does this, not the bank's server; it is measured here so the server's share of the path
 * can be read off.
 */
@State(Scope.Thread)
public class PhoneSideBenchmark {
    private final Phone phone = new Phone(new SecureRandom());
    private PinChallenge challenge;

    /**
     * Makes a PIN key pair and a challenge.
     *
     * @throws Exception never in practice
     */
    @Setup
    public void setUp() throws Exception {
        byte[] pinKey = Keys.Alg.SM2.generate(Keys.BC).getPublic().getEncoded();
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        challenge = new PinChallenge("0123456789abcdef0123456789abcdef", nonce, Instant.now().plusSeconds(3600), pinKey);
    }

    /**
     * The PIN block, as the phone makes it.
     *
     * @return the ciphertext
     */
    @Benchmark
    public byte[] pinBlock() {
        try (Pin pin = Pin.of("135790")) {
            return phone.encrypt(challenge.pinKey(), PinBlock.encode(challenge, pin));
        }
    }
}
