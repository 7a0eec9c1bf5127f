package io.mshield.core.internal.transaction;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.internal.Context;
import io.mshield.core.internal.Tx;
import io.mshield.core.internal.pin.PinGuard;
import io.mshield.core.internal.shield.ShieldRepository;
import io.mshield.core.internal.shield.ShieldServiceImpl;
import io.mshield.core.internal.shield.ShieldState;
import io.mshield.core.internal.shield.Transitions;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.SignatureScheme;
import io.mshield.identity.EnterpriseId;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.identity.ShieldNumber;
import io.mshield.limit.Channel;
import io.mshield.limit.LimitDecision;
import io.mshield.limit.Money;
import io.mshield.linked.LinkedAppPolicy;
import io.mshield.linked.LinkedCredential;
import io.mshield.persistence.Document;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinProof;
import io.mshield.pin.RoundProof;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.ShieldStatus;
import io.mshield.signature.SignatureRecord;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.AuthorizationId;
import io.mshield.transaction.PayrollLine;
import io.mshield.transaction.SignatureReceipt;
import io.mshield.transaction.Transaction;
import io.mshield.transaction.TransactionService;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Authorizing and signing payments (R6): the scenario's cap with hardware-key step-up, the
 * status and cooling-off checks, cumulative limits reserved atomically in the store and given
 * back on failure or expiry, and the signature over the canonical bytes the bank holds, in each
 * custody mode.
 */
public final class TransactionServiceImpl implements TransactionService {
    /** The collection of authorizations. */
    public static final String AUTHORIZATIONS = "authorizations";
    /** How long an authorization waits for its signature. */
    public static final Duration LIFETIME = Duration.ofMinutes(5);

    private final Context ctx;
    private final PinGuard pins;
    private final ShieldServiceImpl shields;
    private final SignatureHistoryImpl history;
    private final LinkedApps linked;

    /**
     * What payments need of linked apps (R6.5, R9.3): which channel is which app, the per-app
     * cooling-off, and whether the credential is enabled in an app now.
     *
     * @param policy  the channels, cooling-offs and high-risk scenarios
     * @param enabled the credential's entry for an app, read in the payment's transaction
     */
    public record LinkedApps(LinkedAppPolicy policy, EnabledApps enabled) {
        /**
         * Validates.
         *
         * @param policy  the policy
         * @param enabled the lookup
         */
        public LinkedApps {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(enabled, "enabled");
        }
    }

    /** Reads the credential's entry for an app in a transaction. */
    @FunctionalInterface
    public interface EnabledApps {
        /**
         * The credential's entry for an app.
         *
         * @param tx     the transaction
         * @param shield the shield number
         * @param app    the app id
         * @return the entry, empty when not enabled there
         */
        Optional<LinkedCredential.App> enabledIn(Tx tx, String shield, String app);
    }

