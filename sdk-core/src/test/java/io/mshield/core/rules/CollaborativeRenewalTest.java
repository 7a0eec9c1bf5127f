package io.mshield.core.rules;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.audit.AuditEntry;
import io.mshield.certificate.RevocationReason;
import io.mshield.core.fixtures.World;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.twoparty.Sm2TwoPartyPhone;
import io.mshield.enrollment.OneTimeCode;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.pin.PinPolicy;
import io.mshield.shield.HolderOperation;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.fixtures.World.BOSS;
import static io.mshield.core.rules.CollaborativeHolder.PIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R3.4 for COLLABORATIVE custody: the certificate is renewed only with a request the bank co-signed
 * after a PIN round, for the same joint key, with the renewal's SMS code, inside the renewal window;
 * the old certificate is revoked as superseded, and each of the other custody modes' paths is refused.
 */
class CollaborativeRenewalTest {
    private static final BouncyCastleCrypto CRYPTO = BouncyCastleCrypto.create();
    private static final Actor HOLDER = Actor.holder("acct-boss");

    private final World w = new World(b -> b.crypto(CRYPTO).coolingOff(CoolingOffPolicy.none()).pinPolicy(PinPolicy.seed002()));

    private CollaborativeHolder open() {
        CollaborativeHolder h = new CollaborativeHolder(w, BOSS, "acct-boss");
        h.open("phone-c");
        return h;
    }

    @Test
    @DisplayName("a co-signed request for the joint key renews the certificate once, supersedes the old one, and is audited")
    void renewsWithTheCoSignedRequest() {
        CollaborativeHolder h = open();
        ShieldDetails before = h.shield;
        Instant notAfter = before.certificate().orElseThrow().notAfter();
        byte[] info = h.device.certificationRequestInfo(h.jointKey, World.nameOf(BOSS).value());
        refused(ErrorCode.RENEWAL_NOT_DUE, () -> w.sdk.shields().coSignRenewalRequest(before.number(), HOLDER, info, h.proof(PIN),
                h.phone.startRound().q1()));
        w.clock.set(notAfter.minus(Duration.ofDays(100)));
        refused(ErrorCode.CSR_INVALID, () -> w.sdk.shields().renewCoSigned(before.number(), HOLDER, OneTimeCode.of("000000"),
                new byte[]{0x30, 0x00}));

        Sm2TwoPartyPhone.Round round = h.phone.startRound();
        CollaborativeSm2.CoSignature c = w.sdk.shields().coSignRenewalRequest(before.number(), HOLDER, info, h.proof(PIN), round.q1());
        byte[] csr = h.device.certificateRequest(info, h.finish(round, c));
        w.sdk.shields().sendSmsCode(before.number(), HOLDER, HolderOperation.RENEWAL);
        OneTimeCode code = w.lastCode(BOSS);

        // a valid SM2 request of the holder, but not the one the bank co-signed
        byte[] other = h.device.certificateRequest(h.device.generate(KeyAlgorithm.SM2), KeyAlgorithm.SM2, World.nameOf(BOSS).value());
        refused(ErrorCode.CSR_INVALID, () -> w.sdk.shields().renewCoSigned(before.number(), HOLDER, code, other));
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.shields().renewCoSigned(before.number(), Actor.holder("intruder"), code, csr));

