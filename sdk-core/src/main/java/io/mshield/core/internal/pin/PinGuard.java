package io.mshield.core.internal.pin;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.internal.Context;
import io.mshield.core.internal.Tx;
import io.mshield.core.internal.shield.ShieldRepository;
import io.mshield.core.internal.shield.ShieldState;
import io.mshield.core.internal.shield.Transitions;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.SignatureScheme;
import io.mshield.identity.ShieldNumber;
import io.mshield.pin.Pin;
import io.mshield.pin.PinBlock;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinProof;
import io.mshield.pin.RoundProof;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.ShieldStatus;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The bank's side of the PIN (R5): one-time challenges, PIN blocks, keyed PIN hashes, and the
 * failure counter with the policy's lockout.
 *
 * <p>The counter is reserved before the PIN is evaluated: {@code addIfAtMost(+1, maxAttempts)}
 * is atomic in the store, so however many requests race, at most {@code maxAttempts} evaluations
 * happen before a lock. A correct PIN resets it. In COLLABORATIVE custody every round that asks for
 * something computed from the bank's share carries a PIN block, checked here first
 * ({@link #proveRound}); a signing round keeps its attempt counted until its joint signature
 * verifies, so a failing signature (a terminal abort) counts as a wrong PIN (R10.6).
 */
public final class PinGuard {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PinGuard.class);
    /** The collection of challenges. */
    public static final String CHALLENGES = "pin_challenges";
    private static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(5);

    private final Context ctx;

    /**
     * Creates the guard.
     *
     * @param ctx the SDK's context
     */
    public PinGuard(Context ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    /**
     * The counter of consecutive failures of a shield.
     *
     * @param shield the shield number
     * @return the counter's name
     */
    public static String failureCounter(String shield) {
        return "pin_fail:" + shield;
    }

    /**
     * Issues a one-time challenge for a shield or an enrollment.
     *
     * @param owner the shield number or enrollment id
     * @return the challenge
     */
    public PinChallenge issue(String owner) {
        ChallengeState c = new ChallengeState();
        c.id = ctx.randomId();
        c.owner = owner;
        c.nonce = HexFormat.of().formatHex(ctx.randomBytes(32));
        Instant expires = ctx.now().plus(CHALLENGE_LIFETIME);
        c.expiresAt = expires.toString();
        ctx.transaction(tx -> tx.store().insert(CHALLENGES, c.id, ctx.json().write(c), Map.of("owner", owner)));
        byte[] pinKey = ctx.crypto().keyStorage().publicKey(ctx.systemKeys().pinEncryption()).getEncoded();
        return new PinChallenge(c.id, HexFormat.of().parseHex(c.nonce), expires, pinKey);
    }

    /**
     * Decrypts and checks a PIN block against a challenge, consuming the challenge, and returns the
     * PIN (for registration, where there is no stored hash yet). The caller wipes the PIN.
     *
     * @param tx    the transaction
     * @param owner the challenge's owner
     * @param block the encrypted block
     * @return the PIN
     */
    public Pin openBlock(Tx tx, String owner, PinProof.EncryptedPin block) {
        try (OpenedBlock opened = decrypt(block)) {
            return bind(tx, owner, block, opened);
        }
    }

    /**
     * Decrypts a PIN block with the bank's PIN key, outside any transaction, so that the
     * decryption (a public-key operation) holds no lock and no database transaction open. Never
     * throws for a bad block: the failure is raised by {@link #bind} once the challenge has been
     * looked at, in the order {@link #openBlock} raises it.
     *
     * @param block the encrypted block
     * @return the opened block, to close once bound
     */
    public OpenedBlock decrypt(PinProof.EncryptedPin block) {
        Objects.requireNonNull(block, "block");
        byte[] plain;
        try {
            plain = ctx.crypto().keyStorage().decrypt(ctx.systemKeys().pinEncryption(), block.ciphertext());
        } catch (ShieldException e) {
            return new OpenedBlock(null, null, null, new ShieldException(ErrorCode.PIN_BLOCK_INVALID, "the PIN block does not decrypt"));
        }
        try (PinBlock pb = PinBlock.decode(plain)) {
            return new OpenedBlock(pb.challengeId(), pb.nonce(), copy(pb.pin()), null);
        } catch (ShieldException e) {
            return new OpenedBlock(null, null, null, e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Consumes the block's challenge in the transaction and checks that the decrypted block
     * answers it.
     *
     * @param tx     the transaction
     * @param owner  the challenge's owner
     * @param block  the encrypted block
     * @param opened what {@link #decrypt} made of it
     * @return the PIN, a copy the caller closes
     */
    public Pin bind(Tx tx, String owner, PinProof.EncryptedPin block, OpenedBlock opened) {
        return answer(consume(tx, owner, block.challengeId()), opened);
    }

    private static Pin answer(ChallengeState c, OpenedBlock opened) {
        if (opened.failure != null) {
            throw opened.failure;
        }
        if (!opened.challengeId.equals(c.id) || !MessageDigest.isEqual(opened.nonce, HexFormat.of().parseHex(c.nonce))) {
            throw new ShieldException(ErrorCode.PIN_BLOCK_INVALID, "the PIN block answers another challenge");
        }
        return copy(opened.pin);
    }

    private static Pin copy(Pin pin) {
        char[] digits = pin.toChars();
        try {
            return Pin.of(digits, pin.length());
        } finally {
            Arrays.fill(digits, '\0');
        }
    }

    /** A PIN block decrypted but not yet bound to its challenge; closing it wipes the PIN and nonce. */
    public static final class OpenedBlock implements AutoCloseable {
        private final String challengeId;
        private final byte[] nonce;
        private final Pin pin;
        private final ShieldException failure;

        private OpenedBlock(String challengeId, byte[] nonce, Pin pin, ShieldException failure) {
            this.challengeId = challengeId;
            this.nonce = nonce;
            this.pin = pin;
            this.failure = failure;
        }

        static OpenedBlock none() {
            return new OpenedBlock(null, null, null, null);
        }

        @Override
        public void close() {
            if (pin != null) {
                pin.close();
            }
            if (nonce != null) {
                Arrays.fill(nonce, (byte) 0);
            }
        }

        @Override
        public String toString() {
            return failure != null ? "OpenedBlock[failed]" : "OpenedBlock[challenge " + challengeId + "]";
        }
    }

    /**
     * The keyed hash of a shield's PIN: MAC(pinMacKey, "mshield-pin" ‖ shield ‖ PIN).
     *
     * @param shield the shield number
     * @param pin    the PIN
     * @return hex
     */
    public String pinMac(String shield, Pin pin) {
        return ctx.keyedHash(ctx.systemKeys().pinMac(), "mshield-pin", shield, pin.toUtf8Bytes());
    }

    /**
     * Checks a PIN proof for a shield under the policy (R5.1–R5.3).
     *
     * @param shield the shield
     * @param proof  the proof
     * @param actor  who asks, for the audit log
     * @return accepted, rejected with attempts left, or locked
     */
    public PinCheck check(ShieldNumber shield, PinProof proof, Actor actor) {
        Objects.requireNonNull(shield, "shield");
        Objects.requireNonNull(proof, "proof");
        try (OpenedBlock opened = proof instanceof PinProof.EncryptedPin b ? decrypt(b) : OpenedBlock.none()) {
            return check(shield, proof, actor, opened);
        }
    }

    private PinCheck check(ShieldNumber shield, PinProof proof, Actor actor, OpenedBlock opened) {
        String sn = shield.value();
        // 1. status, challenge and reservation, committed before the PIN is evaluated; the block
        //    was decrypted before, outside the transaction
        Reservation r = ctx.transaction(tx -> {
            ShieldRepository.Loaded loaded = ctx.shields().require(tx.store(), shield);
            loaded = Transitions.liftExpiredPinLock(ctx, tx, loaded);
            ShieldState s = loaded.state();
            PinCheck.Locked locked = lockedState(s);
            if (locked != null) {
                return new Reservation(s, 0, locked, null);
            }
            requireUsable(s);
            if (proof instanceof PinProof.BiometricSignature bio) {
                if (CustodyMode.valueOf(s.custody) == CustodyMode.COLLABORATIVE) {
                    throw new ShieldException(ErrorCode.PIN_BLOCK_INVALID, "a COLLABORATIVE shield proves itself by a joint signature;"
                            + " a biometric confirms its co-sign round");
                }
                BiometricRegistration reg = BiometricRegistration.require(ctx, tx, sn, s.authMethod, bio.method());
                OptionalLong n = tx.store().addIfAtMost(failureCounter(sn), 1, ctx.pinPolicy().maxAttempts());
                if (n.isEmpty()) {
                    return new Reservation(s, 0, ctx.pinPolicy().lockout(s.timedFreezes, ctx.now()), null);
                }
                ChallengeState c = consume(tx, sn, bio.challengeId());
                return new Reservation(s, n.getAsLong(), null, null, c.nonce, reg);
            }
            if (proof instanceof PinProof.EncryptedPin block) {
                if (CustodyMode.valueOf(s.custody) == CustodyMode.COLLABORATIVE) {
                    throw new ShieldException(ErrorCode.PIN_BLOCK_INVALID, "a COLLABORATIVE shield proves its PIN by a joint signature");
                }
                OptionalLong n = tx.store().addIfAtMost(failureCounter(sn), 1, ctx.pinPolicy().maxAttempts());
                if (n.isEmpty()) {
                    return new Reservation(s, 0, ctx.pinPolicy().lockout(s.timedFreezes, ctx.now()), null);
                }
                Pin pin = bind(tx, sn, block, opened);
                return new Reservation(s, n.getAsLong(), null, pin);
            }
            PinProof.JointSignature js = (PinProof.JointSignature) proof;
            if (CustodyMode.valueOf(s.custody) != CustodyMode.COLLABORATIVE) {
                throw new ShieldException(ErrorCode.PIN_BLOCK_INVALID, "only a COLLABORATIVE shield proves its PIN by a joint signature");
            }
            ChallengeState c = consume(tx, sn, js.challengeId());
            if (!c.attemptReserved) {
                throw new ShieldException(ErrorCode.PIN_BLOCK_INVALID, "the challenge was not co-signed by the bank");
            }
            return new Reservation(s, c.reservedCount, null, null, c.nonce, null);
        });
        if (r.locked != null) {
            return r.locked;
        }
        // 2. evaluation, outside the transaction
        boolean ok;
        if (proof instanceof PinProof.BiometricSignature bio) {
            ok = r.biometric.verifies(ctx, PinProof.BiometricSignature.message(bio.challengeId(), HexFormat.of().parseHex(r.nonce),
                    shield, bio.method()), bio.signature());
        } else if (proof instanceof PinProof.EncryptedPin) {
            try (Pin pin = r.pin) {
                ok = r.state.pinMac != null && MessageDigest.isEqual(
                        HexFormat.of().parseHex(pinMac(sn, pin)), HexFormat.of().parseHex(r.state.pinMac));
            }
        } else {
            ok = ctx.crypto().signatures().verify(publicKey(ctx, r.state), SignatureScheme.SM2_SM3,
                    HexFormat.of().parseHex(r.nonce), ((PinProof.JointSignature) proof).signature());
        }
        // 3. outcome
        Map<String, String> how = method(proof);
        return ctx.transaction(tx -> ok ? accepted(tx, shield, actor, how) : failed(tx, shield, r.count, actor, how));
    }

    private static Map<String, String> method(PinProof proof) {
        return proof instanceof PinProof.BiometricSignature b ? Map.of("method", b.method().name()) : Map.of();
    }

    /**
     * The exception for a rejected confirmation: {@link ErrorCode#PIN_INCORRECT}, or
     * {@link ErrorCode#BIOMETRIC_REJECTED} for a biometric one, with the attempts left (R5.1).
     *
     * @param proof    what was offered
     * @param rejected the outcome
     * @return the exception
     */
    public static ShieldException rejectedException(PinProof proof, PinCheck.Rejected rejected) {
        if (proof instanceof PinProof.BiometricSignature b) {
            return ShieldException.withAttemptsLeft(ErrorCode.BIOMETRIC_REJECTED, "the " + b.method() + " confirmation does not verify with"
                    + " the registered key, " + rejected.attemptsLeft() + " attempts left (R2.3, R5.1)", rejected.attemptsLeft());
        }
        return ShieldException.withAttemptsLeft(ErrorCode.PIN_INCORRECT, "wrong PIN, " + rejected.attemptsLeft()
                + " attempts left (R5.1)", rejected.attemptsLeft());
    }

    /**
     * The nonce of an unused, unexpired challenge of an owner, without consuming it.
     *
     * @param tx          the transaction
     * @param owner       the shield number or enrollment id
     * @param challengeId the challenge
     * @return the nonce
     * @throws ShieldException {@link ErrorCode#PIN_BLOCK_INVALID} when unknown, used, expired or another owner's
     */
    public byte[] peekChallenge(Tx tx, String owner, String challengeId) {
        return HexFormat.of().parseHex(open(tx, owner, challengeId).nonce);
    }

    /**
     * Consumes an unused, unexpired challenge of an owner.
     *
     * @param tx          the transaction
     * @param owner       the shield number or enrollment id
     * @param challengeId the challenge
     * @return its nonce
     * @throws ShieldException {@link ErrorCode#PIN_BLOCK_INVALID} when unknown, used, expired or another owner's
     */
    public byte[] consumeChallenge(Tx tx, String owner, String challengeId) {
        return HexFormat.of().parseHex(consume(tx, owner, challengeId).nonce);
    }

    /** How far ahead of the last accepted co-sign counter the phone's counter may run. */
    public static final long COUNTER_WINDOW = 1_000;

    /**
     * The kinds of COLLABORATIVE round, each asking the bank for something computed from d2.
     * A round that {@code holds} its attempt keeps it counted until the engine sees its final
     * signature verify (a failing one is a terminal abort, counted); the others release it as soon
     * as the PIN is proven, because the bank never sees whether the phone succeeded.
     */
    public enum Round {
        /** A payment's co-signature (reset by {@code complete}). */
        PAYMENT("cosign.payment", true, false),
        /** A PIN challenge's co-signature (reset by the joint signature in {@link #check}). */
        PIN_CHALLENGE("cosign.pin_challenge", true, false),
        /** An envelope's decryption half. */
        ENVELOPE("envelope.half_opened", false, false),
        /** The CSR's co-signature during enrollment (the shield is still PENDING). */
        CERTIFICATE_REQUEST("cosign.certificate_request", false, true),
        /** The renewal request's co-signature (R3.4): the same joint key certified again. */
        RENEWAL_REQUEST("cosign.renewal_request", false, false);

        private final String action;
        private final boolean holds;
        private final boolean enrollment;

        Round(String action, boolean holds, boolean enrollment) {
            this.action = action;
            this.holds = holds;
            this.enrollment = enrollment;
        }
    }

    /**
     * Round-specific checks and updates, run inside the round's transactions.
     */
    public interface RoundSteps {
        /**
         * Checks before the attempt is reserved (nothing is counted when it throws).
         *
         * @param tx the transaction
         * @param s  the shield
         */
        default void before(Tx tx, ShieldState s) {
        }

        /**
         * Records the round once its PIN proof was accepted, in the same transaction as the counter.
         *
         * @param tx the transaction
         * @param s  the shield
         */
        default void proven(Tx tx, ShieldState s) {
        }
    }

    private sealed interface RoundStart {
    }

    private record Refused(ShieldException error) implements RoundStart {
    }

    private record Reserved(ShieldState state, long count, Pin pin, String challengeId, String nonce,
                            BiometricRegistration biometric) implements RoundStart {
    }

    /**
     * COLLABORATIVE: proves the PIN for one round BEFORE anything depending on d2 is computed
     * (issue COSIGN-PIN). Counts the attempt atomically (R5.3), checks the PIN block against the
     * keyed hash, and only then takes the co-sign counter (a counter that does not grow freezes
     * the shield as a possible clone; one too far ahead is refused and not stored). A wrong PIN
     * throws {@link ErrorCode#PIN_INCORRECT} with the attempts left, and reaching the policy's
     * limit moves the shield to LOCKED, as in DEVICE and HOSTED custody.
     *
     * @param round  the kind of round
     * @param shield the shield
     * @param owner  the owner of the proof's challenge: the shield number, or the enrollment id
     * @param proof  the PIN block and counter
     * @param steps  the round's own checks and updates
     * @return the shield as of the accepted proof
     */
    public ShieldState proveRound(Round round, ShieldNumber shield, String owner, RoundProof proof, RoundSteps steps) {
        Objects.requireNonNull(round, "round");
        Objects.requireNonNull(shield, "shield");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(steps, "steps");
        String sn = shield.value();
        RoundStart start;
        try (OpenedBlock opened = proof.confirmation() instanceof PinProof.EncryptedPin b ? decrypt(b) : OpenedBlock.none()) {
            start = ctx.transaction(tx -> reserveRound(tx, round, shield, owner, proof, steps, opened));
        }
        if (start instanceof Refused refused) {
            throw refused.error();
        }
        Reserved r = (Reserved) start;
        boolean ok;
        if (proof.confirmation() instanceof PinProof.BiometricSignature bio) {
            ok = r.biometric().verifies(ctx, PinProof.BiometricSignature.message(bio.challengeId(), HexFormat.of().parseHex(r.nonce()),
                    shield, bio.method()), bio.signature());
        } else {
            try (Pin pin = r.pin()) {
                ok = r.state().pinMac != null && MessageDigest.isEqual(HexFormat.of().parseHex(pinMac(sn, pin)), HexFormat.of().parseHex(r.state().pinMac));
            }
        }
        Map<String, String> how = method(proof.confirmation());
        Actor holder = Actor.holder(r.state().account);
        Object outcome = ctx.transaction(tx -> {
            if (!ok) {
                if (round == Round.PIN_CHALLENGE) {
                    markUsed(tx, r.challengeId());
                }
                return failed(tx, shield, r.count(), holder, how);
            }
            ShieldRepository.Loaded loaded = ctx.shields().require(tx.store(), shield);
            ShieldState s = loaded.state();
            if (!round.enrollment) {
                requireUsable(s);
            }
            if (proof.counter() <= s.cosignCounter) {
                tx.store().resetCounter(failureCounter(sn));
                if (ShieldStatus.valueOf(s.status).canBecome(ShieldStatus.FROZEN)) {
                    s.heldBy = Actor.Role.BANK_STAFF.name();
                    Transitions.move(ctx, tx, loaded, ShieldStatus.FROZEN, Actor.system("clone-detection"), "shield.clone_suspected",
                            Map.of("echoedCounter", Long.toString(proof.counter()), "lastCounter", Long.toString(s.cosignCounter)));
                }
                return new ShieldException(ErrorCode.CLONE_SUSPECTED, "the co-sign counter went backwards: a copied key share may be"
                        + " in use; the shield is frozen");
            }
            requireCounterInWindow(proof, s);
            s.cosignCounter = proof.counter();
            ctx.shields().update(tx.store(), loaded);
            if (!round.holds) {
                tx.store().resetCounter(failureCounter(sn));
            }
            steps.proven(tx, s);
            Map<String, String> details = new java.util.TreeMap<>(how);
            details.put("counter", Long.toString(proof.counter()));
            tx.audit(holder, round.action, sn, details);
            return s;
        });
        if (outcome instanceof PinCheck.Rejected rejected) {
            throw rejectedException(proof.confirmation(), rejected);
        }
        if (outcome instanceof PinCheck.Locked locked) {
            throw lockedException(locked);
        }
        if (outcome instanceof ShieldException e) {
            throw e;
        }
        return (ShieldState) outcome;
    }

    private RoundStart reserveRound(Tx tx, Round round, ShieldNumber shield, String owner, RoundProof proof, RoundSteps steps,
                                    OpenedBlock opened) {
        ShieldRepository.Loaded loaded = Transitions.liftExpiredPinLock(ctx, tx, ctx.shields().require(tx.store(), shield));
        ShieldState s = loaded.state();
        if (CustodyMode.valueOf(s.custody) != CustodyMode.COLLABORATIVE) {
            throw new ShieldException(ErrorCode.ILLEGAL_STATE, "only a COLLABORATIVE shield is co-signed");
        }
        PinCheck.Locked locked = lockedState(s);
        if (locked != null) {
            return new Refused(lockedException(locked));
        }
        if (!round.enrollment) {
            requireUsable(s);
        }
        BiometricRegistration biometric = null;
        if (proof.confirmation() instanceof PinProof.BiometricSignature bio) {
            if (round != Round.PAYMENT && round != Round.PIN_CHALLENGE) {
                throw new ShieldException(ErrorCode.PIN_REQUIRED, "a biometric confirms a payment or a PIN challenge, not a "
                        + round.name().toLowerCase(java.util.Locale.ROOT) + " round: send the PIN block");
            }
            biometric = BiometricRegistration.require(ctx, tx, s.number, s.authMethod, bio.method());
        }
        steps.before(tx, s);
        requireCounterInWindow(proof, s);
        OptionalLong n = tx.store().addIfAtMost(failureCounter(s.number), 1, ctx.pinPolicy().maxAttempts());
        if (n.isEmpty()) {
            // rounds left unfinished used up the attempts: lock now, so that the bank's reset applies
            PinCheck.Locked lockout = ctx.pinPolicy().lockout(s.timedFreezes, ctx.now());
            if (ShieldStatus.valueOf(s.status).canBecome(ShieldStatus.LOCKED)) {
                Transitions.lockForPin(ctx, tx, loaded, lockout);
            }
            return new Refused(lockedException(lockout));
        }
        ChallengeState c;
        if (round == Round.PIN_CHALLENGE) {
            c = reserveChallenge(tx, owner, proof.challengeId(), n.getAsLong());
        } else {
            c = consume(tx, owner, proof.challengeId());
        }
        Pin pin = biometric == null ? answer(c, opened) : null;
        return new Reserved(s, n.getAsLong(), pin, c.id, c.nonce, biometric);
    }

    private static void requireCounterInWindow(RoundProof proof, ShieldState s) {
        if (proof.counter() - s.cosignCounter > COUNTER_WINDOW) {
            throw new ShieldException(ErrorCode.COSIGN_COUNTER_INVALID, "the co-sign counter runs more than " + COUNTER_WINDOW
                    + " ahead of the last one");
        }
    }

    private ChallengeState reserveChallenge(Tx tx, String owner, String challengeId, long count) {
        var doc = tx.store().get(CHALLENGES, challengeId).orElseThrow(PinGuard::invalidChallenge);
        ChallengeState c = ctx.json().read(doc.body(), ChallengeState.class);
        if (!c.owner.equals(owner) || c.used || c.attemptReserved || !ctx.now().isBefore(Instant.parse(c.expiresAt))) {
            throw invalidChallenge();
        }
        c.attemptReserved = true;
        c.reservedCount = count;
        tx.store().update(CHALLENGES, c.id, doc.version(), ctx.json().write(c), Map.of("owner", c.owner));
        return c;
    }

    /**
     * The nonce of a challenge, hex.
     *
     * @param tx          the transaction
     * @param challengeId the challenge
     * @return the nonce
     */
    public String challengeNonce(Tx tx, String challengeId) {
        return ctx.json().read(tx.store().get(CHALLENGES, challengeId).orElseThrow(PinGuard::invalidChallenge).body(),
                ChallengeState.class).nonce;
    }

    private void markUsed(Tx tx, String challengeId) {
        tx.store().get(CHALLENGES, challengeId).ifPresent(doc -> {
            ChallengeState c = ctx.json().read(doc.body(), ChallengeState.class);
            c.used = true;
            tx.store().update(CHALLENGES, c.id, doc.version(), ctx.json().write(c), Map.of("owner", c.owner));
        });
    }

    private PinCheck accepted(Tx tx, ShieldNumber shield, Actor actor, Map<String, String> how) {
        tx.store().resetCounter(failureCounter(shield.value()));
        tx.audit(actor, "pin.accepted", shield.value(), how);
        LOG.debug("PIN accepted for shield {}", shield.value());
        return new PinCheck.Accepted();
    }

    private PinCheck failed(Tx tx, ShieldNumber shield, long count, Actor actor, Map<String, String> how) {
        ShieldRepository.Loaded loaded = ctx.shields().require(tx.store(), shield);
        PinCheck result = ctx.pinPolicy().afterFailure((int) count, loaded.state().timedFreezes, ctx.now());
        Map<String, String> details = new java.util.TreeMap<>(how);
        details.put("failures", Long.toString(count));
        tx.auditRefusal(actor, "pin.rejected", shield.value(), details);
        LOG.info("wrong {} for shield {}: {} consecutive failures", how.getOrDefault("method", "PIN"), shield.value(), count);
        if (result instanceof PinCheck.Locked locked && ShieldStatus.valueOf(loaded.state().status).canBecome(ShieldStatus.LOCKED)) {
            Transitions.lockForPin(ctx, tx, loaded, locked);
        }
        return result;
    }

    private PinCheck.Locked lockedState(ShieldState s) {
        if (ShieldStatus.valueOf(s.status) != ShieldStatus.LOCKED) {
            return null;
        }
        return s.lockedUntil != null ? PinCheck.Locked.frozenUntil(Instant.parse(s.lockedUntil))
                : PinCheck.Locked.indefinitely(ctx.pinPolicy().lockoutAction());
    }

    /**
     * Refuses a shield that cannot use its PIN now: lost, frozen by an administrator, revoked,
     * expired, invalid or pending.
     *
     * @param s the shield
     */
    public static void requireUsable(ShieldState s) {
        ShieldStatus status = ShieldStatus.valueOf(s.status);
        switch (status) {
            case ACTIVE:
                return;
            case LOST:
                throw new ShieldException(ErrorCode.SHIELD_LOST, "shield " + s.number + " was reported lost");
            case FROZEN:
                throw new ShieldException(ErrorCode.SHIELD_FROZEN, "shield " + s.number + " is frozen");
            case REVOKED:
                throw new ShieldException(ErrorCode.SHIELD_REVOKED, "shield " + s.number + " is revoked; apply again");
            case EXPIRED:
                throw new ShieldException(ErrorCode.CERTIFICATE_EXPIRED, "the certificate of shield " + s.number + " expired; revoke and apply again");
            case INVALID:
                throw new ShieldException(ErrorCode.SHIELD_INVALID, "shield " + s.number + " lost its key; revoke and apply again");
            default:
                throw new ShieldException(ErrorCode.ILLEGAL_STATE, "shield " + s.number + " is " + status);
        }
    }

    /**
     * The exception for a locked PIN, with the lock's end where there is one.
     *
     * @param locked the lockout
     * @return the exception
     */
    public static ShieldException lockedException(PinCheck.Locked locked) {
        String how = switch (locked.action()) {
            case LOCK_FOREVER -> "locked for good: revoke the shield and apply again";
            case LOCK_UNTIL_BANK_RESET -> "locked until the bank resets it";
            case LOCK_CONTACT_CA -> "locked: contact the CA to reset it";
            case FREEZE_TIMED_THEN_PERMANENT -> locked.until().map(u -> "frozen until " + u).orElse("frozen for good");
        };
        return new ShieldException(ErrorCode.PIN_LOCKED, "the PIN is " + how, 0,
                locked.until().map(u -> Map.of("until", u.toString())).orElse(Map.of()), null);
    }

    private ChallengeState consume(Tx tx, String owner, String challengeId) {
        ChallengeState c = open(tx, owner, challengeId);
        var doc = tx.store().get(CHALLENGES, challengeId).orElseThrow(PinGuard::invalidChallenge);
        c.used = true;
        tx.store().update(CHALLENGES, c.id, doc.version(), ctx.json().write(c), Map.of("owner", c.owner));
        return c;
    }

    private ChallengeState open(Tx tx, String owner, String challengeId) {
        Objects.requireNonNull(challengeId, "challengeId");
        if (!challengeId.matches("[0-9a-f]{32}")) {
            throw invalidChallenge();
        }
        var doc = tx.store().get(CHALLENGES, challengeId).orElseThrow(PinGuard::invalidChallenge);
        ChallengeState c = ctx.json().read(doc.body(), ChallengeState.class);
        if (!c.owner.equals(owner) || c.used || !ctx.now().isBefore(Instant.parse(c.expiresAt))) {
            throw invalidChallenge();
        }
        return c;
    }

    private static ShieldException invalidChallenge() {
        return new ShieldException(ErrorCode.PIN_BLOCK_INVALID, "the PIN challenge is unknown, used, expired or for another shield");
    }

    /**
     * The shield's public key, decoded by the crypto provider (the JDK cannot decode SM2 keys).
     *
     * @param ctx the context
     * @param s   the shield
     * @return the key
     */
    public static PublicKey publicKey(Context ctx, ShieldState s) {
        if (s.publicKey == null) {
            throw new ShieldException(ErrorCode.ILLEGAL_STATE, "shield " + s.number + " has no key yet");
        }
        return ctx.crypto().signatures().decodePublicKey(Base64.getDecoder().decode(s.publicKey));
    }

    /**
     * The handle of a COLLABORATIVE shield's share d2.
     *
     * @param s the shield
     * @return the handle
     */
    public static KeyHandle share(ShieldState s) {
        return new KeyHandle(s.keyStorage, s.keyAlias, KeyAlgorithm.SM2);
    }

    /**
     * The bank's half of a joint signature over a message it holds: e = SM3(Z‖M) computed here from
     * the shield's joint key and the message, never taken from the phone, then (r, s2, s3).
     *
     * @param ctx     the context
     * @param s       the COLLABORATIVE shield
     * @param message the bytes being signed
     * @param q1      the phone's Q1
     * @return the bank's half
     */
    public static CollaborativeSm2.CoSignature coSign(Context ctx, ShieldState s, byte[] message, byte[] q1) {
        CollaborativeSm2 bank = collaborative(ctx);
        return bank.coSign(share(s), bank.digest(publicKey(ctx, s), message), q1);
    }

    /**
     * The bank's half of two-party SM2.
     *
     * @param ctx the context
     * @return the bank half
     */
    public static CollaborativeSm2 collaborative(Context ctx) {
        return ctx.crypto().keyStorage().collaborativeSm2().orElseThrow(() -> new ShieldException(
                ErrorCode.ALGORITHM_NOT_SUPPORTED, "the key storage cannot hold two-party SM2 shares"));
    }

    private record Reservation(ShieldState state, long count, PinCheck.Locked locked, Pin pin, String nonce,
                               BiometricRegistration biometric) {
        Reservation(ShieldState state, long count, PinCheck.Locked locked, Pin pin) {
            this(state, count, locked, pin, null, null);
        }
    }
}
