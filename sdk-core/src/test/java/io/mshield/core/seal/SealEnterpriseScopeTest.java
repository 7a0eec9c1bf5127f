package io.mshield.core.seal;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.core.fixtures.World;
import io.mshield.core.seal.SealBank.UsbCert;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.identity.IdDocumentType;
import io.mshield.identity.PersonName;
import io.mshield.identity.PhoneNumber;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinProof;
import io.mshield.seal.Seal;
import io.mshield.seal.SealHolder;
import io.mshield.seal.SealMedium;
import io.mshield.seal.SealOperation;
import io.mshield.seal.SealService;
import io.mshield.seal.SealType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.fixtures.World.BOSS2;
import static io.mshield.core.fixtures.World.ENTERPRISE;
import static io.mshield.core.fixtures.World.ENTERPRISE2;
import static io.mshield.core.fixtures.World.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seal actions are scoped to the seal's enterprise (issue WHO-ACTS): an actor of another
 * enterprise — its legal representative or super administrator, as that enterprise's filing names
 * them — is refused every seal action with FORBIDDEN, and nothing changes: the audit count, the
 * seal, its PIN counter and the operation stay as they were.
 */
class SealEnterpriseScopeTest {
    private static final SealHolder HOLDER = new SealHolder(PersonName.of("李四"), IdDocumentType.MAINLAND_RESIDENT_ID, OPERATOR,
            PhoneNumber.of("13900000002"));
    private static final String SEAL_PIN = "258036";
    private static final Actor BOSS_ACTOR = World.legalRep(ENTERPRISE);
    /** Actors of another enterprise, each valid for its own; and one claiming enterprise 1 whom its filing does not name. */
    private static final List<Actor> OUTSIDERS = List.of(World.legalRep(ENTERPRISE2), World.superAdmin(ENTERPRISE2),
            Actor.legalRepresentative("boss2-as-ent-1", ENTERPRISE, BOSS2), Actor.holder("acct-boss"));

    private final SealBank bank = new SealBank();
    private final World w = bank.w;
    private final SealService seals = w.sdk.seals();
    private final Seal official = bank.register(ENTERPRISE, SealType.OFFICIAL, "厦门测试有限公司", SEAL_PIN);
    private final Seal finance = bank.register(ENTERPRISE, SealType.FINANCE, "厦门测试有限公司财务专用章", SEAL_PIN);
    private final UsbCert cert = bank.trusted.issue("UK0001", bank.clock.instant());
    private final SealMedium.UsbKey key = new SealMedium.UsbKey("UK0001");

    private record Snapshot(long audit, boolean bound, Object medium, boolean pinLocked, int certs) {
    }

    private Snapshot snapshot(Seal seal) {
        Seal s = seals.seal(seal.id());
        return new Snapshot(w.sdk.audit().read(1, 1000).size(), s.bound(), s.medium(), s.pinLocked(), s.certList().size());
    }

    private void forbiddenAndUnchanged(Seal seal, Executable action) {
        Snapshot before = snapshot(seal);
        refused(ErrorCode.FORBIDDEN, action);
        assertThat(snapshot(seal)).isEqualTo(before);
    }

    @Test
    @DisplayName("WHO-ACTS an actor of another enterprise cannot start binding or unbinding this enterprise's seal: FORBIDDEN, nothing changes")
    void anotherEnterpriseCannotStart() {
        for (Actor outsider : OUTSIDERS) {
            forbiddenAndUnchanged(official, () -> seals.startBinding(outsider, ENTERPRISE, official.id(), key, cert.der(), HOLDER, false));
            forbiddenAndUnchanged(official, () -> seals.startBinding(outsider, ENTERPRISE2, official.id(), key, cert.der(), HOLDER, true));
        }
        SealOperation op = seals.startBinding(BOSS_ACTOR, ENTERPRISE, official.id(), key, cert.der(), HOLDER, false);
        seals.verifyPin(BOSS_ACTOR, op.id(), bank.pinBlock(op.pinChallenge(), SEAL_PIN));
        seals.verifyLegalRepresentative(BOSS_ACTOR, op.id(), new FaceVerifier.FaceCapture(new byte[]{7}));
        seals.complete(BOSS_ACTOR, op.id(), cert.sign(op.statement()));
        for (Actor outsider : OUTSIDERS) {
            forbiddenAndUnchanged(official, () -> seals.startUnbinding(outsider, ENTERPRISE, official.id(), key, cert.der()));
            forbiddenAndUnchanged(official, () -> seals.startBinding(outsider, ENTERPRISE, official.id(),
                    new SealMedium.UsbKey("UK0002"), bank.trusted.issue("UK0002", bank.clock.instant()).der(), HOLDER, true));
        }
        assertThat(seals.checkStamp(official.id(), cert.der()).medium()).contains(key);
    }