        ShieldDetails renewed = w.sdk.shields().renewCoSigned(before.number(), HOLDER, code, csr);
        assertThat(renewed.status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(renewed.certificate().orElseThrow().serialHex()).isNotEqualTo(before.certificate().orElseThrow().serialHex());
        assertThat(renewed.certificate().orElseThrow().notAfter()).isAfter(notAfter);
        assertThat(CRYPTO.certificateAuthority().status(new BigInteger(before.certificate().orElseThrow().serialHex(), 16), w.clock.instant()).reason())
                .contains(RevocationReason.SUPERSEDED);
        List<AuditEntry> audited = w.sdk.audit().read(1, 1000).stream().filter(e -> e.action().equals("shield.renewed")).toList();
        assertThat(audited).singleElement().satisfies(e -> assertThat(e.details())
                .containsEntry("oldSerial", before.certificate().orElseThrow().serialHex())
                .containsEntry("newSerial", renewed.certificate().orElseThrow().serialHex())
                .containsEntry("custody", "COLLABORATIVE").containsEntry("filingChanged", "false"));
        // the joint key still signs for the renewed shield
        assertThat(h.pay("3.00", PIN).record().certificateSerial()).isEqualTo(renewed.certificate().orElseThrow().serialHex());

        // once used, the request renews nothing more
        w.clock.advance(Duration.ofMinutes(2));
        w.sdk.shields().sendSmsCode(before.number(), HOLDER, HolderOperation.RENEWAL);
        OneTimeCode again = w.lastCode(BOSS);
        w.filingRevision.incrementAndGet();
        ShieldException used = org.junit.jupiter.api.Assertions.assertThrows(ShieldException.class,
                () -> w.sdk.shields().renewCoSigned(before.number(), HOLDER, again, csr));
        assertThat(used.code()).isEqualTo(ErrorCode.CSR_INVALID);
        assertThat(used.getMessage()).contains("no renewal request of this certificate was co-signed");
    }

    @Test
    @DisplayName("a wrong PIN in the renewal round co-signs nothing; an empty or oversized request is refused before the round, 8 KiB is not")
    void roundRefusals() {
        CollaborativeHolder h = open();
        w.filingRevision.incrementAndGet();
        byte[] info = h.device.certificationRequestInfo(h.jointKey, World.nameOf(BOSS).value());
        refused(ErrorCode.PIN_INCORRECT, () -> w.sdk.shields().coSignRenewalRequest(h.shield.number(), HOLDER, info, h.proof("246801"),
                h.phone.startRound().q1()));
        refused(ErrorCode.INPUT_TOO_LARGE, () -> w.sdk.shields().coSignRenewalRequest(h.shield.number(), HOLDER, new byte[0], h.proof(PIN),
                h.phone.startRound().q1()));
        refused(ErrorCode.INPUT_TOO_LARGE, () -> w.sdk.shields().coSignRenewalRequest(h.shield.number(), HOLDER, new byte[8 * 1024 + 1],
                h.proof(PIN), h.phone.startRound().q1()));
        // the largest request is co-signed; what the phone makes of it is checked at renewal
        Sm2TwoPartyPhone.Round round = h.phone.startRound();
        assertThat(w.sdk.shields().coSignRenewalRequest(h.shield.number(), HOLDER, new byte[8 * 1024], h.proof(PIN), round.q1())).isNotNull();
        w.sdk.shields().sendSmsCode(h.shield.number(), HOLDER, HolderOperation.RENEWAL);
        refused(ErrorCode.CSR_INVALID, () -> w.sdk.shields().renewCoSigned(h.shield.number(), HOLDER, w.lastCode(BOSS), new byte[]{1, 2, 3}));
    }

    @Test
    @DisplayName("COLLABORATIVE renews only with a co-signed request; DEVICE never does; a frozen shield does neither")
    void eachCustodyItsPath() {
        CollaborativeHolder h = open();
        w.filingRevision.incrementAndGet();
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.shields().renew(h.shield.number(), HOLDER,
                h.block(w.sdk.shields().pinChallenge(h.shield.number()), PIN), OneTimeCode.of("000000"), new byte[0]));
        ShieldDetails device = w.open(w.application(World.ENTERPRISE2, World.BOSS2, "dev-9", "acct-boss2"), "135790");
        Actor deviceHolder = Actor.holder("acct-boss2");
        byte[] info = h.device.certificationRequestInfo(h.jointKey, World.nameOf(BOSS).value());
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.shields().coSignRenewalRequest(device.number(), deviceHolder, info,
                h.proof(PIN), h.phone.startRound().q1()));
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.shields().renewCoSigned(device.number(), deviceHolder, OneTimeCode.of("000000"),
                new byte[0]));
        w.sdk.administration().freeze(h.shield.number(), World.legalRep(World.ENTERPRISE));
        refused(ErrorCode.SHIELD_FROZEN, () -> w.sdk.shields().renewCoSigned(h.shield.number(), HOLDER, OneTimeCode.of("000000"),
                new byte[0]));
    }
}
