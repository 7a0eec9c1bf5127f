package io.mshield.core.rules;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.audit.AuditEntry;
import io.mshield.core.fixtures.World;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.twoparty.Sm2TwoPartyPhone;
import io.mshield.enrollment.OneTimeCode;
import io.mshield.identity.PersonName;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.pin.PinPolicy;
import io.mshield.shield.HolderOperation;
import io.mshield.shield.ShieldDetails;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.fixtures.World.BOSS;
import static io.mshield.core.rules.CollaborativeHolder.PIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R3.4, R10.6: a holder renamed on the filing renews a COLLABORATIVE shield at once, and the renewed
 * certificate carries the new name. Attacks how the bank finds the request it co-signed inside the
 * CSR: with a longer name the CertificationRequestInfo outgrows DER's one-byte length (over 127 bytes,
 * and over 255 with the longest name the filing allows), and the CSR is still recognised as exactly
 * that request; a request for the new name that the bank did not co-sign is not.
 */
class CollaborativeRenewalOfARenamedHolderTest {
    private static final BouncyCastleCrypto CRYPTO = BouncyCastleCrypto.create();
    private static final Actor HOLDER = Actor.holder("acct-boss");

    private final World w = new World(b -> b.crypto(CRYPTO).coolingOff(CoolingOffPolicy.none()).pinPolicy(PinPolicy.seed002()));

    /** Renames the holder on the filing and renews with a request co-signed for the new name. */
    private void renewsAs(String name, int infoAtLeast, int infoBelow) {
        CollaborativeHolder h = new CollaborativeHolder(w, BOSS, "acct-boss");
        ShieldDetails before = h.open("phone-c");
        w.renamed.put(BOSS, PersonName.of(name));
        w.filingRevision.incrementAndGet();

        byte[] info = h.device.certificationRequestInfo(h.jointKey, name);
        assertThat(info.length).isBetween(infoAtLeast, infoBelow - 1);
        Sm2TwoPartyPhone.Round round = h.phone.startRound();
        CollaborativeSm2.CoSignature c = w.sdk.shields().coSignRenewalRequest(before.number(), HOLDER, info, h.proof(PIN), round.q1());
        byte[] csr = h.device.certificateRequest(info, h.finish(round, c));
        w.sdk.shields().sendSmsCode(before.number(), HOLDER, HolderOperation.RENEWAL);
        OneTimeCode code = w.lastCode(BOSS);

        // a request for the new name, but of another key and not co-signed by the bank: CSR_INVALID
        refused(ErrorCode.CSR_INVALID, () -> w.sdk.shields().renewCoSigned(before.number(), HOLDER, code,
                h.device.certificateRequest(h.device.generate(KeyAlgorithm.SM2), KeyAlgorithm.SM2, name)));

        ShieldDetails renewed = w.sdk.shields().renewCoSigned(before.number(), HOLDER, code, csr);
        assertThat(renewed.certificate().orElseThrow().serialHex()).isNotEqualTo(before.certificate().orElseThrow().serialHex());
        assertThat(renewed.certificate().orElseThrow().subject()).contains(name);
        List<AuditEntry> audited = w.sdk.audit().read(1, 1000).stream().filter(e -> e.action().equals("shield.renewed")).toList();
        assertThat(audited).singleElement().satisfies(e -> assertThat(e.details()).containsEntry("filingChanged", "true"));
        // the joint key signs for the renewed certificate
        assertThat(h.pay("3.00", PIN).record().certificateSerial()).isEqualTo(renewed.certificate().orElseThrow().serialHex());
    }

    @Test
    @DisplayName("a name of 20 characters: the co-signed request is over 127 bytes (DER length in one more byte) and renews")
    void longName() {
        String name = "欧阳".repeat(10);
        assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSize(60);
        renewsAs(name, 128, 256);
    }

    @Test
    @DisplayName("the longest name the filing allows, 64 characters: the co-signed request is over 255 bytes (two more bytes) and renews")
    void longestName() {
        String name = "司马".repeat(32);
        renewsAs(name, 256, 65_536);
    }
}
