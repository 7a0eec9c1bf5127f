package io.mshield.core.seal;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.fixtures.World;
import io.mshield.core.seal.SealBank.UsbCert;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.identity.IdDocumentType;
import io.mshield.identity.PersonName;
import io.mshield.identity.PhoneNumber;
import io.mshield.pin.LockoutAction;
import io.mshield.pin.Pin;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinProof;
import io.mshield.seal.Seal;
import io.mshield.seal.SealHolder;
import io.mshield.seal.SealMedium;
import io.mshield.seal.SealOperation;
import io.mshield.seal.SealPolicy;
import io.mshield.seal.SealService;
import io.mshield.seal.SealType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.fixtures.World.ENTERPRISE;
import static io.mshield.core.fixtures.World.ENTERPRISE2;
import static io.mshield.core.fixtures.World.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * R8.5 on the real crypto: seal PINs only as PIN blocks encrypted to the bank's PIN key, each
 * answering a one-time challenge bound to one seal and one operation; the lockout from
 * {@link SealPolicy} (seed 003: 5); who may reset; and no seal PIN in a log, message,
 * {@code toString()} or the audit log.
 */
class SealPinTest {
    private static final SealHolder HOLDER = new SealHolder(PersonName.of("李四"), IdDocumentType.MAINLAND_RESIDENT_ID, OPERATOR,
            PhoneNumber.of("13900000002"));
    private static final String SEAL_PIN = "258036";
    private static final String OTHER_PIN = "370914";
    private static final String WRONG = "816243";
    private static final Actor BOSS_ACTOR = World.legalRep(ENTERPRISE);

    private final SealBank bank = new SealBank();
    private final World w = bank.w;
    private final SealService seals = w.sdk.seals();
    private final Seal official = bank.register(ENTERPRISE, SealType.OFFICIAL, "厦门测试有限公司", SEAL_PIN);
    private final Seal finance = bank.register(ENTERPRISE, SealType.FINANCE, "厦门测试有限公司财务专用章", OTHER_PIN);

    private SealOperation start(Seal seal, String usbId) {
        UsbCert cert = bank.trusted.issue(usbId, bank.clock.instant());
        return seals.startBinding(BOSS_ACTOR, ENTERPRISE, seal.id(), new SealMedium.UsbKey(usbId), cert.der(), HOLDER, false);
    }

    private PinProof.EncryptedPin block(SealOperation op, String digits) {
        return bank.pinBlock(seals.pinChallenge(BOSS_ACTOR, op.id()), digits);
    }

    private long audit(String action) {
        return w.sdk.audit().read(1, 1000).stream().filter(e -> e.action().equals(action)).count();
    }

    @Test
    @DisplayName("R8.5 no SealService method takes a PIN in clear: every seal PIN is a PIN block")
    void noClearPinInTheApi() {
        for (Method m : SealService.class.getMethods()) {
            assertThat(Arrays.asList(m.getParameterTypes())).as(m.getName()).doesNotContain(Pin.class, char[].class, String[].class);
        }
        assertThat(Arrays.stream(SealService.class.getMethods()).filter(m -> Arrays.asList(m.getParameterTypes())
                .contains(PinProof.EncryptedPin.class)).map(Method::getName)).containsExactlyInAnyOrder("register", "verifyPin", "resetPin");
    }

