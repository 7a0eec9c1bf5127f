package io.mshield.crypto.bc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.SignatureService;
import io.mshield.crypto.SignatureVerification;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link SignatureService#verifyCms}: whatever the bytes, it returns a verification that is
 * invalid and says why (no input here can be valid: the trust anchors are this test's own fresh
 * CA), or it throws {@link ShieldException} with {@link ErrorCode#CMS_INVALID}; no other exception
 * or error escapes.
 *
 * <p>In a normal build this runs in Jazzer's regression mode, once per file in
 * {@code src/test/resources/io/mshield/crypto/bc/CmsParserFuzzTestInputs/verifyNeverThrowsUntyped/}
 * (the demo's detached SignedData of every family, a BER re-encoding, {@code 30 00}, truncation,
 * an unclosed indefinite length, deep nesting, trailing bytes). Fuzz for real with
 * {@code JAZZER_FUZZ=1 ./mvnw -pl sdk-crypto -am test -Dtest=CmsParserFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.hooks=true}; copy a crash input it finds into
 * that folder once fixed.
 */
class CmsParserFuzzTest {
    private static final SignatureService SIGNATURES = BouncyCastleCrypto.create().signatures();
    private static final byte[] CONTENT = "MobileShield fuzz content".getBytes(StandardCharsets.UTF_8);

    @FuzzTest(maxDuration = "60s")
    void verifyNeverThrowsUntyped(byte[] input) {
        SignatureVerification verification;
        try {
            verification = SIGNATURES.verifyCms(input, CONTENT);
        } catch (ShieldException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.CMS_INVALID);
            return;
        }
        assertThat(verification.valid()).isFalse();
        assertThat(verification.failure()).isPresent();
        assertThat(verification.chain()).isEmpty();
    }
}
