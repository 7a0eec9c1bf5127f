package io.mshield.crypto.internal;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The constant-time helpers of the two-party arithmetic agree with the plain BigInteger and curve operations. */
class Sm2MathTest {
    private final SecureRandom random = new SecureRandom();

    private BigInteger scalar() {
        BigInteger k;
        do {
            k = new BigInteger(Sm2Math.N.bitLength(), random);
        } while (k.signum() == 0 || k.compareTo(Sm2Math.N) >= 0);
        return k;
    }

    @Test
    void invertSecretIsTheModularInverse() {
        for (int i = 0; i < 200; i++) {
            BigInteger x = scalar();
            BigInteger inv = Sm2Math.invertSecret(x);
            assertThat(inv).isEqualTo(x.modInverse(Sm2Math.N));
            assertThat(x.multiply(inv).mod(Sm2Math.N)).isEqualTo(BigInteger.ONE);
        }
        assertThat(Sm2Math.invertSecret(BigInteger.ONE)).isEqualTo(BigInteger.ONE);
        assertThat(Sm2Math.invertSecret(Sm2Math.N.subtract(BigInteger.ONE))).isEqualTo(Sm2Math.N.subtract(BigInteger.ONE));
    }

    @Test
    void invertSecretRefusesMultiplesOfTheOrder() {
        assertThatThrownBy(() -> Sm2Math.invertSecret(BigInteger.ZERO)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Sm2Math.invertSecret(Sm2Math.N)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void sumOfSecretMultiplesAgreesWithThePlainSum() {
        for (int i = 0; i < 20; i++) {
            BigInteger k = scalar();
            BigInteger j = scalar();
            org.bouncycastle.math.ec.ECPoint p = Sm2Math.G.multiply(scalar()).normalize();
            assertThat(Sm2Math.sumOfSecretMultiples(p, k, j)).isEqualTo(p.multiply(k).add(Sm2Math.G.multiply(j)).normalize());
        }
        org.bouncycastle.math.ec.ECPoint p = Sm2Math.G.multiply(scalar()).normalize();
        assertThat(Sm2Math.sumOfSecretMultiples(p, BigInteger.ONE, BigInteger.ONE)).isEqualTo(p.add(Sm2Math.G).normalize());
    }

    @Test
    void secretMultiplicationsAgreeWithThePlainOnes() {
        for (int i = 0; i < 20; i++) {
            BigInteger k = scalar();
            BigInteger j = scalar();
            assertThat(Sm2Math.multiplyG(k).normalize()).isEqualTo(Sm2Math.G.multiply(k).normalize());
            org.bouncycastle.math.ec.ECPoint p = Sm2Math.G.multiply(j).normalize();
            assertThat(Sm2Math.multiplySecret(p, k).normalize()).isEqualTo(p.multiply(k).normalize());
        }
    }
}
