package io.mshield.core.internal.linked;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.internal.Context;
import io.mshield.core.internal.Tx;
import io.mshield.core.internal.pin.PinGuard;
import io.mshield.core.internal.shield.ShieldRepository;
import io.mshield.core.internal.shield.ShieldState;
import io.mshield.core.internal.shield.Transitions;
import io.mshield.crypto.SignatureScheme;
import io.mshield.enrollment.OneTimeCode;
import io.mshield.enrollment.SmsSender;
import io.mshield.identity.DeviceId;
import io.mshield.identity.PhoneNumber;
import io.mshield.identity.ShieldNumber;
import io.mshield.linked.IdentityChallenge;
import io.mshield.linked.IdentityChallengePolicy;
import io.mshield.linked.LinkedAppPolicy;
import io.mshield.linked.LinkedAppService;
import io.mshield.linked.LinkedCredential;
import io.mshield.persistence.Document;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinProof;
import io.mshield.shield.ShieldStatus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Linked apps (R9). The credential's per-app state is one document per shield, changed by
 * optimistic versions; every check that can be guessed (the code, the SMS code, the ID digits)
 * is counted atomically before it is evaluated. The credential's status is checked first, so a
 * frozen or locked credential is refused before any code is evaluated (R9.5).
 */
public final class LinkedAppServiceImpl implements LinkedAppService {
    /** The collection of per-shield app states. */
    public static final String CREDENTIALS = "linked_credentials";
    /** The collection of identity challenges. */
    public static final String IDENTITY = "identity_challenges";
    private static final Duration BIOMETRIC_CHALLENGE_LIFETIME = Duration.ofMinutes(2);

    private final Context ctx;
    private final PinGuard pins;
    private final LinkedAppPolicy policy;
    private final IdentityChallengePolicy identityPolicy;

    /** Stored per-shield state. */
    public static final class Stored {
        /** Shield. */
        public String shield;
        /** Apps. */
        public List<StoredApp> apps = new ArrayList<>();
        /** Keyed MAC of the SMS code. */
        public String otpMac;
        /** When the code was sent. */
        public String otpSentAt;
        /** When it expires. */
        public String otpExpiresAt;

        /** For the JSON codec. */
        public Stored() {
        }
    }

    /** One app's state. */
    public static final class StoredApp {
        /** App id. */
        public String app;
        /** Enabled. */
        public String enabledAt;
        /** Effective after cooling-off. */
        public String effectiveAt;
        /** Synced from. */
        public String syncedFrom;
        /** Biometric key, SPKI base64. */
        public String biometricKey;
        /** Current biometric nonce, hex. */
        public String nonce;
        /** Nonce expiry. */
        public String nonceExpiresAt;

        /** For the JSON codec. */
        public StoredApp() {
        }
    }

    /** Stored identity challenge. */
    public static final class StoredIdentity {
        /** Id. */
        public String id;
        /** Shield. */
        public String shield;
        /** Positions. */
        public List<Integer> positions = new ArrayList<>();
        /** Expiry. */
        public String expiresAt;
        /** Used. */
        public boolean used;

        /** For the JSON codec. */
        public StoredIdentity() {
        }
    }

