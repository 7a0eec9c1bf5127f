package io.mshield.crypto.internal.csr;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.CsrChecker;
import io.mshield.crypto.CsrChecker.Expectation;
import io.mshield.crypto.KeyAlgorithm;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the CSR checker: whatever the bytes, it returns a checked request or throws
 * {@link ShieldException} with {@link ErrorCode#CSR_INVALID}, nothing else.
 *
 * <p>In a normal build this runs in Jazzer's regression mode: once with an empty input and once
 * per file in {@code src/test/resources/io/mshield/crypto/internal/csr/CsrCheckerFuzzTestInputs/checkerOnlyThrowsCsrInvalid/}
 * (valid requests of every kind, {@code 30 00}, truncations, BER, deep nesting). Fuzz for real
 * with {@code JAZZER_FUZZ=1 ./mvnw -pl sdk-crypto -am test -Dtest=CsrCheckerFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.hooks=true} (the module's pom turns Jazzer's
 * hooks off for the quiet regression runs); copy a crash input it finds into that folder once
 * fixed.
 */
class CsrCheckerFuzzTest {
    private static final Expectation EXPECTATION = new Expectation(EnumSet.allOf(KeyAlgorithm.class), "fuzz", 4096);
    private final CsrChecker checker = new BouncyCastleCsrChecker();

    @FuzzTest(maxDuration = "60s")
    void checkerOnlyThrowsCsrInvalid(byte[] input) {
        try {
            CsrChecker.CheckedCsr checked = checker.check(input, EXPECTATION);
            assertThat(checked.publicKey()).isNotNull();
        } catch (ShieldException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.CSR_INVALID);
        }
    }
}
