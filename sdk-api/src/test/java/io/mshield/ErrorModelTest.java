package io.mshield;

import io.mshield.certificate.RevocationReason;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.SignatureScheme;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErrorModelTest {

    @Test
    @DisplayName("R5.1 a counting refusal carries the attempts left and its code in the message")
    void attemptsLeft() {
        ShieldException e = ShieldException.withAttemptsLeft(ErrorCode.PIN_INCORRECT, "wrong PIN, 2 attempts left", 2);
        assertThat(e.code()).isEqualTo(ErrorCode.PIN_INCORRECT);
        assertThat(e.attemptsLeft()).hasValue(2);
        assertThat(e.getMessage()).startsWith("[PIN_INCORRECT] ");
        assertThat(new ShieldException(ErrorCode.ILLEGAL_STATE, "x").attemptsLeft()).isEmpty();
        assertThatThrownBy(() -> ShieldException.withAttemptsLeft(ErrorCode.PIN_INCORRECT, "x", -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("details are copied and unmodifiable")
    void details() {
        java.util.HashMap<String, String> m = new java.util.HashMap<>(Map.of("until", "2026-11-23T10:00:00Z"));
        ShieldException e = new ShieldException(ErrorCode.PIN_LOCKED, "locked", null, m, null);
        m.clear();
        assertThat(e.details()).containsEntry("until", "2026-11-23T10:00:00Z");
        assertThatThrownBy(() -> e.details().put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("every code belongs to a category and names are unique")
    void codes() {
        assertThat(ErrorCode.values()).allSatisfy(c -> assertThat(c.category()).isNotNull());
        assertThat(Arrays.stream(ErrorCode.values()).map(Enum::name).distinct().count()).isEqualTo(ErrorCode.values().length);
    }

    @Test
    @DisplayName("R10.4 RFC 5280 reason codes round-trip; only a hold is reversible; code 7 does not exist")
    void revocationReasons() {
        for (RevocationReason r : RevocationReason.values()) {
            assertThat(RevocationReason.ofCode(r.code())).isSameAs(r);
        }
        assertThat(RevocationReason.CERTIFICATE_HOLD.code()).isEqualTo(6);
        assertThat(RevocationReason.REMOVE_FROM_CRL.code()).isEqualTo(8);
        assertThat(Arrays.stream(RevocationReason.values()).filter(RevocationReason::reversible))
                .containsExactly(RevocationReason.CERTIFICATE_HOLD);
        assertThatThrownBy(() -> RevocationReason.ofCode(7)).isInstanceOfSatisfying(ShieldException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    @DisplayName("R10.1 algorithms map to families and default schemes; no RSA below 2048")
    void algorithms() {
        assertThat(KeyAlgorithm.SM2.defaultScheme()).isEqualTo(SignatureScheme.SM2_SM3);
        assertThat(KeyAlgorithm.EC_P256.defaultScheme()).isEqualTo(SignatureScheme.ECDSA_SHA256);
        assertThat(KeyAlgorithm.ED25519.defaultScheme()).isEqualTo(SignatureScheme.ED25519);
        assertThat(KeyAlgorithm.RSA_3072.defaultScheme()).isEqualTo(SignatureScheme.RSA_PKCS1_SHA256);
        assertThat(Arrays.stream(KeyAlgorithm.values()).filter(a -> a.family() == KeyAlgorithm.Family.RSA))
                .allSatisfy(a -> assertThat(a.bits()).isGreaterThanOrEqualTo(2048));
        for (SignatureScheme s : SignatureScheme.values()) {
            assertThat(Arrays.stream(KeyAlgorithm.values()).anyMatch(a -> a.family() == s.family())).isTrue();
        }
    }

    @Test
    @DisplayName("key handles refuse malformed aliases")
    void keyHandles() {
        assertThat(new KeyHandle("memory", "k-1", KeyAlgorithm.SM2).alias()).isEqualTo("k-1");
        assertThatThrownBy(() -> new KeyHandle("memory", "bad alias", KeyAlgorithm.SM2))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_IDENTIFIER));
        assertThatThrownBy(() -> new KeyHandle("", "a", KeyAlgorithm.SM2)).isInstanceOf(ShieldException.class);
    }

    @Test
    @DisplayName("R4.4 actors carry a role and a validated id")
    void actors() {
        assertThat(Actor.holder("u-1").role()).isEqualTo(Actor.Role.HOLDER);
        assertThat(Actor.bankStaff("s1", "br-0592", "idv-1").role()).isEqualTo(Actor.Role.BANK_STAFF);
        assertThatThrownBy(() -> Actor.holder("has space")).isInstanceOfSatisfying(ShieldException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_IDENTIFIER));
    }

    @Test
    @DisplayName("R4.4 whom an actor acts for must fit its role, and a bank staff action names its identity verification")
    void actsForFitsTheRole() {
        assertThatThrownBy(() -> new Actor(Actor.Role.LEGAL_REPRESENTATIVE, "boss", new Actor.ActsFor.Self()))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> new Actor(Actor.Role.HOLDER, "u-1", new Actor.ActsFor.Branch("br-1", "idv-1")))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> Actor.bankStaff("s1", "br-0592", "no reference"))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_IDENTIFIER));
        Actor rep = Actor.legalRepresentative("boss", io.mshield.identity.EnterpriseId.of("ent-1"),
                io.mshield.identity.ResidentIdNumber.of("11010519491231002X"));
        assertThat(rep.toString()).doesNotContain("11010519491231002X");
        assertThat(Actor.recorded(Actor.Role.BANK_STAFF, "s1").actsFor()).isInstanceOf(Actor.ActsFor.Recorded.class);
    }
}
