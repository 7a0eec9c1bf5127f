package io.mshield.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;

/**
 * Sign and verify 200 bytes with JCA objects initialized once: the bare primitive that the SDK's
 * numbers are compared with. Subclasses choose the provider and key in their setup and call
 * {@link #prepare}.
 */
abstract class JcaSignVerify {
    private final byte[] message = new byte[200];
    private Signature signer;
    private Signature verifier;
    private byte[] signature;

    /**
     * Initializes the signer and verifier and makes one signature to verify.
     *
     * @param keys    the key pair
     * @param newOne  makes an uninitialized {@link Signature} of the algorithm and provider
     * @throws GeneralSecurityException if the provider refuses
     */
    final void prepare(KeyPair keys, SignatureFactory newOne) throws GeneralSecurityException {
        signer = newOne.create();
        signer.initSign(keys.getPrivate());
        verifier = newOne.create();
        verifier.initVerify(keys.getPublic());
        signer.update(message);
        signature = signer.sign();
    }

    /** Makes an uninitialized {@link Signature}. */
    @FunctionalInterface
    interface SignatureFactory {
        Signature create() throws GeneralSecurityException;
    }

    /**
     * Sign.
     *
     * @return the signature
     * @throws GeneralSecurityException never in practice
     */
    @Benchmark
    public byte[] sign() throws GeneralSecurityException {
        signer.update(message);
        return signer.sign();
    }

    /**
     * Verify.
     *
     * @return true
     * @throws GeneralSecurityException never in practice
     */
    @Benchmark
    public boolean verify() throws GeneralSecurityException {
        verifier.update(message);
        return verifier.verify(signature);
    }
}
