package io.mshield.samples;

import io.mshield.certificate.RevocationReason;
import io.mshield.core.persistence.jdbc.JdbcPersistence;
import io.mshield.crypto.CertificateAuthority;
import io.mshield.crypto.CertificateSubject;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.RevocationStatus;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.bc.Phone;
import io.mshield.persistence.Persistence;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CA-PERSIST item 2: the CA's status changes join the caller's transaction on the same store, so they commit or roll back with it. */
class CaTransactionTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("CA-PERSIST 2 a revocation inside a transaction that fails is rolled back with it; inside one that commits, it is kept with the caller's write")
    void revocationJoinsTheCallersTransaction() throws Exception {
        try (Persistence store = JdbcPersistence.embeddedH2(dir)) {
            CertificateAuthority ca = BouncyCastleCrypto.builder().persistence(store).build().certificateAuthority();
            Phone phone = new Phone(new SecureRandom());
            Instant now = Instant.now();
            X509Certificate cert = ca.issue(new IssueRequest(phone.generate(KeyAlgorithm.EC_P256).getPublic(), KeyAlgorithm.EC_P256,
                    new CertificateSubject("张三", "91350100M000100Y43", "ab".repeat(32), "MS12345678901"), now.minusSeconds(60),
                    now.plus(Duration.ofDays(30)), "tx-1"));

            assertThatThrownBy(() -> store.inTransaction(s -> {
                s.insert("shields_demo", "MS12345678901", "{\"status\":\"REVOKED\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
                ca.revoke(cert.getSerialNumber(), RevocationReason.KEY_COMPROMISE, now);
                throw new IllegalStateException("the engine's transaction fails after the CA's change");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(ca.status(cert.getSerialNumber(), now.plusSeconds(1)).state()).isEqualTo(RevocationStatus.State.GOOD);
            assertThat(new X509CRLHolder(ca.crl(KeyAlgorithm.Family.EC)).getRevokedCertificate(cert.getSerialNumber())).isNull();
            boolean shieldWritten = store.inTransaction(s -> s.get("shields_demo", "MS12345678901").isPresent());
            assertThat(shieldWritten).isFalse();

            store.inTransaction(s -> {
                s.insert("shields_demo", "MS12345678901", "{\"status\":\"REVOKED\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
                ca.revoke(cert.getSerialNumber(), RevocationReason.KEY_COMPROMISE, now);
                return null;
            });
            assertThat(ca.status(cert.getSerialNumber(), now.plusSeconds(1)).reason()).contains(RevocationReason.KEY_COMPROMISE);
            boolean kept = store.inTransaction(s -> s.get("shields_demo", "MS12345678901").isPresent());
            assertThat(kept).isTrue();
        }
    }
}