    @Test
    @DisplayName("R8.5 a replayed PIN block is refused with PIN_BLOCK_INVALID and not counted, even the right PIN's")
    void replayedBlock() {
        SealOperation op = start(official, "UK0001");
        PinProof.EncryptedPin wrong = block(op, WRONG);
        assertThat(seals.verifyPin(BOSS_ACTOR, op.id(), wrong)).isEqualTo(new PinCheck.Rejected(4));
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> seals.verifyPin(BOSS_ACTOR, op.id(), wrong));
        assertThat(seals.verifyPin(BOSS_ACTOR, op.id(), block(op, WRONG))).as("the replay was not counted").isEqualTo(new PinCheck.Rejected(3));
        PinProof.EncryptedPin right = block(op, SEAL_PIN);
        assertThat(seals.verifyPin(BOSS_ACTOR, op.id(), right)).isEqualTo(new PinCheck.Accepted());
        SealOperation again = start(finance, "UK0002");
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> seals.verifyPin(BOSS_ACTOR, op.id(), right));
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> seals.verifyPin(BOSS_ACTOR, again.id(), right));
    }

    @Test
    @DisplayName("R8.5 a PIN block made for another seal's operation is refused with PIN_BLOCK_INVALID, uncounted, and stays unusable there")
    void crossSealBlock() {
        SealOperation forOfficial = start(official, "UK0001");
        SealOperation forFinance = start(finance, "UK0002");
        // the official seal's PIN, answering the finance operation's challenge, offered to the official seal's operation
        PinProof.EncryptedPin crossed = block(forFinance, SEAL_PIN);
        long rejected = audit("seal.pin_rejected");
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> seals.verifyPin(BOSS_ACTOR, forOfficial.id(), crossed));
        assertThat(audit("seal.pin_rejected")).isEqualTo(rejected);
        assertThat(seals.verifyPin(BOSS_ACTOR, forOfficial.id(), block(forOfficial, WRONG))).isEqualTo(new PinCheck.Rejected(4));
        // an operation's block cannot reset a PIN, and a reset block of one seal cannot reset another
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> seals.resetPin(bank.ca, official.id(), block(forOfficial, OTHER_PIN)));
        PinProof.EncryptedPin resetOfFinance = bank.pinBlock(seals.resetChallenge(bank.ca, finance.id()), WRONG);
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> seals.resetPin(bank.ca, official.id(), resetOfFinance));
        // a registration block for one enterprise cannot register a seal of another
        PinProof.EncryptedPin forEnt1 = bank.pinBlock(seals.registrationChallenge(bank.ca, ENTERPRISE), WRONG);
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> seals.register(bank.ca, ENTERPRISE2, SealType.OFFICIAL, "上海测试有限公司", forEnt1));
        assertThat(seals.seals(ENTERPRISE2)).isEmpty();
        assertThat(seals.verifyPin(BOSS_ACTOR, forOfficial.id(), block(forOfficial, SEAL_PIN))).isEqualTo(new PinCheck.Accepted());
        assertThat(seals.verifyPin(BOSS_ACTOR, forFinance.id(), block(forFinance, OTHER_PIN))).isEqualTo(new PinCheck.Accepted());
    }

    @Test
    @DisplayName("R8.5 a block encrypted to another key than the bank's PIN key is refused with PIN_BLOCK_INVALID")
    void blockToAnotherKey() {
        SealOperation op = start(official, "UK0001");
        SealBank other = new SealBank();
        var challenge = seals.pinChallenge(BOSS_ACTOR, op.id());
        var foreignKey = other.w.sdk.seals().registrationChallenge(other.ca, ENTERPRISE).pinKey();
        PinProof.EncryptedPin misdirected = other.pinBlock(new io.mshield.pin.PinChallenge(challenge.id(), challenge.nonce(),
                challenge.expiresAt(), foreignKey), SEAL_PIN);
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> seals.verifyPin(BOSS_ACTOR, op.id(), misdirected));
    }

    @Test
    @DisplayName("R8.5 the lockout comes from SealPolicy: seed 003's 5 by default, 3 when the bank sets 3; the policy refuses 0 and 101")
    void lockoutFromThePolicy() {
        assertThat(SealPolicy.defaults()).isEqualTo(SealPolicy.seed003());
        assertThat(SealPolicy.seed003().maxAttempts()).isEqualTo(5);
        assertThat(SealPolicy.seed003().lockoutAction()).isEqualTo(LockoutAction.LOCK_CONTACT_CA);
        for (int bad : new int[]{0, 101}) {
            assertThatThrownBy(() -> new SealPolicy(bad)).isInstanceOfSatisfying(ShieldException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_POLICY));
        }
        SealBank three = new SealBank(b -> b.sealPolicy(new SealPolicy(3)));
        Seal seal = three.register(ENTERPRISE, SealType.OFFICIAL, "厦门测试有限公司", SEAL_PIN);
        UsbCert cert = three.trusted.issue("UK0003", three.clock.instant());
        SealOperation op = three.w.sdk.seals().startBinding(BOSS_ACTOR, ENTERPRISE, seal.id(), new SealMedium.UsbKey("UK0003"), cert.der(),
                HOLDER, false);
        SealService s3 = three.w.sdk.seals();
        assertThat(s3.verifyPin(BOSS_ACTOR, op.id(), three.pinBlock(s3.pinChallenge(BOSS_ACTOR, op.id()), WRONG))).isEqualTo(new PinCheck.Rejected(2));
        assertThat(s3.verifyPin(BOSS_ACTOR, op.id(), three.pinBlock(s3.pinChallenge(BOSS_ACTOR, op.id()), WRONG))).isEqualTo(new PinCheck.Rejected(1));
        assertThat(s3.verifyPin(BOSS_ACTOR, op.id(), three.pinBlock(s3.pinChallenge(BOSS_ACTOR, op.id()), WRONG)))
                .isEqualTo(PinCheck.Locked.indefinitely(LockoutAction.LOCK_CONTACT_CA));
        assertThat(s3.verifyPin(BOSS_ACTOR, op.id(), three.pinBlock(s3.pinChallenge(BOSS_ACTOR, op.id()), SEAL_PIN)))
                .as("the right PIN once locked").isInstanceOf(PinCheck.Locked.class);
        assertThat(s3.seal(seal.id()).pinLocked()).isTrue();
    }

    @Test
    @DisplayName("R8.5 seed 003: only the CA (bank staff, the bank's system) resets a locked seal PIN, to a NEW PIN; the old one stops working")
    void whoMayReset() {
        SealOperation op = start(official, "UK0001");
        for (int i = 0; i < 5; i++) {
            seals.verifyPin(BOSS_ACTOR, op.id(), block(op, WRONG));
        }
        assertThat(seals.seal(official.id()).pinLocked()).isTrue();
        long resets = audit("seal.pin_reset");
        for (Actor notTheCa : List.of(BOSS_ACTOR, World.superAdmin(ENTERPRISE), Actor.holder("acct-boss"),
                Actor.recorded(Actor.Role.BANK_STAFF, "ca-operator"))) {
            refused(ErrorCode.FORBIDDEN, () -> seals.resetChallenge(notTheCa, official.id()));
            PinProof.EncryptedPin b = bank.pinBlock(seals.resetChallenge(bank.ca, official.id()), OTHER_PIN);
            refused(ErrorCode.FORBIDDEN, () -> seals.resetPin(notTheCa, official.id(), b));
        }
        assertThat(audit("seal.pin_reset")).isEqualTo(resets);
        assertThat(seals.seal(official.id()).pinLocked()).isTrue();
        Actor system = Actor.system("ca-system");
        seals.resetPin(system, official.id(), bank.pinBlock(seals.resetChallenge(system, official.id()), OTHER_PIN));
        assertThat(seals.seal(official.id()).pinLocked()).isFalse();
        SealOperation again = start(official, "UK0001");
        assertThat(seals.verifyPin(BOSS_ACTOR, again.id(), block(again, SEAL_PIN))).as("the old PIN").isEqualTo(new PinCheck.Rejected(4));
        assertThat(seals.verifyPin(BOSS_ACTOR, again.id(), block(again, OTHER_PIN))).isEqualTo(new PinCheck.Accepted());
    }

    @Test
    @DisplayName("R8.5 no seal PIN appears in any log line at any level, in exception messages, toString() or the audit log")
    void noSealPinAnywhere() {
        assertThat(LoggerFactory.getLogger("io.mshield.probe").isTraceEnabled()).as("the test runs with TRACE on").isTrue();
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> texts = new ArrayList<>();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Seal seal = bank.register(ENTERPRISE, SealType.CONTRACT, "厦门测试有限公司合同专用章", SEAL_PIN);
            texts.add(seal.toString());
            UsbCert cert = bank.trusted.issue("UK0005", bank.clock.instant());
            SealOperation op = seals.startBinding(BOSS_ACTOR, ENTERPRISE, seal.id(), new SealMedium.UsbKey("UK0005"), cert.der(), HOLDER, false);
            texts.add(op.toString());
            PinProof.EncryptedPin wrong = block(op, WRONG);
            texts.add(wrong.toString());
            texts.add(seals.verifyPin(BOSS_ACTOR, op.id(), wrong).toString());
            texts.add(message(() -> seals.verifyPin(BOSS_ACTOR, op.id(), wrong)));
            texts.add(message(() -> seals.verifyPin(World.legalRep(ENTERPRISE2), op.id(), block(op, SEAL_PIN))));
            texts.add(seals.verifyPin(BOSS_ACTOR, op.id(), block(op, SEAL_PIN)).toString());
            texts.add(seals.verifyLegalRepresentative(BOSS_ACTOR, op.id(), new FaceVerifier.FaceCapture(new byte[]{7})).toString());
            texts.add(seals.complete(BOSS_ACTOR, op.id(), cert.sign(op.statement())).toString());
            texts.add(message(() -> seals.resetPin(bank.ca, seal.id(), block(op, OTHER_PIN))));
            seals.resetPin(bank.ca, seal.id(), bank.pinBlock(seals.resetChallenge(bank.ca, seal.id()), OTHER_PIN));
            texts.add(seals.seal(seal.id()).toString());
        } finally {
            System.setErr(original);
        }
        String log = neutral(captured.toString(StandardCharsets.UTF_8));
        List<String> audit = w.sdk.audit().read(1, 1000).stream().map(e -> neutral(e.toString())).toList();
        assertThat(audit).anyMatch(a -> a.contains("seal.pin_reset")).anyMatch(a -> a.contains("seal.pin_rejected"));
        for (String secret : List.of(SEAL_PIN, OTHER_PIN, WRONG)) {
            assertThat(log).as("log").doesNotContain(secret);
            assertThat(texts).as("messages and toString()").noneMatch(t -> neutral(t).contains(secret));
            assertThat(audit).as("audit").noneMatch(a -> a.contains(secret));
        }
    }

    private static String message(Runnable r) {
        try {
            r.run();
            return "";
        } catch (ShieldException e) {
            StringBuilder sb = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                sb.append(t).append('\n');
            }
            return sb.toString();
        }
    }

    /** Blanks what may hold six digits by chance and is no secret: hex ids and hashes, times, masked numbers. */
    private static String neutral(String text) {
        return text.replaceAll("MS\\d{11}", "MS#").replaceAll("[0-9a-f]{16,}", "#")
                .replaceAll("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z", "T#").replaceAll("\\d{3}\\*+\\d{4}", "M#")
                .replaceAll("face-[-0-9]+", "F#").replaceAll("\\[main\\]|\\[pool-[^\\]]*\\]", "")
                .replaceAll("\\b\\d{1,5}\\b ms", "");
    }
}
