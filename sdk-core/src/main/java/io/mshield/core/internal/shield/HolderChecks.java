package io.mshield.core.internal.shield;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.internal.Context;
import io.mshield.core.internal.Tx;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.OneTimeCode;
import io.mshield.enrollment.SmsSender;
import io.mshield.identity.PersonName;
import io.mshield.identity.PhoneNumber;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.persistence.Document;
import io.mshield.shield.HolderOperation;

import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The holder's identity checks for an operation on a live shield without (or besides) the PIN:
 * an SMS one-time code to the registered phone and a face comparison (self-revocation with a
 * forgotten PIN, R3.6; renewal, R3.4). Codes are stored as a keyed hash per shield and operation,
 * live for the OTP policy's time, and share the per-phone daily cap; wrong codes are counted;
 * face comparisons share the per-person daily limit of enrollment.
 */
public final class HolderChecks {
    /** The collection of pending checks. */
    public static final String CHECKS = "holder_checks";

    private final Context ctx;

    /**
     * Creates the checks.
     *
     * @param ctx the context
     */
    public HolderChecks(Context ctx) {
        this.ctx = ctx;
    }

    /** Stored state of one operation's checks. */
    public static final class CheckState {
        /** Keyed hash of the code, hex; null once used. */
        public String otpMac;
        /** When the code was sent. */
        public String sentAt;
        /** When it expires. */
        public String expiresAt;
        /** Whether the code was answered right (then consumed by the operation). */
        public boolean codeVerified;

        /** For the JSON codec. */
        public CheckState() {
        }
    }

