package io.mshield.crypto.bc;

import io.mshield.crypto.CertificateSubject;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.internal.PathValidator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PathValidatorTest {
    private static final BouncyCastleCrypto CRYPTO = BouncyCastleCrypto.builder()
            .clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(-30))).build();
    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(10));
    private static final X509Certificate LEAF = CRYPTO.certificateAuthority().issue(new IssueRequest(
            new Phone(new SecureRandom()).generate(KeyAlgorithm.EC_P256).getPublic(), KeyAlgorithm.EC_P256,
            new CertificateSubject("王五", "91350100M000100Y43", "ef".repeat(32), "MS00000000043"),
            START, START.plus(Duration.ofDays(5)), "pv-1"));
    private static final List<X509Certificate> CHAIN = CRYPTO.certificateAuthority().chain(KeyAlgorithm.Family.EC);

    @Test
    @DisplayName("R10.3 the cache answers only inside the path's validity window; outside it validation runs and fails")
    void cacheWindow() {
        PathValidator validator = new PathValidator(4);
        Instant inside = START.plus(Duration.ofDays(1));
        assertThat(validator.validate(LEAF, CHAIN.get(0), CHAIN.get(1), inside).valid()).isTrue();
        assertThat(validator.validate(LEAF, CHAIN.get(0), CHAIN.get(1), inside.plusSeconds(60)).path())
                .containsExactly(LEAF, CHAIN.get(0), CHAIN.get(1));
        assertThat(validator.cacheHits()).isEqualTo(1);
        assertThat(validator.cacheMisses()).isEqualTo(1);

        PathValidator.Result expired = validator.validate(LEAF, CHAIN.get(0), CHAIN.get(1), START.plus(Duration.ofDays(6)));
        assertThat(expired.valid()).isFalse();
        assertThat(expired.path()).isEmpty();
        assertThat(expired.failure()).get().asString().contains("trust anchor");
        assertThat(validator.cacheHits()).isEqualTo(1);
        assertThat(validator.validate(LEAF, CHAIN.get(0), CHAIN.get(1), START.minusSeconds(1)).valid()).isFalse();
    }

    @Test
    @DisplayName("R10.3 a LEAF presented with the wrong issuer or anchor does not validate, and failures are not cached")
    void wrongIssuer() {
        PathValidator validator = new PathValidator();
        List<X509Certificate> sm2 = CRYPTO.certificateAuthority().chain(KeyAlgorithm.Family.SM2);
        Instant inside = START.plus(Duration.ofDays(1));
        assertThat(validator.validate(LEAF, sm2.get(0), sm2.get(1), inside).valid()).isFalse();
        assertThat(validator.validate(LEAF, CHAIN.get(0), sm2.get(1), inside).valid()).isFalse();
        assertThat(validator.validate(LEAF, sm2.get(0), sm2.get(1), inside).valid()).isFalse();
        assertThat(validator.cacheHits()).isZero();
        assertThat(validator.validate(LEAF, CHAIN.get(0), CHAIN.get(1), inside).valid()).isTrue();
    }

    @Test
    @DisplayName("R8.1 a directly trusted issuer validates its leaf; that success is never reused for a path to another root")
    void directAnchorKeptApart() {
        PathValidator validator = new PathValidator();
        Instant inside = START.plus(Duration.ofDays(1));
        List<X509Certificate> sm2 = CRYPTO.certificateAuthority().chain(KeyAlgorithm.Family.SM2);
        assertThat(validator.validate(LEAF, CHAIN.get(0), inside).path()).containsExactly(LEAF, CHAIN.get(0));
        assertThat(validator.validate(LEAF, CHAIN.get(0), sm2.get(1), inside).valid()).as("issuing CA not under that root").isFalse();
        assertThat(validator.validate(LEAF, CHAIN.get(0), inside).valid()).isTrue();
        assertThat(validator.cacheHits()).isEqualTo(1);
        assertThat(validator.validate(LEAF, sm2.get(0), inside).valid()).as("another issuer").isFalse();
        assertThat(validator.validate(LEAF, LEAF, inside).failure()).get().asString().contains("not a CA");
    }

    @Test
    @DisplayName("R10.3 a disabled cache validates every time")
    void noCache() {
        PathValidator validator = new PathValidator(0);
        Instant inside = START.plus(Duration.ofDays(1));
        for (int i = 0; i < 3; i++) {
            assertThat(validator.validate(LEAF, CHAIN.get(0), CHAIN.get(1), inside).valid()).isTrue();
        }
        assertThat(validator.cacheHits()).isZero();
        assertThat(validator.cacheMisses()).isEqualTo(3);
    }
}