    /**
     * Creates the service.
     *
     * @param ctx    the context
     * @param pins   the PIN checks
     * @param policy         the per-app cooling-off
     * @param identityPolicy how identity challenges are asked and how often
     */
    public LinkedAppServiceImpl(Context ctx, PinGuard pins, LinkedAppPolicy policy, IdentityChallengePolicy identityPolicy) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.pins = Objects.requireNonNull(pins, "pins");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.identityPolicy = Objects.requireNonNull(identityPolicy, "identityPolicy");
    }

    /**
     * The credential's entry for an app, read in the caller's transaction: what payments through
     * the app's channels check (R6.5, R9.3).
     *
     * @param tx     the transaction
     * @param shield the shield number
     * @param app    the app id
     * @return the app's entry, empty when the credential is not enabled there
     */
    public Optional<LinkedCredential.App> enabledIn(Tx tx, String shield, String app) {
        Stored st = loadOrNew(tx, shield).state();
        return find(st, app).map(LinkedAppServiceImpl::appView);
    }

    @Override
    public IdentityChallenge identityChallenge(ShieldNumber shield) {
        ShieldState s = usable(shield);
        TreeSet<Integer> positions = new TreeSet<>();
        while (positions.size() < identityPolicy.positions()) {
            positions.add(1 + ctx.random().nextInt(io.mshield.identity.ResidentIdNumber.LENGTH));
        }
        StoredIdentity c = new StoredIdentity();
        c.id = ctx.randomId();
        c.shield = s.number;
        c.positions = new ArrayList<>(positions);
        c.expiresAt = ctx.now().plus(identityPolicy.lifetime()).toString();
        Object outcome = ctx.transaction(tx -> {
            // R9.4: the day's count per person, taken atomically (a conditional update) before
            // anything is issued; a refusal leaves the count as it was and records only the refusal
            if (tx.store().addIfAtMost(identityDaily(s), 1, identityPolicy.perPersonPerDay()).isEmpty()) {
                tx.auditRefusal(Actor.holder(s.account), "linked.identity_limit", s.number,
                        Map.of("perDay", Integer.toString(identityPolicy.perPersonPerDay())));
                return new ShieldException(ErrorCode.IDENTITY_CHALLENGE_LIMIT, "the holder was asked "
                        + identityPolicy.perPersonPerDay() + " identity challenges today, the most a day allows; try again tomorrow");
            }
            tx.store().insert(IDENTITY, c.id, ctx.json().write(c), Map.of());
            return null;
        });
        if (outcome instanceof ShieldException e) {
            throw e;
        }
        return new IdentityChallenge(c.id, c.positions, Instant.parse(c.expiresAt));
    }

    @Override
    public void sendSmsCode(ShieldNumber shield) {
        ShieldState s = usable(shield);
        char[] digits = new char[ctx.otpPolicy().length()];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = (char) ('0' + ctx.random().nextInt(10));
        }
        String daily = "otp_daily:" + s.holderPhone + ":" + LocalDate.ofInstant(ctx.now(), ctx.renewalPolicy().zone());
        try (OneTimeCode code = OneTimeCode.of(digits)) {
            Arrays.fill(digits, '\0');
            ctx.transaction(tx -> {
                Loaded l = loadOrNew(tx, s.number);
                Instant now = ctx.now();
                if (l.state().otpSentAt != null && now.isBefore(ctx.otpPolicy().nextSendAllowedAt(Instant.parse(l.state().otpSentAt)))) {
                    throw new ShieldException(ErrorCode.OTP_RATE_LIMITED, "a new code can be sent from "
                            + ctx.otpPolicy().nextSendAllowedAt(Instant.parse(l.state().otpSentAt)));
                }
                if (tx.store().addIfAtMost(daily, 1, ctx.otpPolicy().dailyCap()).isEmpty()) {
                    throw new ShieldException(ErrorCode.OTP_RATE_LIMITED, "the daily number of codes for this phone is used up");
                }
                l.state().otpMac = otpMac(s.number, code);
                l.state().otpSentAt = now.toString();
                l.state().otpExpiresAt = ctx.otpPolicy().expiresAt(now).toString();
                tx.store().resetCounter(otpFailures(s.number));
                save(tx, l);
                tx.audit(Actor.holder(s.account), "linked.otp_sent", s.number, Map.of("to", PhoneNumber.of(s.holderPhone).masked()));
                return null;
            });
            try {
                ctx.sms().send(PhoneNumber.of(s.holderPhone), SmsSender.Purpose.LINKED_APP, code);
            } catch (RuntimeException e) {
                ctx.transaction(tx -> {
                    tx.store().addIfAtMost(daily, -1, Long.MAX_VALUE);
                    Loaded l = loadOrNew(tx, s.number);
                    l.state().otpMac = null;
                    l.state().otpSentAt = null;
                    l.state().otpExpiresAt = null;
                    save(tx, l);
                    return null;
                });
                throw new ShieldException(ErrorCode.ADAPTER_FAILURE, "the SMS gateway failed; no code was sent", e);
            }
        }
    }

    @Override
    public LinkedCredential enable(ShieldNumber shield, String app, DeviceId device, String identity, String identityDigits,
                                   OneTimeCode sms, PinProof.EncryptedPin code) {
        LinkedCredential.requireAppId(app);
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(identityDigits, "identityDigits");
        Objects.requireNonNull(sms, "sms");
        Objects.requireNonNull(code, "code");
        ShieldState s = usable(shield);
        requireDevice(s, device);
        requireNotEnabled(s.number, app);
        answerIdentity(s, identity, identityDigits);
        checkOtp(s, sms);
        checkCode(shield, code, s);
        return ctx.transaction(tx -> {
            Loaded l = loadOrNew(tx, s.number);
            if (find(l.state(), app).isPresent()) {
                throw new ShieldException(ErrorCode.ILLEGAL_STATE, "the credential is already enabled in " + app);
            }
            l.state().apps.add(newApp(app, null));
            save(tx, l);
            tx.audit(Actor.holder(s.account), "linked.enabled", s.number, Map.of("app", app));
            return view(s, l.state());
        });
    }

    @Override
    public LinkedCredential sync(ShieldNumber shield, String fromApp, String toApp, DeviceId device, PinProof.EncryptedPin code) {
        LinkedCredential.requireAppId(fromApp);
        LinkedCredential.requireAppId(toApp);
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(code, "code");
        if (fromApp.equals(toApp)) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "a credential syncs to another app");
        }
        ShieldState s = usable(shield);
        requireDevice(s, device);
        ctx.transaction(tx -> {
            Loaded l = loadOrNew(tx, s.number);
            if (find(l.state(), fromApp).isEmpty()) {
                throw new ShieldException(ErrorCode.ILLEGAL_STATE, "the credential is not enabled in " + fromApp + " to sync from");
            }
            if (find(l.state(), toApp).isPresent()) {
                throw new ShieldException(ErrorCode.ILLEGAL_STATE, "the credential is already enabled in " + toApp);
            }
            return null;
        });
        checkCode(shield, code, s);
        return ctx.transaction(tx -> {
            Loaded l = loadOrNew(tx, s.number);
            if (find(l.state(), fromApp).isEmpty() || find(l.state(), toApp).isPresent()) {
                throw new ShieldException(ErrorCode.CONCURRENT_MODIFICATION, "the credential's apps changed meanwhile");
            }
            l.state().apps.add(newApp(toApp, fromApp));
            save(tx, l);
            tx.audit(Actor.holder(s.account), "linked.synced", s.number, Map.of("from", fromApp, "to", toApp));
            return view(s, l.state());
        });
    }

    @Override
    public byte[] biometricChallenge(ShieldNumber shield, String app) {
        LinkedCredential.requireAppId(app);
        ShieldState s = usable(shield);
        byte[] nonce = ctx.randomBytes(32);
        ctx.transaction(tx -> {
            Loaded l = loadOrNew(tx, s.number);
            StoredApp a = find(l.state(), app).orElseThrow(() -> notEnabled(app));
            a.nonce = HexFormat.of().formatHex(nonce);
            a.nonceExpiresAt = ctx.now().plus(BIOMETRIC_CHALLENGE_LIFETIME).toString();
            save(tx, l);
            return null;
        });
        return nonce;
    }

    @Override
    public LinkedCredential enableBiometric(ShieldNumber shield, String app, PinProof.EncryptedPin code, OneTimeCode sms,
                                            byte[] biometricKey, byte[] signature) {
        LinkedCredential.requireAppId(app);
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(sms, "sms");
        Objects.requireNonNull(biometricKey, "biometricKey");
        Objects.requireNonNull(signature, "signature");
        ShieldState s = usable(shield);
        PublicKey key = ctx.crypto().signatures().decodePublicKey(biometricKey.clone());
        if (!"EC".equals(key.getAlgorithm())) {
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "a biometric key is a P-256 key of the device's keystore");
        }
        ctx.transaction(tx -> find(loadOrNew(tx, s.number).state(), app).orElseThrow(() -> notEnabled(app)));
        checkOtp(s, sms);
        checkCode(shield, code, s);
        return ctx.transaction(tx -> {
            Loaded l = loadOrNew(tx, s.number);
            StoredApp a = find(l.state(), app).orElseThrow(() -> notEnabled(app));
            consumeNonce(a, key, signature);
            a.biometricKey = Base64.getEncoder().encodeToString(biometricKey);
            save(tx, l);
            tx.audit(Actor.holder(s.account), "linked.biometric_enabled", s.number, Map.of("app", app));
            return view(s, l.state());
        });
    }

    @Override
    public LinkedCredential biometricLogin(ShieldNumber shield, String app, byte[] signature) {
        LinkedCredential.requireAppId(app);
        Objects.requireNonNull(signature, "signature");
        ShieldState s = usable(shield);
        return ctx.transaction(tx -> {
            Loaded l = loadOrNew(tx, s.number);
            StoredApp a = find(l.state(), app).orElseThrow(() -> notEnabled(app));
            if (a.biometricKey == null) {
                throw new ShieldException(ErrorCode.AUTH_METHOD_UNSUPPORTED, "biometric login is not enabled in " + app);
            }
            consumeNonce(a, ctx.crypto().signatures().decodePublicKey(Base64.getDecoder().decode(a.biometricKey)), signature);
            save(tx, l);
            tx.audit(Actor.holder(s.account), "linked.biometric_login", s.number, Map.of("app", app));
            return view(s, l.state());
        });
    }

    @Override
    public LinkedCredential disable(ShieldNumber shield, String app, OneTimeCode sms) {
        LinkedCredential.requireAppId(app);
        Objects.requireNonNull(shield, "shield");
        Objects.requireNonNull(sms, "sms");
        ShieldState s = ctx.transaction(tx -> ctx.shields().require(tx.store(), shield).state());
        ctx.transaction(tx -> find(loadOrNew(tx, s.number).state(), app).orElseThrow(() -> notEnabled(app)));
        checkOtp(s, sms);
        return ctx.transaction(tx -> {
            Loaded l = loadOrNew(tx, s.number);
            if (find(l.state(), app).isEmpty()) {
                throw notEnabled(app);
            }
            List<String> apps = l.state().apps.stream().map(a -> a.app).toList();
            l.state().apps.clear();
            save(tx, l);
            tx.audit(Actor.holder(s.account), "linked.disabled", s.number, Map.of("in", app, "apps", String.join(",", apps)));
            return view(s, l.state());
        });
    }

    @Override
    public LinkedCredential status(ShieldNumber shield) {
        return ctx.transaction(tx -> {
            ShieldState s = ctx.shields().require(tx.store(), shield).state();
            return view(s, loadOrNew(tx, s.number).state());
        });
    }

    @Override
    public void requireEffective(ShieldNumber shield, String app) {
        LinkedCredential.requireAppId(app);
        LinkedCredential c = status(shield);
        LinkedCredential.App a = c.app(app).orElseThrow(() -> notEnabled(app));
        if (ctx.now().isBefore(a.effectiveAt())) {
            throw new ShieldException(ErrorCode.COOLING_OFF, "the credential became usable in " + app + " at " + a.enabledAt()
                    + "; high-risk transactions there wait until " + a.effectiveAt());
        }
    }

    // --- checks -------------------------------------------------------------------------------

    /** R9.5: a frozen (24 h or permanent), locked or otherwise unusable credential is refused first. */
    private ShieldState usable(ShieldNumber shield) {
        Objects.requireNonNull(shield, "shield");
        return ctx.transaction(tx -> {
            ShieldRepository.Loaded loaded = Transitions.liftExpiredPinLock(ctx, tx, ctx.shields().require(tx.store(), shield));
            ShieldState s = loaded.state();
            if (ShieldStatus.valueOf(s.status) == ShieldStatus.LOCKED) {
                throw new ShieldException(ErrorCode.PIN_LOCKED, "the credential is frozen after wrong codes"
                        + (s.lockedUntil != null ? " until " + s.lockedUntil : " permanently")
                        + " and can be neither synced nor enabled; visit a branch to unfreeze it");
            }
            PinGuard.requireUsable(s);
            return s;
        });
    }

    private static void requireDevice(ShieldState s, DeviceId device) {
        if (!device.value().equals(s.device)) {
            throw new ShieldException(ErrorCode.FORBIDDEN, "the credential lives on another device; apps share it only on its own device");
        }
    }

    private void requireNotEnabled(String shield, String app) {
        ctx.transaction(tx -> {
            if (find(loadOrNew(tx, shield).state(), app).isPresent()) {
                throw new ShieldException(ErrorCode.ILLEGAL_STATE, "the credential is already enabled in " + app);
            }
            return null;
        });
    }

    private void checkCode(ShieldNumber shield, PinProof.EncryptedPin code, ShieldState s) {
        PinCheck check = pins.check(shield, code, Actor.holder(s.account));
        if (check instanceof PinCheck.Rejected r) {
            throw ShieldException.withAttemptsLeft(ErrorCode.PIN_INCORRECT, "the code is wrong; " + r.attemptsLeft() + " attempts left",
                    r.attemptsLeft());
        }
        if (check instanceof PinCheck.Locked locked) {
            throw PinGuard.lockedException(locked);
        }
    }

    private void answerIdentity(ShieldState s, String challengeId, String digits) {
        ctx.transaction(tx -> {
            Document d = tx.store().get(IDENTITY, challengeId).filter(x -> challengeId.length() <= 64)
                    .orElseThrow(() -> new ShieldException(ErrorCode.CHALLENGE_INVALID, "no such identity challenge"));
            StoredIdentity c = ctx.json().read(d.body(), StoredIdentity.class);
            if (!c.shield.equals(s.number) || c.used || !ctx.now().isBefore(Instant.parse(c.expiresAt))) {
                throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "the identity challenge is used, expired or not this shield's");
            }
            if (tx.store().addIfAtMost("identity_attempts:" + c.id, 1, identityPolicy.attemptsPerChallenge()).isEmpty()) {
                throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "the identity challenge has no attempts left; ask for a new one");
            }
            return null;
        });
        Object outcome = ctx.transaction(tx -> {
            Document d = tx.store().get(IDENTITY, challengeId).orElseThrow();
            StoredIdentity c = ctx.json().read(d.body(), StoredIdentity.class);
            StringBuilder expected = new StringBuilder();
            for (int p : c.positions) {
                expected.append(s.holderId.charAt(p - 1));
            }
            boolean ok = MessageDigest.isEqual(expected.toString().getBytes(StandardCharsets.US_ASCII),
                    digits.toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
            if (!ok) {
                long left = identityPolicy.attemptsPerChallenge() - tx.store().counter("identity_attempts:" + c.id);
                tx.auditRefusal(Actor.holder(s.account), "linked.identity_rejected", s.number, Map.of("challenge", c.id));
                return ShieldException.withAttemptsLeft(ErrorCode.CHALLENGE_INVALID, "the ID digits do not match; "
                        + left + " attempts left", (int) left);
            }
            c.used = true;
            tx.store().update(IDENTITY, c.id, d.version(), ctx.json().write(c), Map.of());
            return null;
        });
        if (outcome instanceof ShieldException e) {
            throw e;
        }
    }

    private void checkOtp(ShieldState s, OneTimeCode sms) {
        Object outcome = ctx.transaction(tx -> {
            Loaded l = loadOrNew(tx, s.number);
            Stored st = l.state();
            if (st.otpMac == null || !ctx.now().isBefore(Instant.parse(st.otpExpiresAt))) {
                throw new ShieldException(ErrorCode.OTP_EXPIRED, "no valid SMS code; request a new one");
            }
            if (tx.store().addIfAtMost(otpFailures(s.number), 1, ctx.otpPolicy().maxAttempts()).isEmpty()) {
                st.otpMac = null;
                save(tx, l);
                return new ShieldException(ErrorCode.OTP_EXPIRED, "too many wrong SMS codes; request a new one");
            }
            boolean ok = MessageDigest.isEqual(HexFormat.of().parseHex(otpMac(s.number, sms)), HexFormat.of().parseHex(st.otpMac));
            if (!ok) {
                return new ShieldException(ErrorCode.OTP_INCORRECT, "the SMS code is wrong");
            }
            st.otpMac = null;
            st.otpExpiresAt = null;
            tx.store().resetCounter(otpFailures(s.number));
            save(tx, l);
            return null;
        });
        if (outcome instanceof ShieldException e) {
            throw e;
        }
    }

    private void consumeNonce(StoredApp a, PublicKey key, byte[] signature) {
        if (a.nonce == null || !ctx.now().isBefore(Instant.parse(a.nonceExpiresAt))) {
            throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "no live biometric challenge; ask for a new one");
        }
        byte[] nonce = HexFormat.of().parseHex(a.nonce);
        a.nonce = null;
        a.nonceExpiresAt = null;
        if (!ctx.crypto().signatures().verify(key, SignatureScheme.ECDSA_SHA256, nonce, signature)) {
            throw new ShieldException(ErrorCode.SIGNATURE_INVALID, "the biometric signature does not verify");
        }
    }

    // --- storage ------------------------------------------------------------------------------

    private record Loaded(Stored state, long version) {
    }

    private Loaded loadOrNew(Tx tx, String shield) {
        Optional<Document> d = tx.store().get(CREDENTIALS, shield);
        if (d.isEmpty()) {
            Stored st = new Stored();
            st.shield = shield;
            return new Loaded(st, -1);
        }
        return new Loaded(ctx.json().read(d.get().body(), Stored.class), d.get().version());
    }

    private void save(Tx tx, Loaded l) {
        if (l.version() < 0) {
            try {
                tx.store().insert(CREDENTIALS, l.state().shield, ctx.json().write(l.state()), Map.of());
            } catch (ShieldException e) {
                throw e.code() == ErrorCode.ALREADY_EXISTS
                        ? new ShieldException(ErrorCode.CONCURRENT_MODIFICATION, "created meanwhile", e) : e;
            }
        } else {
            tx.store().update(CREDENTIALS, l.state().shield, l.version(), ctx.json().write(l.state()), Map.of());
        }
    }

    private StoredApp newApp(String app, String syncedFrom) {
        Instant now = ctx.now();
        StoredApp a = new StoredApp();
        a.app = app;
        a.enabledAt = now.toString();
        a.effectiveAt = now.plus(policy.coolingOff(app)).toString();
        a.syncedFrom = syncedFrom;
        return a;
    }

    private static Optional<StoredApp> find(Stored st, String app) {
        return st.apps.stream().filter(a -> a.app.equals(app)).findFirst();
    }

    private static ShieldException notEnabled(String app) {
        return new ShieldException(ErrorCode.ILLEGAL_STATE, "the credential is not enabled in " + app);
    }

    private static String otpFailures(String shield) {
        return "linked_otp_failures:" + shield;
    }

    private String otpMac(String shield, OneTimeCode code) {
        return ctx.keyedHash(ctx.systemKeys().otpMac(), "mshield-linked-otp", shield, code.toUtf8Bytes());
    }

    private static LinkedCredential view(ShieldState s, Stored st) {
        return new LinkedCredential(ShieldNumber.of(s.number), DeviceId.of(s.device), st.apps.stream()
                .map(LinkedAppServiceImpl::appView).toList());
    }

    private static LinkedCredential.App appView(StoredApp a) {
        return new LinkedCredential.App(a.app, Instant.parse(a.enabledAt), Instant.parse(a.effectiveAt),
                a.biometricKey != null, Optional.ofNullable(a.syncedFrom));
    }

    /** The person's identity-challenge count of the day; the ID number enters only as a keyed hash. */
    private String identityDaily(ShieldState s) {
        LocalDate day = LocalDate.ofInstant(ctx.now(), identityPolicy.zone());
        String person = ctx.keyedHash(ctx.systemKeys().otpMac(), "mshield-identity-daily", "person",
                s.holderId.getBytes(StandardCharsets.US_ASCII));
        return "identity_daily:" + person.substring(0, 32) + ":" + day;
    }
}