    /**
     * Creates the service.
     *
     * @param ctx     the context
     * @param pins    the PIN guard
     * @param shields the shield service
     * @param history the signature history
     * @param linked  the linked apps payments come through
     */
    public TransactionServiceImpl(Context ctx, PinGuard pins, ShieldServiceImpl shields, SignatureHistoryImpl history, LinkedApps linked) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.pins = Objects.requireNonNull(pins, "pins");
        this.shields = Objects.requireNonNull(shields, "shields");
        this.history = Objects.requireNonNull(history, "history");
        this.linked = Objects.requireNonNull(linked, "linked");
    }

    private record Loaded(AuthorizationState state, long version) {
    }

    /** Thrown inside a transaction to roll back the reservations made so far. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Authorization decision;

        Refusal(Authorization decision) {
            super(null, null, false, false);
            this.decision = decision;
        }
    }

    @Override
    public Authorization authorize(ShieldNumber shield, Transaction transaction, Authenticator authenticator) {
        Objects.requireNonNull(shield, "shield");
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(authenticator, "authenticator");
        requireConsistentPayroll(transaction);
        if (authenticator == Authenticator.HARDWARE_KEY) {
            // R6.3: the holder chose the hardware key; only someone who has an active one may
            return ctx.transaction(tx -> hardwareKeyStepUp(ctx.shields().require(tx.store(), shield).state(), transaction.amount()));
        }
        try {
            return ctx.transaction(tx -> decide(tx, shield, transaction));
        } catch (Refusal r) {
            return r.decision;
        }
    }

    @Override
    public Authorization authorizeData(ShieldNumber shield, io.mshield.transaction.BusinessData data) {
        Objects.requireNonNull(shield, "shield");
        Objects.requireNonNull(data, "data");
        return ctx.transaction(tx -> {
            ShieldState s = shields.current(tx, shield).state();
            Optional<Authorization> denied = denyByStatus(s);
            if (denied.isPresent()) {
                return denied.get();
            }
            Instant now = ctx.now();
            AuthorizationState a = new AuthorizationState();
            a.id = ctx.randomId();
            a.shield = s.number;
            a.enterprise = s.enterprise;
            a.display = data.summary();
            a.issuedAt = now.toString();
            a.expiresAt = now.plus(LIFETIME).toString();
            a.status = AuthorizationState.RESERVED;
            byte[] content = CanonicalTransaction.encodeData(a.id, s.number, now, ctx.randomBytes(16), data);
            a.content = Base64.getEncoder().encodeToString(content);
            tx.store().insert(AUTHORIZATIONS, a.id, ctx.json().write(a), index(a));
            tx.audit(Actor.holder(s.account), "data.authorized", s.number, Map.of("authorization", a.id, "app", data.app(),
                    "reference", data.reference()));
            return new Authorization.Allowed(new AuthorizationId(a.id), content, Instant.parse(a.expiresAt));
        });
    }

    private static Optional<Authorization> denyByStatus(ShieldState s) {
        ShieldStatus status = ShieldStatus.valueOf(s.status);
        if (status.canSign()) {
            return Optional.empty();
        }
        ErrorCode code = switch (status) {
            case LOCKED -> ErrorCode.PIN_LOCKED;
            case FROZEN -> ErrorCode.SHIELD_FROZEN;
            case LOST -> ErrorCode.SHIELD_LOST;
            case REVOKED -> ErrorCode.SHIELD_REVOKED;
            case EXPIRED -> ErrorCode.CERTIFICATE_EXPIRED;
            case INVALID -> ErrorCode.SHIELD_INVALID;
            default -> ErrorCode.ILLEGAL_STATE;
        };
        return Optional.of(new Authorization.Denied(code, "shield " + s.number + " is " + status + " and cannot sign"));
    }

    private Authorization decide(Tx tx, ShieldNumber shield, Transaction t) {
        ShieldRepository.Loaded loaded = shields.current(tx, shield);
        ShieldState s = loaded.state();
        releaseExpired(tx, s.number);
        Optional<Authorization> denied = denyByStatus(s);
        if (denied.isPresent()) {
            return denied.get();
        }
        LimitDecision cap = ctx.scenarioLimits().check(t.scenario(), t.amount());
        if (cap instanceof LimitDecision.HardwareKeyRequired h) {
            return hardwareKeyStepUp(s, h.cap());
        }
        if (cap instanceof LimitDecision.Denied d) {
            return new Authorization.Denied(d.reason(), d.explanation());
        }
        Instant now = ctx.now();
        LimitDecision cooling = ctx.coolingOff().check(Instant.parse(s.activatedAt), now, t.scenario(), Channel.of(t.channel()));
        if (cooling instanceof LimitDecision.Denied d) {
            return new Authorization.Denied(d.reason(), d.explanation());
        }
        Optional<String> app = linked.policy().appOf(Channel.of(t.channel()));
        if (app.isPresent()) {
            Optional<Authorization> refused = linkedAppRefusal(tx, s, t, app.get(), now);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        AuthorizationState a = new AuthorizationState();
        a.linkedApp = app.orElse(null);
        a.id = ctx.randomId();
        a.shield = s.number;
        a.enterprise = s.enterprise;
        a.scenario = t.scenario().name();
        a.amount = t.amount().amount().toPlainString();
        a.currency = t.amount().currency().getCurrencyCode();
        a.display = t.displayText();
        a.issuedAt = now.toString();
        a.expiresAt = now.plus(LIFETIME).toString();
        a.status = AuthorizationState.RESERVED;
        reserve(tx, a, s, t.amount(), now);
        byte[] content = CanonicalTransaction.encode(a.id, s.number, now, ctx.randomBytes(16), t);
        a.content = Base64.getEncoder().encodeToString(content);
        tx.store().insert(AUTHORIZATIONS, a.id, ctx.json().write(a), index(a));
        tx.audit(Actor.holder(s.account), "transaction.authorized", s.number, Map.of("authorization", a.id, "scenario", a.scenario,
                "amount", a.amount + " " + a.currency));
        return new Authorization.Allowed(new AuthorizationId(a.id), content, Instant.parse(a.expiresAt));
    }

    /**
     * R6.3: the step-up to the hardware key, for a person the bank's directory says has an active
     * one in the shield's enterprise; anyone else is refused and nothing is reserved.
     */
    private Authorization hardwareKeyStepUp(ShieldState s, Money cap) {
        if (!ctx.hardwareKeys().hasActiveHardwareKey(EnterpriseId.of(s.enterprise), ResidentIdNumber.of(s.holderId))) {
            return new Authorization.Denied(ErrorCode.NO_ACTIVE_HARDWARE_KEY, "the holder of shield " + s.number
                    + " has no active hardware key in enterprise " + s.enterprise + "; the hardware key cannot confirm this payment");
        }
        return new Authorization.HardwareKeyRequired(cap);
    }

    /**
     * R9.3 and R6.5: a payment through a linked app's channel needs the credential enabled in
     * that app and, for a high-risk scenario, the app's cooling-off over.
     */
    private Optional<Authorization> linkedAppRefusal(Tx tx, ShieldState s, Transaction t, String app, Instant now) {
        Optional<LinkedCredential.App> entry = linked.enabled().enabledIn(tx, s.number, app);
        if (entry.isEmpty()) {
            return Optional.of(new Authorization.Denied(ErrorCode.LINKED_APP_DISABLED, "channel " + t.channel() + " is app " + app
                    + ", where the credential of shield " + s.number + " is not enabled"));
        }
        if (linked.policy().isHighRisk(t.scenario()) && now.isBefore(entry.get().effectiveAt())) {
            return Optional.of(new Authorization.Denied(ErrorCode.COOLING_OFF, "the credential was enabled in " + app + " at "
                    + entry.get().enabledAt() + "; " + t.scenario() + " payments there wait until " + entry.get().effectiveAt()));
        }
        return Optional.empty();
    }

    /**
     * R9.3 and R6.6: an authorization that can no longer be signed ends before the signature is
     * looked at. Opened through a linked app's channel, it is signed only while the credential is
     * still enabled there; found expired, it is closed. Either way its reservation is given back in
     * this transaction, which commits before the refusal is thrown: a release inside the transaction
     * that refuses would be rolled back with it, and the limits would stay held (the enterprise's
     * until this shield authorizes again).
     */
    private void refuseIfEnded(AuthorizationId authorization) {
        ShieldException ended = ctx.transaction(tx -> {
            Optional<Document> d = tx.store().get(AUTHORIZATIONS, authorization.value());
            if (d.isEmpty()) {
                return null;
            }
            Loaded l = new Loaded(ctx.json().read(d.get().body(), AuthorizationState.class), d.get().version());
            boolean reserved = AuthorizationState.RESERVED.equals(l.state().status);
            if (appDisabled(tx, l.state())) {
                if (reserved) {
                    release(tx, l);
                    tx.auditRefusal(Actor.system("transactions"), "transaction.app_disabled", l.state().shield,
                            Map.of("authorization", l.state().id, "app", l.state().linkedApp));
                }
                return appDisabledException();
            }
            if (reserved && !ctx.now().isBefore(Instant.parse(l.state().expiresAt))) {
                release(tx, l);
                return new ShieldException(ErrorCode.CHALLENGE_INVALID, "the authorization expired at " + l.state().expiresAt);
            }
            return null;
        });
        if (ended != null) {
            throw ended;
        }
    }

    private boolean appDisabled(Tx tx, AuthorizationState a) {
        return a.linkedApp != null && linked.enabled().enabledIn(tx, a.shield, a.linkedApp).isEmpty();
    }

    private static ShieldException appDisabledException() {
        return new ShieldException(ErrorCode.LINKED_APP_DISABLED,
                "the credential was disabled in the app this payment came through; it can no longer be signed");
    }

    /** Reserves every configured cumulative limit, or refuses and rolls all of them back. */
    private void reserve(Tx tx, AuthorizationState a, ShieldState s, Money amount, Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ctx.renewalPolicy().zone());
        YearMonth month = YearMonth.from(day);
        List<Object[]> limits = new ArrayList<>();
        ctx.cumulativeLimits().dailyPerShield().ifPresent(l -> limits.add(new Object[]{"lim_sd:" + s.number + ":" + day, l, "daily limit of the shield"}));
        ctx.cumulativeLimits().monthlyPerShield().ifPresent(l -> limits.add(new Object[]{"lim_sm:" + s.number + ":" + month, l, "monthly limit of the shield"}));
        ctx.cumulativeLimits().dailyPerEnterprise().ifPresent(l -> limits.add(new Object[]{"lim_ed:" + s.enterprise + ":" + day, l, "daily limit of the enterprise"}));
        ctx.cumulativeLimits().monthlyPerEnterprise().ifPresent(l -> limits.add(new Object[]{"lim_em:" + s.enterprise + ":" + month, l, "monthly limit of the enterprise"}));
        for (Object[] l : limits) {
            Money limit = (Money) l[1];
            if (!limit.sameCurrencyAs(amount)) {
                throw new Refusal(new Authorization.Denied(ErrorCode.INVALID_AMOUNT, "the " + l[2] + " is in " + limit.currency()
                        + ", the transaction in " + amount.currency()));
            }
            long minor = amount.toMinorUnits();
            if (tx.store().addIfAtMost((String) l[0], minor, limit.toMinorUnits()).isEmpty()) {
                throw new Refusal(new Authorization.Denied(ErrorCode.LIMIT_EXCEEDED, "the " + l[2] + " of " + limit + " would be exceeded"));
            }
            a.reservations.add(l[0] + "=" + minor);
        }
    }

    private void release(Tx tx, Loaded l) {
        for (String r : l.state().reservations) {
            int eq = r.lastIndexOf('=');
            tx.store().addIfAtMost(r.substring(0, eq), -Long.parseLong(r.substring(eq + 1)), Long.MAX_VALUE);
        }
        l.state().status = AuthorizationState.RELEASED;
        save(tx, l);
    }

    /** Gives back the limits of a shield's authorizations that lapsed unsigned. */
    private void releaseExpired(Tx tx, String shield) {
        Instant now = ctx.now();
        for (Document d : tx.store().find(AUTHORIZATIONS, "open", shield, 0, 100)) {
            AuthorizationState a = ctx.json().read(d.body(), AuthorizationState.class);
            if (!now.isBefore(Instant.parse(a.expiresAt))) {
                release(tx, new Loaded(a, d.version()));
            }
        }
    }

    @Override
    public CollaborativeSm2.CoSignature coSign(AuthorizationId authorization, RoundProof proof, byte[] q1) {
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(q1, "q1");
        refuseIfEnded(authorization);
        ShieldNumber shield = ctx.transaction(tx -> ShieldNumber.of(load(tx, authorization.value()).state().shield));
        byte[][] content = new byte[1][];
        ShieldState s = pins.proveRound(PinGuard.Round.PAYMENT, shield, shield.value(), proof, new PinGuard.RoundSteps() {
            @Override
            public void before(Tx tx, ShieldState st) {
                Loaded l = open(tx, authorization);
                if (l.state().coSignPending) {
                    throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "a co-sign round for this authorization is already waiting");
                }
            }

            @Override
            public void proven(Tx tx, ShieldState st) {
                Loaded l = open(tx, authorization);
                if (l.state().coSignPending) {
                    throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "a co-sign round for this authorization is already waiting");
                }
                l.state().coSignPending = true;
                l.state().reservedFailures = tx.store().counter(PinGuard.failureCounter(st.number));
                save(tx, l);
                content[0] = Base64.getDecoder().decode(l.state().content);
            }
        });
        try {
            CollaborativeSm2 bank = PinGuard.collaborative(ctx);
            byte[] e = bank.digest(PinGuard.publicKey(ctx, s), content[0]);
            return bank.coSign(PinGuard.share(s), e, q1);
        } catch (RuntimeException ex) {
            // a bad Q1: the attempt stays counted (a PIN was tried), the authorization waits again
            ctx.transaction(tx -> {
                Loaded l = load(tx, authorization.value());
                l.state().coSignPending = false;
                save(tx, l);
                return null;
            });
            throw ex;
        }
    }

    @Override
    public SignatureReceipt complete(AuthorizationId authorization, byte[] signature, Optional<? extends PinProof> pin) {
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(pin, "pin");
        refuseIfEnded(authorization);
        Loaded l = ctx.transaction(tx -> open(tx, authorization));
        ShieldState s = ctx.transaction(tx -> ctx.shields().require(tx.store(), ShieldNumber.of(l.state().shield)).state());
        CustodyMode custody = CustodyMode.valueOf(s.custody);
        if (custody == CustodyMode.HOSTED) {
            throw new ShieldException(ErrorCode.ILLEGAL_STATE, "a HOSTED shield is signed by the bank: use signHosted");
        }
        if (custody == CustodyMode.DEVICE) {
            PinProof proof = pin.orElseThrow(() -> new ShieldException(ErrorCode.INVALID_ARGUMENT,
                    "a DEVICE signature comes with a PIN block or a biometric signature"));
            requirePin(s, proof, l);
        } else {
            if (pin.isPresent()) {
                throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "a COLLABORATIVE signature proves the PIN itself");
            }
            if (!l.state().coSignPending) {
                throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "no co-sign round is waiting for this authorization");
            }
        }
        byte[] content = Base64.getDecoder().decode(l.state().content);
        SignatureScheme scheme = KeyAlgorithm.valueOf(s.algorithm).defaultScheme();
        boolean valid = ctx.crypto().signatures().verify(PinGuard.publicKey(ctx, s), scheme, content, signature);
        if (!valid) {
            throw refuseSignature(authorization, s, signature, custody);
        }
        return accept(authorization, s, content, signature, scheme);
    }

    @Override
    public SignatureReceipt signHosted(AuthorizationId authorization, PinProof pin) {
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(pin, "pin");
        refuseIfEnded(authorization);
        Loaded l = ctx.transaction(tx -> open(tx, authorization));
        ShieldState s = ctx.transaction(tx -> ctx.shields().require(tx.store(), ShieldNumber.of(l.state().shield)).state());
        if (CustodyMode.valueOf(s.custody) != CustodyMode.HOSTED) {
            throw new ShieldException(ErrorCode.ILLEGAL_STATE, "only a HOSTED shield is signed by the bank");
        }
        requirePin(s, pin, l);
        byte[] content = Base64.getDecoder().decode(l.state().content);
        SignatureScheme scheme = KeyAlgorithm.valueOf(s.algorithm).defaultScheme();
        byte[] signature = ctx.crypto().keyStorage().sign(new KeyHandle(s.keyStorage, s.keyAlias, KeyAlgorithm.valueOf(s.algorithm)), scheme, content);
        return accept(authorization, s, content, signature, scheme);
    }

    /**
     * DEVICE and HOSTED: the payment's confirmation — the PIN block, or the biometric signature of
     * the key registered for the shield's biometric method (R2.3) — counted under the PIN policy.
     */
    private void requirePin(ShieldState s, PinProof proof, Loaded l) {
        if (proof instanceof PinProof.JointSignature) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "a payment is confirmed by a PIN block or a biometric signature");
        }
        PinCheck check = pins.check(ShieldNumber.of(s.number), proof, Actor.holder(s.account));
        if (check instanceof PinCheck.Rejected r) {
            throw PinGuard.rejectedException(proof, r);
        }
        if (check instanceof PinCheck.Locked locked) {
            ctx.transaction(tx -> {
                release(tx, load(tx, l.state().id));
                return null;
            });
            throw PinGuard.lockedException(locked);
        }
    }

    private ShieldException refuseSignature(AuthorizationId authorization, ShieldState s, byte[] signature, CustodyMode custody) {
        Object result = ctx.transaction(tx -> {
            Loaded l = load(tx, authorization.value());
            history.record(tx, l.state(), s, signature, SignatureRecord.Outcome.REJECTED, Optional.empty());
            if (custody != CustodyMode.COLLABORATIVE) {
                save(tx, l);
                return new ShieldException(ErrorCode.SIGNATURE_INVALID, "the signature does not verify over the transaction");
            }
            // COLLABORATIVE: a terminal abort (R10.6). The round already counted the attempt; the
            // failing signature keeps it counted, and the authorization is closed for good, so
            // the round's nonces are never used again
            l.state().coSignPending = false;
            ShieldRepository.Loaded shield = ctx.shields().require(tx.store(), ShieldNumber.of(s.number));
            PinCheck after = ctx.pinPolicy().afterFailure((int) l.state().reservedFailures, shield.state().timedFreezes, ctx.now());
            tx.auditRefusal(Actor.holder(s.account), "pin.rejected", s.number, Map.of("failures", Long.toString(l.state().reservedFailures)));
            release(tx, l);
            if (after instanceof PinCheck.Locked locked) {
                if (ShieldStatus.valueOf(shield.state().status).canBecome(ShieldStatus.LOCKED)) {
                    Transitions.lockForPin(ctx, tx, shield, locked);
                }
                return PinGuard.lockedException(locked);
            }
            int left = ((PinCheck.Rejected) after).attemptsLeft();
            return ShieldException.withAttemptsLeft(ErrorCode.SIGNATURE_INVALID, "the joint signature does not verify: wrong PIN, "
                    + left + " attempts left (R5.1)", left);
        });
        return (ShieldException) result;
    }

    private SignatureReceipt accept(AuthorizationId authorization, ShieldState s, byte[] content, byte[] signature, SignatureScheme scheme) {
        java.security.cert.X509Certificate cert = history.certificate(s);
        List<java.security.cert.X509Certificate> chain = ctx.crypto().certificateAuthority().chain(KeyAlgorithm.valueOf(s.algorithm).family());
        byte[] assembled = ctx.crypto().signatures().assembleCms(signature, scheme, cert, chain, content);
        // a trusted time for the signature (R6.6): the token goes into the CMS, outside the transaction
        KeyAlgorithm.Family family = KeyAlgorithm.valueOf(s.algorithm).family();
        byte[] cms = ctx.crypto().timeStamping()
                .map(tsa -> ctx.crypto().signatures().addSignatureTimeStamp(assembled, tsa, family)).orElse(assembled);
        return ctx.transaction(tx -> {
            Loaded l = load(tx, authorization.value());
            if (!AuthorizationState.RESERVED.equals(l.state().status)) {
                throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "the authorization was already used, cancelled or expired");
            }
            // the shield may have been reported lost, frozen, locked or revoked since the round
            // began: nothing is recorded for a shield that cannot sign now
            ShieldRepository.Loaded shield = shields.applyExpiry(tx, ctx.shields().require(tx.store(), ShieldNumber.of(s.number)));
            PinGuard.requireUsable(shield.state());
            // and it is claimed for this signature: a freeze, loss report, revocation or renewal on
            // another node that read the shield before this commits fails its version check and
            // starts again, so the CA dates it after this signature's time-stamp; one that wrote the
            // shield first makes this transaction start again and see it. Without the claim, a hold
            // committed between this read and this commit was dated before an accepted signature,
            // whose evidence then no longer verified (issue 19's soak)
            ctx.shields().update(tx.store(), shield);
            if (appDisabled(tx, l.state())) {
                throw appDisabledException();
            }
            if (CustodyMode.valueOf(s.custody) == CustodyMode.COLLABORATIVE) {
                tx.store().resetCounter(PinGuard.failureCounter(s.number));
            }
            l.state().status = AuthorizationState.COMMITTED;
            l.state().coSignPending = false;
            save(tx, l);
            SignatureRecord record = history.record(tx, l.state(), s, signature, SignatureRecord.Outcome.ACCEPTED,
                    Optional.of(new SignatureHistoryImpl.EvidenceParts(content, cms, cert, chain)));
            tx.audit(Actor.holder(s.account), "transaction.signed", s.number, Map.of("authorization", l.state().id,
                    "serial", s.certSerial));
            return new SignatureReceipt(record, cms);
        });
    }

    @Override
    public void cancel(AuthorizationId authorization) {
        Objects.requireNonNull(authorization, "authorization");
        ctx.transaction(tx -> {
            Optional<Document> d = tx.store().get(AUTHORIZATIONS, authorization.value());
            if (d.isEmpty()) {
                throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "no authorization " + authorization.value());
            }
            Loaded l = new Loaded(ctx.json().read(d.get().body(), AuthorizationState.class), d.get().version());
            if (AuthorizationState.RESERVED.equals(l.state().status)) {
                release(tx, l);
                tx.audit(Actor.system("transactions"), "transaction.cancelled", l.state().shield, Map.of("authorization", l.state().id));
            }
            return null;
        });
    }

    private Loaded open(Tx tx, AuthorizationId id) {
        Loaded l = load(tx, id.value());
        if (!AuthorizationState.RESERVED.equals(l.state().status)) {
            throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "the authorization was already used, cancelled or expired");
        }
        if (!ctx.now().isBefore(Instant.parse(l.state().expiresAt))) {
            // expired since refuseIfEnded looked: this transaction is refused, so nothing it wrote
            // would stay; the next authorization of the shield or a cancel gives the reservation back
            throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "the authorization expired at " + l.state().expiresAt);
        }
        return l;
    }

    private Loaded load(Tx tx, String id) {
        Document d = tx.store().get(AUTHORIZATIONS, id).orElseThrow(() -> new ShieldException(ErrorCode.CHALLENGE_INVALID,
                "no authorization " + id));
        return new Loaded(ctx.json().read(d.body(), AuthorizationState.class), d.version());
    }

    private void save(Tx tx, Loaded l) {
        tx.store().update(AUTHORIZATIONS, l.state().id, l.version(), ctx.json().write(l.state()), index(l.state()));
    }

    private static Map<String, String> index(AuthorizationState a) {
        return AuthorizationState.RESERVED.equals(a.status) ? Map.of("open", a.shield) : Map.of("shield", a.shield);
    }

    private static void requireConsistentPayroll(Transaction t) {
        if (t.payroll().isEmpty()) {
            return;
        }
        Currency c = t.amount().currency();
        BigDecimal sum = BigDecimal.ZERO;
        for (PayrollLine line : t.payroll()) {
            if (!line.amount().currency().equals(c)) {
                throw new ShieldException(ErrorCode.INVALID_AMOUNT, "every payroll line is in the batch's currency " + c);
            }
            sum = sum.add(line.amount().amount());
        }
        if (sum.compareTo(t.amount().amount()) != 0) {
            throw new ShieldException(ErrorCode.INVALID_AMOUNT, "the payroll lines add up to " + sum.toPlainString()
                    + ", not to the batch total " + t.amount().amount().toPlainString());
        }
    }
}
