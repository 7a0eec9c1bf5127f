package io.mshield.core.seal;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.fixtures.SecretSearch;
import io.mshield.core.fixtures.World;
import io.mshield.core.internal.shield.ShieldRepository;
import io.mshield.core.seal.SealBank.UsbCert;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.identity.IdDocumentType;
import io.mshield.identity.PersonName;
import io.mshield.identity.PhoneNumber;
import io.mshield.pin.LockoutAction;
import io.mshield.pin.PinCheck;
import io.mshield.seal.Seal;
import io.mshield.seal.SealHolder;
import io.mshield.seal.SealMedium;
import io.mshield.seal.SealOperation;
import io.mshield.seal.SealResult;
import io.mshield.seal.SealType;
import io.mshield.shield.ShieldDetails;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.fixtures.World.BOSS;
import static io.mshield.core.fixtures.World.ENTERPRISE;
import static io.mshield.core.fixtures.World.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R8 on the real crypto: USB keys certified by the CA the bank trusts ({@link SealBank}), seal PINs
 * as PIN blocks to the bank's PIN key in sdk-crypto's key storage.
 */
class SealTest {
    private static final SealHolder HOLDER = new SealHolder(PersonName.of("李四"), IdDocumentType.MAINLAND_RESIDENT_ID, OPERATOR,
            PhoneNumber.of("13900000002"));
    private static final String SEAL_PIN = "258036";
    private static final Actor BOSS_ACTOR = World.legalRep(World.ENTERPRISE);
    private static final FaceVerifier.FaceCapture FACE = new FaceVerifier.FaceCapture(new byte[]{7, 7, 7});

    private final SealBank bank = new SealBank();
    private final World w = bank.w;
    private final Actor ca = bank.ca;
    private final Seal official = bank.register(ENTERPRISE, SealType.OFFICIAL, "厦门测试有限公司", SEAL_PIN);
    private final Seal finance = bank.register(ENTERPRISE, SealType.FINANCE, "厦门测试有限公司财务专用章", SEAL_PIN);

    private UsbCert usbCert(String cn) {
        return bank.trusted.issue(cn, bank.clock.instant());
    }

    private PinCheck sealPin(SealOperation op, String digits) {
        return w.sdk.seals().verifyPin(BOSS_ACTOR, op.id(), bank.pinBlock(w.sdk.seals().pinChallenge(BOSS_ACTOR, op.id()), digits));
    }

    private SealResult passChecksAndComplete(SealOperation op, UsbCert cert) {
        assertThat(sealPin(op, SEAL_PIN)).isEqualTo(new PinCheck.Accepted());
        w.sdk.seals().verifyLegalRepresentative(BOSS_ACTOR, op.id(), FACE);
        return w.sdk.seals().complete(BOSS_ACTOR, op.id(), cert.sign(op.statement()));
    }

    private SealResult bindUsb(Seal seal, String usbId, UsbCert cert, boolean confirmMove) {
        SealOperation op = w.sdk.seals().startBinding(BOSS_ACTOR, ENTERPRISE, seal.id(), new SealMedium.UsbKey(usbId), cert.der(),
                HOLDER, confirmMove);
        return passChecksAndComplete(op, cert);
    }

    private long auditCount() {
        return w.sdk.audit().read(1, 1000).size();
    }

    @Test
    @DisplayName("R8.1 a bound seal stamps only with the bound certificate: certList holds it, any other certificate is refused")
    void bindsToOneMedium() {
        UsbCert cert = usbCert("ukey-1");
        assertThat(official.bound()).isFalse();
        refused(ErrorCode.SEAL_BINDING_CONFLICT, () -> w.sdk.seals().checkStamp(official.id(), cert.der()));
        bindUsb(official, "UK0001", cert, false);
        Seal bound = w.sdk.seals().checkStamp(official.id(), cert.der());
        assertThat(bound.bound()).isTrue();
        assertThat(bound.medium()).contains(new SealMedium.UsbKey("UK0001"));
        assertThat(bound.certList()).singleElement().isEqualTo(cert.der());
        refused(ErrorCode.SEAL_BINDING_CONFLICT, () -> w.sdk.seals().checkStamp(official.id(), usbCert("ukey-other").der()));
    }

