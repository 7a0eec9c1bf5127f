package io.mshield.core.lifecycle;

import io.mshield.Actor;
import io.mshield.ShieldException;
import io.mshield.audit.AuditEntry;
import io.mshield.core.fixtures.World;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.KeyProposal;
import io.mshield.enrollment.OneTimeCode;
import io.mshield.pin.AuthMethod;
import io.mshield.shield.ShieldDetails;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.mshield.core.fixtures.World.BOSS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the flows that handle secrets with every log level on, captures the log, and proves that
 * no PIN, one-time code or key material reaches a log line, an exception message or the audit log.
 */
class SecretsNeverLoggedTest {
    private static final String PIN = "135790";
    private static final String NEW_PIN = "470258";
    private static final String WRONG = "246801";

    @Test
    @DisplayName("R5.4 no PIN, one-time code or key share appears in any log line at any level, in messages or in the audit log")
    void noSecretsAnywhere() {
        assertThat(LoggerFactory.getLogger("io.mshield.probe").isTraceEnabled()).as("the test runs with TRACE on").isTrue();
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> messages = new ArrayList<>();
        World w;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            w = new World();
            EnrollmentSession s = w.sdk.enrollment().start(w.application(BOSS, "dev-1", "acct-boss"));
            w.sdk.enrollment().acceptAgreement(s.id(), "v1");
            w.smsDown = true;
            catchMessage(messages, () -> w.sdk.enrollment().sendSmsCode(s.id()));
            w.smsDown = false;
            w.sdk.enrollment().sendSmsCode(s.id());
            String code = new String(w.lastCode(BOSS).digits());
            String wrongCode = code.equals("000000") ? "111111" : "000000";
            catchMessage(messages, () -> w.sdk.enrollment().verifySmsCode(s.id(), OneTimeCode.of(wrongCode)));
            w.sdk.enrollment().verifySmsCode(s.id(), OneTimeCode.of(code));
            w.sdk.enrollment().verifyFace(s.id(), new FaceVerifier.FaceCapture(new byte[]{7}));
            catchMessage(messages, () -> w.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN,
                    Optional.of(World.pinBlock(w.sdk.enrollment().pinChallenge(s.id()), "123456"))));
            w.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(World.pinBlock(w.sdk.enrollment().pinChallenge(s.id()), PIN)));
            w.sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey());
            ShieldDetails d = w.sdk.enrollment().complete(s.id(), World.csr(World.phoneKeyPair(), "张三"));
            Actor holder = Actor.holder("acct-boss");
            catchMessage(messages, () -> w.sdk.shields().changeAuthMethod(d.number(), holder, AuthMethod.FINGERPRINT, w.pin(d.number(), WRONG)));
            w.sdk.shields().changePin(d.number(), holder, w.pin(d.number(), PIN), Optional.of(w.pin(d.number(), NEW_PIN)));
            w.sdk.administration().reportLoss(d.number(), holder);
            w.sdk.administration().cancelLoss(d.number(), holder);
            for (int i = 0; i < 5; i++) {
                w.sdk.shields().checkPin(d.number(), w.pin(d.number(), WRONG));
            }
            catchMessage(messages, () -> w.sdk.shields().changeAuthMethod(d.number(), holder, AuthMethod.FINGERPRINT, w.pin(d.number(), NEW_PIN)));
            w.sdk.administration().voidShield(d.number(), World.staff("s1"));
            List<String> codes = w.allCodes();
            assertThat(codes).isNotEmpty();
            String raw = captured.toString(StandardCharsets.UTF_8);
            assertThat(raw).as("the flows did log").contains("shield " + d.number().value()).contains("one-time code sent");
            String log = neutral(raw);
            List<String> audit = w.sdk.audit().read(1, 1000).stream().map(e -> neutral(e.toString())).toList();
            List<String> secrets = new ArrayList<>(List.of(PIN, NEW_PIN, WRONG, "123456", wrongCode));
            secrets.addAll(codes);
            for (String secret : secrets) {
                assertThat(log).as("log").doesNotContain(secret);
                assertThat(messages).as("exception messages").noneMatch(m -> neutral(m).contains(secret));
                assertThat(audit).as("audit").noneMatch(a -> a.contains(secret));
            }
            assertThat(log).doesNotContain("BEGIN").doesNotContainIgnoringCase("private");
            String stored = new String(w.persistence.inTransaction(st -> st.get("shields", d.number().value()).orElseThrow().body()),
                    StandardCharsets.UTF_8);
            String pinMac = stored.replaceAll("(?s).*\"pinMac\":\"([0-9a-f]+)\".*", "$1");
            assertThat(pinMac).as("the keyed PIN hash is stored").matches("[0-9a-f]{64}");
            assertThat(raw).as("the keyed PIN hash never reaches the log").doesNotContain(pinMac);
            assertThat(w.sdk.audit().read(1, 1000)).as("nor the audit log").noneMatch(a -> a.toString().contains(pinMac));
            assertThat(w.sdk.shields().details(d.number()).toString()).as("nor the details").doesNotContain(pinMac);
            assertThat(messages).hasSize(5);
        } finally {
            System.setErr(original);
        }
    }

    /**
     * Blanks what may contain six digits by chance and is not a secret — shield numbers, hashes,
     * serials, times, masked numbers — so that a hit means a secret leaked.
     */
    private static String neutral(String text) {
        return text.replaceAll("MS\\d{11}", "MS#").replaceAll("[0-9a-f]{16,}", "#")
                .replaceAll("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z", "T#").replaceAll("\\d{3}\\*+\\d{4}", "M#")
                .replaceAll("face-[-0-9]+", "F#").replaceAll("\\[main\\]|\\[pool-[^\\]]*\\]", "")
                .replaceAll("\\b\\d{1,5}\\b ms", "");
    }

    private static void catchMessage(List<String> messages, Runnable r) {
        try {
            r.run();
        } catch (ShieldException e) {
            StringBuilder sb = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                sb.append(t).append('\n');
            }
            messages.add(sb.toString());
        }
    }
}