    @Test
    @DisplayName("WHO-ACTS an actor of another enterprise cannot take any step of this enterprise's operation: FORBIDDEN, nothing counted or recorded")
    void anotherEnterpriseCannotTakeAStep() {
        SealOperation op = seals.startBinding(BOSS_ACTOR, ENTERPRISE, official.id(), key, cert.der(), HOLDER, false);
        PinProof.EncryptedPin wrong = bank.pinBlock(seals.pinChallenge(BOSS_ACTOR, op.id()), "816243");
        PinProof.EncryptedPin right = bank.pinBlock(seals.pinChallenge(BOSS_ACTOR, op.id()), SEAL_PIN);
        for (Actor outsider : OUTSIDERS) {
            forbiddenAndUnchanged(official, () -> seals.pinChallenge(outsider, op.id()));
            forbiddenAndUnchanged(official, () -> seals.verifyPin(outsider, op.id(), wrong));
            forbiddenAndUnchanged(official, () -> seals.verifyPin(outsider, op.id(), right));
            forbiddenAndUnchanged(official, () -> seals.verifyLegalRepresentative(outsider, op.id(), new FaceVerifier.FaceCapture(new byte[]{7})));
            forbiddenAndUnchanged(official, () -> seals.complete(outsider, op.id(), cert.sign(op.statement())));
        }
        // the refused attempts consumed nothing: the blocks still answer their challenges, the first wrong PIN leaves 4
        assertThat(seals.verifyPin(BOSS_ACTOR, op.id(), wrong)).isEqualTo(new PinCheck.Rejected(4));
        assertThat(seals.verifyPin(BOSS_ACTOR, op.id(), right)).isEqualTo(new PinCheck.Accepted());
        refused(ErrorCode.ILLEGAL_STATE, () -> seals.complete(BOSS_ACTOR, op.id(), cert.sign(op.statement())));
        assertThat(seals.verifyLegalRepresentative(BOSS_ACTOR, op.id(), new FaceVerifier.FaceCapture(new byte[]{7})).faceVerified()).isTrue();
        for (Actor outsider : OUTSIDERS) {
            forbiddenAndUnchanged(official, () -> seals.complete(outsider, op.id(), cert.sign(op.statement())));
        }
        seals.complete(BOSS_ACTOR, op.id(), cert.sign(op.statement()));
        assertThat(seals.seal(official.id()).bound()).isTrue();
    }

    @Test
    @DisplayName("WHO-ACTS an actor of another enterprise cannot register this enterprise's seals or reset their PINs: FORBIDDEN, nothing changes")
    void anotherEnterpriseCannotRegisterOrReset() {
        for (Actor outsider : OUTSIDERS) {
            forbiddenAndUnchanged(finance, () -> seals.registrationChallenge(outsider, ENTERPRISE));
            PinProof.EncryptedPin reg = bank.pinBlock(seals.registrationChallenge(bank.ca, ENTERPRISE), SEAL_PIN);
            forbiddenAndUnchanged(finance, () -> seals.register(outsider, ENTERPRISE, SealType.CONTRACT, "合同专用章", reg));
            forbiddenAndUnchanged(finance, () -> seals.resetChallenge(outsider, finance.id()));
            PinProof.EncryptedPin reset = bank.pinBlock(seals.resetChallenge(bank.ca, finance.id()), "370914");
            forbiddenAndUnchanged(finance, () -> seals.resetPin(outsider, finance.id(), reset));
        }
        assertThat(seals.seals(ENTERPRISE)).hasSize(2);
    }
}