    @Test
    @DisplayName("R8.2 the chosen certificate is bound; a medium bound to another seal is refused; a seal moves only when confirmed")
    void mediumRules() {
        UsbCert first = usbCert("ukey-1 cert A");
        UsbCert second = usbCert("ukey-1 cert B");
        // The key holds two certificates; the user chose the second.
        bindUsb(official, "UK0001", second, false);
        assertThat(w.sdk.seals().seal(official.id()).certList()).singleElement().isEqualTo(second.der());
        refused(ErrorCode.SEAL_BINDING_CONFLICT, () -> w.sdk.seals().checkStamp(official.id(), first.der()));

        long audit = auditCount();
        refused(ErrorCode.SEAL_BINDING_CONFLICT, () -> w.sdk.seals().startBinding(BOSS_ACTOR, ENTERPRISE, finance.id(),
                new SealMedium.UsbKey("UK0001"), first.der(), HOLDER, true));
        UsbCert other = usbCert("ukey-2");
        refused(ErrorCode.SEAL_BINDING_CONFLICT, () -> w.sdk.seals().startBinding(BOSS_ACTOR, ENTERPRISE, official.id(),
                new SealMedium.UsbKey("UK0002"), other.der(), HOLDER, false));
        assertThat(auditCount()).isEqualTo(audit);

        SealResult moved = bindUsb(official, "UK0002", other, true);
        assertThat(moved.medium()).isEqualTo(new SealMedium.UsbKey("UK0002"));
        refused(ErrorCode.SEAL_BINDING_CONFLICT, () -> w.sdk.seals().checkStamp(official.id(), second.der()));
        // The first key is free again and can take the finance seal.
        bindUsb(finance, "UK0001", first, false);
        assertThat(w.sdk.seals().seal(finance.id()).medium()).contains(new SealMedium.UsbKey("UK0001"));
    }

    @Test
    @DisplayName("R8.3 R8.4 the holder is recorded (masked in text); the enterprise's seals are listed and one is bound at a time")
    void holderAndChoice() {
        assertThat(w.sdk.seals().seals(ENTERPRISE)).extracting(Seal::type).containsExactlyInAnyOrder(SealType.OFFICIAL, SealType.FINANCE);
        bindUsb(finance, "UK0009", usbCert("ukey-9"), false);
        Seal bound = w.sdk.seals().seal(finance.id());
        assertThat(bound.holder()).contains(HOLDER);
        assertThat(bound.toString()).doesNotContain(OPERATOR.value()).doesNotContain("13900000002");
        assertThat(w.sdk.seals().seal(official.id()).bound()).isFalse();
        assertThat(w.sdk.audit().read(1, 1000).toString()).doesNotContain(OPERATOR.value());
        assertThat(SecretSearch.withoutHashes(w.sdk.audit().read(1, 1000))).doesNotContain(SEAL_PIN);
    }

