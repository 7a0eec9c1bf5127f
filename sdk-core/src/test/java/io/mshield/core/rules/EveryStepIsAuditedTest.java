package io.mshield.core.rules;

import io.mshield.Actor;
import io.mshield.audit.AuditEntry;
import io.mshield.core.fixtures.SecretSearch;
import io.mshield.core.fixtures.World;
import io.mshield.enrollment.Application;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.KeyProposal;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.BiometricKey;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinPolicy;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.BusinessData;
import io.mshield.transaction.Party;
import io.mshield.transaction.Transaction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.mshield.core.fixtures.World.BOSS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R1.4: every step of an enrollment and every change a holder or the bank makes to a shield leaves
 * its own audit entry, on the shield it concerns, with its non-secret details; and each step answers
 * with the session or shield it acted on.
 */
class EveryStepIsAuditedTest {
    private static final String PIN = "135790";
    private final World w = new World(b -> b.coolingOff(CoolingOffPolicy.none()).pinPolicy(PinPolicy.seed002()));

    private List<AuditEntry> all() {
        return w.sdk.audit().read(1, 1000);
    }

    private AuditEntry last(String action) {
        List<AuditEntry> found = all().stream().filter(e -> e.action().equals(action)).toList();
        assertThat(found).as(action).isNotEmpty();
        return found.get(found.size() - 1);
    }

    @Test
    @DisplayName("each enrollment step is audited on the reserved shield number and answers with the session")
    void enrollmentSteps() {
        Application app = w.application(BOSS, "dev-1", "acct-boss");
        EnrollmentSession s = w.sdk.enrollment().start(app);
        String sn = s.shieldNumber().value();
        assertThat(last("enrollment.started").subject()).isEqualTo(sn);
        assertThat(last("enrollment.started").actor()).isEqualTo(Actor.recorded(Actor.Role.HOLDER, "acct-boss"));

        EnrollmentSession agreed = w.sdk.enrollment().acceptAgreement(s.id(), "v1");
        assertThat(agreed.id()).isEqualTo(s.id());
        assertThat(last("enrollment.agreement_accepted").details()).containsEntry("version", "v1");

        EnrollmentSession sent = w.sdk.enrollment().sendSmsCode(s.id());
        assertThat(sent.id()).isEqualTo(s.id());
        assertThat(last("enrollment.otp_sent").subject()).isEqualTo(sn);
        assertThat(last("enrollment.otp_sent").details().get("to")).doesNotContain(World.phoneOf(BOSS));

        EnrollmentSession verified = w.sdk.enrollment().verifySmsCode(s.id(), w.lastCode(BOSS));
        assertThat(verified.id()).isEqualTo(s.id());
        assertThat(last("enrollment.otp_verified").subject()).isEqualTo(sn);

        EnrollmentSession faced = w.sdk.enrollment().verifyFace(s.id(), new FaceVerifier.FaceCapture(new byte[]{1, 2, 3}));
        assertThat(faced.id()).isEqualTo(s.id());
        assertThat(last("enrollment.face_verified").subject()).isEqualTo(sn);

        EnrollmentSession chosen = w.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN,
                Optional.of(World.pinBlock(w.sdk.enrollment().pinChallenge(s.id()), PIN)));
        assertThat(chosen.id()).isEqualTo(s.id());
        assertThat(last("enrollment.authentication_chosen").details()).containsEntry("method", "PIN");

