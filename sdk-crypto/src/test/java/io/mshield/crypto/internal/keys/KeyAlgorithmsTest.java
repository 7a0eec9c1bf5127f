package io.mshield.crypto.internal.keys;

import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.internal.Bc;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECParameterSpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

import static org.assertj.core.api.Assertions.assertThat;

class KeyAlgorithmsTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    @DisplayName("R10.1 generates a key pair for every algorithm through BouncyCastle and recognises it")
    void generatesAndIdentifies(KeyAlgorithm algorithm) {
        KeyPair keyPair = KeyAlgorithms.generate(algorithm, RANDOM);
        assertThat(keyPair.getPrivate().getClass().getName()).startsWith("org.bouncycastle.");
        assertThat(KeyAlgorithms.identify(keyPair.getPublic())).contains(algorithm);
        if (keyPair.getPublic() instanceof RSAPublicKey) {
            RSAPublicKey rsa = (RSAPublicKey) keyPair.getPublic();
            assertThat(rsa.getModulus().bitLength()).isEqualTo(algorithm.bits());
            assertThat(rsa.getPublicExponent()).isEqualTo(RSAKeyGenParameterSpec.F4);
        }
    }

    private static KeyPair generate(String algorithm, AlgorithmParameterSpec spec) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, Bc.provider());
        generator.initialize(spec, RANDOM);
        return generator.generateKeyPair();
    }

    @Test
    @DisplayName("R10.1 other curves, explicit parameters and other RSA sizes are not recognised")
    void rejectsOthers() throws Exception {
        assertThat(KeyAlgorithms.identify(generate("EC", new ECGenParameterSpec("secp256k1")).getPublic())).isEmpty();
        assertThat(KeyAlgorithms.identify(generate("EC", new ECGenParameterSpec("secp384r1")).getPublic())).isEmpty();
        ECNamedCurveParameterSpec named = ECNamedCurveTable.getParameterSpec("secp256r1");
        ECParameterSpec explicit = new ECParameterSpec(named.getCurve(), named.getG(), named.getN(), named.getH());
        assertThat(KeyAlgorithms.identify(generate("EC", explicit).getPublic())).isEmpty();
        assertThat(KeyAlgorithms.identify(generate("RSA", new RSAKeyGenParameterSpec(1024, RSAKeyGenParameterSpec.F4)).getPublic())).isEmpty();
        assertThat(KeyAlgorithms.identify(KeyPairGenerator.getInstance("Ed448", Bc.provider()).generateKeyPair().getPublic())).isEmpty();
    }
}