    @Test
    @DisplayName("R8.5 wrong seal PINs show the attempts left; the 5th locks until the CA resets it")
    void pinLock() {
        UsbCert cert = usbCert("ukey-1");
        SealOperation op = w.sdk.seals().startBinding(BOSS_ACTOR, ENTERPRISE, official.id(), new SealMedium.UsbKey("UK0001"),
                cert.der(), HOLDER, false);
        for (int left = 4; left >= 1; left--) {
            assertThat(sealPin(op, "111111")).isEqualTo(new PinCheck.Rejected(left));
        }
        assertThat(sealPin(op, "111111")).isEqualTo(PinCheck.Locked.indefinitely(LockoutAction.LOCK_CONTACT_CA));
        assertThat(sealPin(op, SEAL_PIN)).as("even the right PIN, once locked").isInstanceOf(PinCheck.Locked.class);
        assertThat(w.sdk.seals().seal(official.id()).pinLocked()).isTrue();
        refused(ErrorCode.PIN_LOCKED, () -> w.sdk.seals().startBinding(BOSS_ACTOR, ENTERPRISE, official.id(),
                new SealMedium.UsbKey("UK0001"), cert.der(), HOLDER, false));
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.seals().resetPin(BOSS_ACTOR, official.id(),
                bank.pinBlock(w.sdk.seals().resetChallenge(ca, official.id()), "369258")));
        w.sdk.seals().resetPin(ca, official.id(), bank.pinBlock(w.sdk.seals().resetChallenge(ca, official.id()), "369258"));
        assertThat(w.sdk.seals().seal(official.id()).pinLocked()).isFalse();
        SealOperation again = w.sdk.seals().startBinding(BOSS_ACTOR, ENTERPRISE, official.id(), new SealMedium.UsbKey("UK0001"),
                cert.der(), HOLDER, false);
        assertThat(sealPin(again, "369258")).isEqualTo(new PinCheck.Accepted());
    }

    @Test
    @DisplayName("R8.6 the legal representative's face is required; a failed comparison may be retried")
    void faceRetry() {
        UsbCert cert = usbCert("ukey-1");
        SealOperation op = w.sdk.seals().startBinding(BOSS_ACTOR, ENTERPRISE, official.id(), new SealMedium.UsbKey("UK0001"),
                cert.der(), HOLDER, false);
        assertThat(sealPin(op, SEAL_PIN)).isEqualTo(new PinCheck.Accepted());
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.seals().complete(BOSS_ACTOR, op.id(), cert.sign(op.statement())));
        w.faceScore = 0.2;
        ShieldException e = org.assertj.core.api.Assertions.catchThrowableOfType(ShieldException.class,
                () -> w.sdk.seals().verifyLegalRepresentative(BOSS_ACTOR, op.id(), FACE));
        assertThat(e.code()).isEqualTo(ErrorCode.FACE_MISMATCH);
        assertThat(e.attemptsLeft()).isPresent();
        assertThat(w.sdk.seals().seal(official.id()).bound()).isFalse();
        w.faceScore = 0.95;
        assertThat(w.sdk.seals().verifyLegalRepresentative(BOSS_ACTOR, op.id(), FACE).faceVerified()).isTrue();
        refused(ErrorCode.SIGNATURE_INVALID, () -> w.sdk.seals().complete(BOSS_ACTOR, op.id(), usbCert("impostor").sign(op.statement())));
        assertThat(w.sdk.seals().seal(official.id()).bound()).isFalse();
        w.sdk.seals().complete(BOSS_ACTOR, op.id(), cert.sign(op.statement()));
        assertThat(w.sdk.seals().seal(official.id()).bound()).isTrue();
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.seals().complete(BOSS_ACTOR, op.id(), cert.sign(op.statement())));
    }

    @Test
    @DisplayName("R8.7 the result shows the enterprise name, credit code, legal representative, seal type and time")
    void result() {
        SealResult r = bindUsb(official, "UK0001", usbCert("ukey-1"), false);
        assertThat(r.kind()).isEqualTo(SealOperation.Kind.BIND);
        assertThat(r.enterpriseName()).isEqualTo("厦门测试有限公司");
        assertThat(r.creditCode()).isEqualTo(World.CREDIT_CODE);
        assertThat(r.legalRepresentative()).isEqualTo(PersonName.of("张三"));
        assertThat(r.sealType()).isEqualTo(SealType.OFFICIAL);
        assertThat(r.sealType().chinese()).isEqualTo("公章");
        assertThat(r.at()).isEqualTo(bank.clock.instant());
    }

    @Test
    @DisplayName("R8.8 unbinding takes the same checks; the seal is unbound, bound again, or claimed on a mobile shield")
    void unbindAndClaimOnShield() {
        UsbCert cert = usbCert("ukey-1");
        bindUsb(official, "UK0001", cert, false);
        refused(ErrorCode.SEAL_BINDING_CONFLICT, () -> w.sdk.seals().startUnbinding(BOSS_ACTOR, ENTERPRISE, official.id(),
                new SealMedium.UsbKey("UK0001"), usbCert("not-bound").der()));
        SealOperation un = w.sdk.seals().startUnbinding(BOSS_ACTOR, ENTERPRISE, official.id(), new SealMedium.UsbKey("UK0001"), cert.der());
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.seals().complete(BOSS_ACTOR, un.id(), cert.sign(un.statement())));
        SealResult r = passChecksAndComplete(un, cert);
        assertThat(r.kind()).isEqualTo(SealOperation.Kind.UNBIND);
        assertThat(w.sdk.seals().seal(official.id()).bound()).isFalse();
        refused(ErrorCode.SEAL_BINDING_CONFLICT, () -> w.sdk.seals().checkStamp(official.id(), cert.der()));

        // Claimed on the legal representative's mobile shield, with the shield's certificate.
        ShieldDetails shield = bank.open(BOSS, "dev-1", "acct-boss", "135790");
        byte[] shieldCert = w.persistence.inTransaction(s -> Base64.getDecoder().decode(
                new String(s.get(ShieldRepository.COLLECTION, shield.number().value()).orElseThrow().body(), StandardCharsets.UTF_8)
                        .replaceAll("(?s).*\"certDer\":\"([^\"]+)\".*", "$1")));
        refused(ErrorCode.CERTIFICATE_INVALID, () -> w.sdk.seals().startBinding(BOSS_ACTOR, ENTERPRISE, official.id(),
                new SealMedium.MobileShield(shield.number()), cert.der(), HOLDER, false));
        SealOperation op = w.sdk.seals().startBinding(BOSS_ACTOR, ENTERPRISE, official.id(), new SealMedium.MobileShield(shield.number()),
                shieldCert, HOLDER, false);
        assertThat(sealPin(op, SEAL_PIN)).isEqualTo(new PinCheck.Accepted());
        w.sdk.seals().verifyLegalRepresentative(BOSS_ACTOR, op.id(), FACE);
        w.sdk.seals().complete(BOSS_ACTOR, op.id(), SealBank.sign(bank.shieldKey(shield), op.statement()));
        assertThat(w.sdk.seals().checkStamp(official.id(), shieldCert).medium()).contains(new SealMedium.MobileShield(shield.number()));
        assertThat(List.of(SealType.values())).hasSize(6);
    }
}