        w.sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey());
        assertThat(last("enrollment.key_prepared").details()).containsEntry("custody", "DEVICE");
        assertThat(List.of(agreed.next(), sent.next(), verified.next(), faced.next(), chosen.next()))
                .as("each step moves the session on, never back").isSortedAccordingTo(Enum::compareTo);
        assertThat(all()).extracting(AuditEntry::action).containsSubsequence("enrollment.started", "enrollment.agreement_accepted",
                "enrollment.otp_sent", "enrollment.otp_verified", "enrollment.face_verified", "enrollment.authentication_chosen",
                "enrollment.key_prepared");
        assertThat(w.sdk.audit().verify().intact()).isTrue();
    }

    @Test
    @DisplayName("the holder's changes to a shield are audited with what changed, and never with the PIN")
    void holderChanges() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        String sn = d.number().value();
        Actor holder = Actor.holder("acct-boss");

        assertThat(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), PIN))).isInstanceOf(PinCheck.Accepted.class);
        assertThat(last("pin.accepted").subject()).isEqualTo(sn);

        w.sdk.shields().bindAccount(d.number(), holder, "e-port", "user-7", w.pin(d.number(), PIN));
        assertThat(last("shield.account_bound").details()).containsEntry("system", "e-port").containsEntry("account", "user-7");

        // a biometric method is a device key registered for it (R2.3); registering it makes it the method
        KeyPair finger = p256();
        PinChallenge ch = w.sdk.shields().pinChallenge(d.number());
        byte[] spki = finger.getPublic().getEncoded();
        byte[] possession = sign(finger, BiometricKey.registrationMessage(ch, d.number(), AuthMethod.FINGERPRINT, spki));
        assertThat(w.sdk.shields().registerBiometric(d.number(), holder, new BiometricKey(AuthMethod.FINGERPRINT, KeyAlgorithm.EC_P256,
                spki, ch.id(), possession), w.pin(d.number(), PIN)).authMethod()).isEqualTo(AuthMethod.FINGERPRINT);
        assertThat(last("shield.biometric_registered").details()).containsEntry("method", "FINGERPRINT")
                .containsEntry("algorithm", "EC_P256").containsEntry("from", "PIN").containsKey("keySha256");
        ShieldDetails changed = w.sdk.shields().changeAuthMethod(d.number(), holder, AuthMethod.PIN, w.pin(d.number(), PIN));
        assertThat(changed.authMethod()).isEqualTo(AuthMethod.PIN);
        assertThat(last("shield.auth_method_changed").details()).containsEntry("from", "FINGERPRINT").containsEntry("to", "PIN");

        w.sdk.shields().changePin(d.number(), holder, w.pin(d.number(), PIN), Optional.of(w.pin(d.number(), "582946")));
        assertThat(last("shield.pin_changed").subject()).isEqualTo(sn);
        assertThat(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), "582946"))).isInstanceOf(PinCheck.Accepted.class);
        assertThat(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), PIN))).isInstanceOf(PinCheck.Rejected.class);

        w.sdk.administration().resetPin(d.number(), World.staff("s-1"), w.pin(d.number(), "703916"));
        assertThat(last("shield.pin_reset").actor().role()).isEqualTo(Actor.Role.BANK_STAFF);
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), "703916"))).isInstanceOf(PinCheck.Accepted.class);

        assertThat(all()).allSatisfy(e -> assertThat(SecretSearch.withoutHashes(e)).doesNotContain(PIN).doesNotContain("582946").doesNotContain("703916"));
        assertThat(w.sdk.audit().verify().intact()).isTrue();
    }

    @Test
    @DisplayName("authorizing a payment or business data is audited with the authorization, and what was authorized")
    void authorizations() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        Transaction t = new Transaction("ref-1", Scenario.TRANSFER, Money.cny("12.30"), new Party("付款方", "6222000000000001", "厦门银行"),
                Optional.of(new Party("收款方", "6222000000000002", "工商银行")), List.of(), "mobile", "转账 12.30 元");
        Authorization.Allowed a = (Authorization.Allowed) w.sdk.transactions().authorize(d.number(), t, Authenticator.SHIELD);
        assertThat(last("transaction.authorized").details()).containsAllEntriesOf(Map.of("authorization", a.id().value(),
                "scenario", "transfer", "amount", "12.30 CNY"));
        BusinessData data = new BusinessData("报关系统", "decl-1", "报关单 decl-1", "payload".getBytes(StandardCharsets.UTF_8));
        Authorization.Allowed b = (Authorization.Allowed) w.sdk.transactions().authorizeData(d.number(), data);
        assertThat(last("data.authorized").details()).containsAllEntriesOf(Map.of("authorization", b.id().value(),
                "app", "报关系统", "reference", "decl-1"));
        assertThat(last("data.authorized").subject()).isEqualTo(d.number().value());
    }

    /** A P-256 key as a phone's secure module makes it for the fingerprint. */
    private static KeyPair p256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sign(KeyPair keys, byte[] data) {
        try {
            Signature sig = Signature.getInstance("SHA256withECDSA");
            sig.initSign(keys.getPrivate());
            sig.update(data);
            return sig.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
