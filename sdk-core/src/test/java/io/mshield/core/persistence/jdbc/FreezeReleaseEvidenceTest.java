package io.mshield.core.persistence.jdbc;

import io.mshield.MobileShield;
import io.mshield.core.fixtures.MutableClock;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.SignatureVerification;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.enrollment.Application;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.KeyProposal;
import io.mshield.pin.AuthMethod;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.ShieldDetails;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.SignatureReceipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by the soak (issue 19 item 4): a payment signed after bank staff froze and unfroze the
 * shield carried evidence that did not verify. The CA lists a released hold in its CRL with the
 * reason removeFromCRL, and the evidence's captured CRL was read as a revocation at the release.
 * On the real crypto and H2.
 */
class FreezeReleaseEvidenceTest {
    private final FaultBank bank = new FaultBank();
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final JdbcPersistence store = JdbcPersistence.migrateAndCreate(new UnpooledDataSource(Databases.h2(), "sa", ""));
    private final BouncyCastleCrypto crypto = bank.crypto(store, clock);
    private final MobileShield sdk = bank.sdk(store, crypto, clock);

    @AfterEach
    void close() {
        sdk.close();
        store.close();
    }

    private SignatureReceipt pay(ShieldDetails d, KeyPair keys) {
        Authorization.Allowed a = (Authorization.Allowed) sdk.transactions().authorize(d.number(), bank.transfer("3.00"), Authenticator.SHIELD);
        return sdk.transactions().complete(a.id(), bank.phone.sign(keys, KeyAlgorithm.EC_P256.defaultScheme(), a.signedContent()),
                Optional.of(bank.block(sdk.shields().pinChallenge(d.number()), FaultBank.PIN)));
    }

    private SignatureVerification verify(SignatureReceipt r) {
        return sdk.signatures().verifyEvidence(sdk.signatures().evidence(r.record().id()).orElseThrow());
    }

    @Test
    @DisplayName("R10.4 a payment signed after a freeze is lifted has evidence that verifies, and so has one signed before the freeze")
    void evidenceAfterAReleasedHold() {
        KeyPair keys = bank.phone.generate(KeyAlgorithm.EC_P256);
        Application app = bank.application(FaultBank.BOSS, "dev-hold", CustodyMode.DEVICE, KeyAlgorithm.EC_P256);
        EnrollmentSession s = bank.upToAuthentication(sdk, app);
        sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(bank.block(sdk.enrollment().pinChallenge(s.id()), FaultBank.PIN)));
        sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey());
        ShieldDetails d = sdk.enrollment().complete(s.id(), bank.phone.certificateRequest(keys, KeyAlgorithm.EC_P256, app.name().value()));

        SignatureReceipt before = pay(d, keys);
        clock.advance(Duration.ofMinutes(1));
        sdk.administration().freeze(d.number(), FaultBank.STAFF);
        clock.advance(Duration.ofMinutes(1));
        sdk.administration().unfreeze(d.number(), FaultBank.STAFF);
        clock.advance(Duration.ofMinutes(1));
        SignatureReceipt after = pay(d, keys);

        SignatureVerification v = verify(after);
        assertThat(v.failure()).as("why the evidence of the payment after the release fails").isEmpty();
        assertThat(v.valid()).isTrue();
        assertThat(v.revocationSource()).isEqualTo(SignatureVerification.RevocationSource.EMBEDDED);
        assertThat(verify(before).valid()).isTrue();
    }
}