    /**
     * Sends a fresh code to the holder's registered phone for an operation.
     *
     * @param s  the shield
     * @param op the operation
     */
    public void sendCode(ShieldState s, HolderOperation op) {
        char[] digits = new char[ctx.otpPolicy().length()];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = (char) ('0' + ctx.random().nextInt(10));
        }
        String daily = "otp_daily:" + s.holderPhone + ":" + today();
        try (OneTimeCode code = OneTimeCode.of(digits)) {
            java.util.Arrays.fill(digits, '\0');
            ctx.transaction(tx -> {
                Optional<Document> d = tx.store().get(CHECKS, key(s, op));
                CheckState c = d.map(x -> ctx.json().read(x.body(), CheckState.class)).orElseGet(CheckState::new);
                Instant now = ctx.now();
                if (c.sentAt != null && now.isBefore(ctx.otpPolicy().nextSendAllowedAt(Instant.parse(c.sentAt)))) {
                    throw new ShieldException(ErrorCode.OTP_RATE_LIMITED, "a new code can be sent from "
                            + ctx.otpPolicy().nextSendAllowedAt(Instant.parse(c.sentAt)));
                }
                if (tx.store().addIfAtMost(daily, 1, ctx.otpPolicy().dailyCap()).isEmpty()) {
                    throw new ShieldException(ErrorCode.OTP_RATE_LIMITED, "the daily number of codes for this phone is used up");
                }
                c.otpMac = mac(s, op, code);
                c.sentAt = now.toString();
                c.expiresAt = ctx.otpPolicy().expiresAt(now).toString();
                c.codeVerified = false;
                save(tx, s, op, d, c);
                tx.store().resetCounter(failures(s, op));
                tx.audit(Actor.holder(s.account), "shield.otp_sent", s.number, Map.of("for", op.name(),
                        "to", PhoneNumber.of(s.holderPhone).masked()));
                return null;
            });
            try {
                ctx.sms().send(PhoneNumber.of(s.holderPhone), op.smsPurpose(), code);
            } catch (RuntimeException e) {
                ctx.transaction(tx -> {
                    tx.store().addIfAtMost(daily, -1, Long.MAX_VALUE);
                    Optional<Document> d = tx.store().get(CHECKS, key(s, op));
                    save(tx, s, op, d, new CheckState());
                    return null;
                });
                throw new ShieldException(ErrorCode.ADAPTER_FAILURE, "the SMS gateway failed; no code was sent", e);
            }
        }
    }

    /**
     * Checks the code for an operation; a wrong code is counted (and refused) in its own
     * transaction, a right one is remembered until {@link #consume} in the operation's transaction.
     *
     * @param s    the shield
     * @param op   the operation
     * @param code the code the holder typed
     */
    public void verifyCode(ShieldState s, HolderOperation op, OneTimeCode code) {
        ShieldException refusal = ctx.transaction(tx -> {
            Optional<Document> d = tx.store().get(CHECKS, key(s, op));
            CheckState c = d.map(x -> ctx.json().read(x.body(), CheckState.class)).orElse(null);
            if (c == null || c.otpMac == null || !ctx.now().isBefore(Instant.parse(c.expiresAt))) {
                throw new ShieldException(ErrorCode.OTP_EXPIRED, "no valid SMS code; request a new one");
            }
            if (tx.store().addIfAtMost(failures(s, op), 1, ctx.otpPolicy().maxAttempts()).isEmpty()) {
                c.otpMac = null;
                save(tx, s, op, d, c);
                return new ShieldException(ErrorCode.OTP_EXPIRED, "too many wrong SMS codes; request a new one");
            }
            if (!MessageDigest.isEqual(HexFormat.of().parseHex(mac(s, op, code)), HexFormat.of().parseHex(c.otpMac))) {
                tx.auditRefusal(Actor.holder(s.account), "shield.otp_rejected", s.number, Map.of("for", op.name()));
                return new ShieldException(ErrorCode.OTP_INCORRECT, "the SMS code is wrong");
            }
            tx.store().resetCounter(failures(s, op));
            c.codeVerified = true;
            save(tx, s, op, d, c);
            return null;
        });
        if (refusal != null) {
            throw refusal;
        }
    }

    /**
     * Compares the holder's face with the authoritative source, within the per-person daily limit
     * of the face policy; a failure is audited and refused with the tries left today.
     *
     * @param s       the shield
     * @param op      the operation, for the audit entry
     * @param capture the capture
     */
    public void verifyFace(ShieldState s, HolderOperation op, FaceVerifier.FaceCapture capture) {
        long used = ctx.transaction(tx -> {
            OptionalLong n = tx.store().addIfAtMost("face_daily:" + ShieldRepository.personKey(s.holderId) + ":" + today(), 1,
                    ctx.facePolicy().maxTriesPerDay());
            if (n.isEmpty()) {
                throw new ShieldException(ErrorCode.FACE_RATE_LIMITED, "no face comparisons left today");
            }
            return n.getAsLong();
        });
        FaceVerifier.FaceResult result = ctx.face().compare(ResidentIdNumber.of(s.holderId), PersonName.of(s.holderName), capture);
        if (!ctx.facePolicy().passes(result.score(), result.live())) {
            int left = (int) (ctx.facePolicy().maxTriesPerDay() - used);
            ctx.transaction(tx -> {
                tx.auditRefusal(Actor.holder(s.account), "shield.face_rejected", s.number, Map.of("for", op.name(),
                        "reference", result.vendorId()));
                return null;
            });
            throw ShieldException.withAttemptsLeft(ErrorCode.FACE_MISMATCH, "the face comparison failed, " + left + " tries left today", left);
        }
    }

    /**
     * Consumes a verified code in the operation's transaction, or refuses when none was verified.
     *
     * @param tx the operation's transaction
     * @param s  the shield
     * @param op the operation
     */
    public void consume(Tx tx, ShieldState s, HolderOperation op) {
        Optional<Document> d = tx.store().get(CHECKS, key(s, op));
        CheckState c = d.map(x -> ctx.json().read(x.body(), CheckState.class)).orElse(null);
        if (c == null || !c.codeVerified || c.otpMac == null || !ctx.now().isBefore(Instant.parse(c.expiresAt))) {
            throw new ShieldException(ErrorCode.OTP_EXPIRED, "no verified SMS code for " + op + "; request a new one");
        }
        save(tx, s, op, d, new CheckState());
    }

    private void save(Tx tx, ShieldState s, HolderOperation op, Optional<Document> existing, CheckState c) {
        if (existing.isPresent()) {
            tx.store().update(CHECKS, key(s, op), existing.get().version(), ctx.json().write(c), Map.of());
        } else {
            tx.store().insert(CHECKS, key(s, op), ctx.json().write(c), Map.of());
        }
    }

    private String mac(ShieldState s, HolderOperation op, OneTimeCode code) {
        return ctx.keyedHash(ctx.systemKeys().otpMac(), "mshield-holder-otp-" + op.name(), s.number, code.toUtf8Bytes());
    }

    private static String key(ShieldState s, HolderOperation op) {
        return s.number + "|" + op.name();
    }

    private static String failures(ShieldState s, HolderOperation op) {
        return "holder_otp_failures:" + key(s, op);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(ctx.now(), ctx.renewalPolicy().zone());
    }
}
