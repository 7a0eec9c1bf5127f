package io.mshield.benchmarks;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.GeneralSecurityException;
import java.security.Signature;

/**
 * The baseline every ratio is taken against: BouncyCastle's own {@link Signature} for SM2/SM3,
 * ECDSA P-256/SHA-256, Ed25519 and RSA-2048 PKCS#1 v1.5, signing and verifying a 200-byte
 * message, one {@code Signature} object per thread. Bounded by the curve or modular arithmetic
 * alone.
 */
@State(Scope.Thread)
public class RawSignatureBenchmark extends JcaSignVerify {
    /** The algorithm. */
    @Param({"SM2", "P256", "ED25519", "RSA2048"})
    public String alg;

    /**
     * Makes the key, the objects and one signature to verify.
     *
     * @throws GeneralSecurityException never in practice
     */
    @Setup
    public void setUp() throws GeneralSecurityException {
        Keys.Alg a = Keys.Alg.valueOf(alg);
        prepare(a.generate(Keys.BC), () -> Signature.getInstance(a.signature, Keys.BC));
    }
}
