package io.mshield.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/**
 * For reference: JDK 17's SunEC signing and verifying P-256, to compare with
 * {@link RawSignatureBenchmark} at {@code alg=P256} (BouncyCastle). The SDK signs and verifies EC
 * through BouncyCastle because SunEC is slower here and accepts invalid Wycheproof signatures.
 */
@State(Scope.Thread)
public class SunEcBenchmark extends JcaSignVerify {
    /**
     * Makes the key and the objects through SunEC.
     *
     * @throws GeneralSecurityException never in practice
     */
    @Setup
    public void setUp() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        prepare(g.generateKeyPair(), () -> Signature.getInstance("SHA256withECDSA", "SunEC"));
    }
}
