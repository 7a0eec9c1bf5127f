package io.mshield.core.internal.enrollment;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.certificate.RevocationReason;
import io.mshield.core.internal.Context;
import io.mshield.core.internal.Tx;
import io.mshield.core.internal.pin.PinGuard;
import io.mshield.core.internal.shield.Bindings;
import io.mshield.core.internal.shield.ShieldRepository;
import io.mshield.core.internal.shield.ShieldServiceImpl;
import io.mshield.core.internal.shield.ShieldState;
import io.mshield.core.internal.shield.Transitions;
import io.mshield.core.internal.shield.Views;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.CsrChecker;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.enrollment.Application;
import io.mshield.enrollment.EnrollmentId;
import io.mshield.enrollment.EnrollmentService;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.EnrollmentStep;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.KeyProposal;
import io.mshield.enrollment.KeySetup;
import io.mshield.enrollment.OneTimeCode;
import io.mshield.enrollment.SmsSender;
import io.mshield.identity.EnterpriseFiling;
import io.mshield.identity.FiledPerson;
import io.mshield.identity.PhoneNumber;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.identity.ShieldNumber;
import io.mshield.permission.PermissionService;
import io.mshield.persistence.Document;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.Pin;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinProof;
import io.mshield.pin.RoundProof;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Opening a shield (R2) and reissuing one (R3.5): a session whose steps run in order and once
 * each, with the one-time-code and face rules, the binding limits, and idempotent issuance.
 *
 * <p>Refusals that are themselves state (a wrong one-time code, a failed face comparison) are
 * committed first and reported after the commit, so that the counters hold; every other refusal
 * changes nothing.
 */
public final class EnrollmentServiceImpl implements EnrollmentService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EnrollmentServiceImpl.class);
    /** The collection of sessions. */
    public static final String SESSIONS = "enrollments";
    /** How long a session lives. */
    public static final Duration SESSION_LIFETIME = Duration.ofMinutes(30);
    private static final String REQUESTS = "enrollment_request";
    private static final int MAX_REQUEST_INFO = 8 * 1024;

    private final Context ctx;
    private final PinGuard pins;
    private final PermissionService permissions;
    private final ShieldServiceImpl shieldService;

    /**
     * Creates the service.
     *
     * @param ctx           the context
     * @param pins          the PIN guard
     * @param permissions   the permission service
     * @param shieldService the shield service (certificate subject, expiry)
     */
    public EnrollmentServiceImpl(Context ctx, PinGuard pins, PermissionService permissions, ShieldServiceImpl shieldService) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.pins = Objects.requireNonNull(pins, "pins");
        this.permissions = Objects.requireNonNull(permissions, "permissions");
        this.shieldService = Objects.requireNonNull(shieldService, "shieldService");
    }

    private record Loaded(EnrollmentState state, long version) {
    }

    // ---------------------------------------------------------------- start

    @Override
    public EnrollmentSession start(Application application) {
        return begin(application, Optional.empty());
    }

    @Override
    public EnrollmentSession startReissue(ShieldNumber shield, Application application) {
        Objects.requireNonNull(shield, "shield");
        ShieldState old = ctx.transaction(tx -> ctx.shields().require(tx.store(), shield).state());
        ShieldStatus status = ShieldStatus.valueOf(old.status);
        if (status != ShieldStatus.ACTIVE && status != ShieldStatus.LOST && status != ShieldStatus.FROZEN) {
            throw new ShieldException(ErrorCode.ILLEGAL_STATE, "a " + status + " shield cannot be reissued; apply again (R3.5)");
        }
        if (!old.holderId.equals(application.applicant().value()) || !old.enterprise.equals(application.enterprise().value())) {
            throw new ShieldException(ErrorCode.FORBIDDEN, "a reissue is for the same holder in the same enterprise (R3.5)");
        }
        if (old.device.equals(application.device().device().value())) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "a reissue goes to a new device; on the same device, renew (R3.4, R3.5)");
        }
        return begin(application, Optional.of(old.number));
    }

    private EnrollmentSession begin(Application app, Optional<String> reissueOf) {
        Objects.requireNonNull(app, "application");
        EnterpriseFiling filing = ctx.registry().filing(app.enterprise()).orElseThrow(() -> new ShieldException(
                ErrorCode.FILING_MISMATCH, "enterprise " + app.enterprise().value() + " has no filing record (R1.3)"));
        if (!filing.creditCode().equals(app.creditCode())) {
            throw new ShieldException(ErrorCode.FILING_MISMATCH, "the unified social credit code " + app.creditCode().value()
                    + " is not the one on the filing record of " + app.enterprise().value() + " (R1.3)");
        }
        FiledPerson person = filing.person(app.applicant()).orElseThrow(() -> new ShieldException(ErrorCode.FILING_MISMATCH,
                "the applicant " + app.applicant().masked() + " is not on the filing record of " + app.enterprise().value() + " (R1.3)"));
        if (!person.name().equals(app.name()) || person.type() != app.userType()) {
            throw new ShieldException(ErrorCode.FILING_MISMATCH, "the applicant's name or user type does not match the filing record (R1.3)");
        }
        if (!permissions.isEntitled(app.enterprise(), app.applicant())) {
            throw new ShieldException(ErrorCode.NOT_ENTITLED, "the applicant " + app.applicant().masked()
                    + " is not entitled to a shield in " + app.enterprise().value() + " (R1.1)");
        }
        requireCustodySupported(app);
        String appHash = sha256Hex(fingerprint(app, reissueOf));
        String[] suspend = new String[1];
        EnrollmentSession session = ctx.transaction(tx -> {
            Optional<String> existing = tx.store().claimOwner(REQUESTS, app.requestId());
            if (existing.isPresent()) {
                Loaded prior = load(tx, existing.get());
                if (!prior.state().applicationHash.equals(appHash)) {
                    throw new ShieldException(ErrorCode.IDEMPOTENCY_CONFLICT, "request id " + app.requestId() + " was used for another application (R2.10)");
                }
                return view(prior.state());
            }
            abandonStalePending(tx, app.applicant().value());
            Optional<String> onDevice = Bindings.personDeviceOwner(tx, app.applicant().value(), app.device().device().value());
            if (ctx.bindingPolicy().onePerPersonPerDevice() && onDevice.isPresent() && !onDevice.equals(reissueOf)) {
                if (ctx.bindingPolicy().duplicateAction() == io.mshield.enrollment.DuplicateAction.REJECT_AND_SUSPEND_EXISTING) {
                    suspend[0] = onDevice.get();
                    return null;
                }
                throw duplicate();
            }
            ShieldState s = pendingShield(tx, app, person, filing);
            EnrollmentState e = new EnrollmentState();
            e.id = ctx.randomId();
            e.requestId = app.requestId();
            e.applicationHash = appHash;
            e.shieldNumber = s.number;
            e.reissueOf = reissueOf.orElse(null);
            e.step = EnrollmentStep.AGREEMENT.name();
            e.expiresAt = ctx.now().plus(SESSION_LIFETIME).toString();
            s.enrollment = e.id;
            Bindings.take(ctx, tx, s, reissueOf.isPresent());
            ctx.shields().insert(tx.store(), s);
            tx.store().insert(SESSIONS, e.id, ctx.json().write(e), Map.of("shield", s.number));
            try {
                tx.store().claim(REQUESTS, app.requestId(), e.id);
            } catch (ShieldException ex) {
                // the same request arrived on another node at the same moment: retry, and return its session
                throw ex.code() == ErrorCode.ALREADY_EXISTS
                        ? new ShieldException(ErrorCode.CONCURRENT_MODIFICATION, "a concurrent start of the same request won", ex) : ex;
            }
            tx.audit(Actor.holder(app.device().account().value()), reissueOf.isPresent() ? "enrollment.reissue_started" : "enrollment.started",
                    s.number, reissueOf.map(r -> Map.of("replaces", r)).orElse(Map.of()));
            return view(e);
        });
        if (suspend[0] != null) {
            suspendAsPossibleClone(suspend[0]);
            throw duplicate();
        }
        return session;
    }

    private static ShieldException duplicate() {
        return new ShieldException(ErrorCode.DUPLICATE_APPLICATION, "the applicant already holds a shield on this device (R2.8)");
    }

    /** R2.8, policy REJECT_AND_SUSPEND_EXISTING: the existing shield is frozen as a possible cloning attempt. */
    private void suspendAsPossibleClone(String number) {
        ctx.transaction(tx -> {
            ShieldRepository.Loaded loaded = ctx.shields().require(tx.store(), ShieldNumber.of(number));
            if (ShieldStatus.valueOf(loaded.state().status).canBecome(ShieldStatus.FROZEN)) {
                loaded.state().heldBy = Actor.Role.BANK_STAFF.name();
                Transitions.move(ctx, tx, loaded, ShieldStatus.FROZEN, Actor.system("binding-policy"), "shield.suspended",
                        Map.of("reason", "second application on the same device (R2.8)"));
            }
            return null;
        });
    }

    private ShieldState pendingShield(Tx tx, Application app, FiledPerson person, EnterpriseFiling filing) {
        ShieldState s = new ShieldState();
        for (int i = 0; ; i++) {
            ShieldNumber n = ShieldNumber.random(ctx.random());
            if (ctx.shields().find(tx.store(), n).isEmpty()) {
                s.number = n.value();
                break;
            }
            if (i > 20) {
                throw new ShieldException(ErrorCode.PERSISTENCE_FAILURE, "cannot find a free shield number");
            }
        }
        s.enterprise = app.enterprise().value();
        s.holderId = app.applicant().value();
        s.holderName = app.name().value();
        s.holderPhone = person.phone().value();
        s.holderType = app.userType().name();
        s.device = app.device().device().value();
        s.account = app.device().account().value();
        s.deviceMethods = app.device().supportedMethods().stream().map(Enum::name).sorted().collect(Collectors.joining(","));
        s.custody = app.custody().name();
        s.algorithm = app.algorithm().name();
        s.authMethod = AuthMethod.PIN.name();
        s.status = ShieldStatus.PENDING.name();
        s.filingRevision = filing.revision();
        return s;
    }

    /** Pending shields of the person whose session expired give their bindings back. */
    private void abandonStalePending(Tx tx, String holderId) {
        for (ShieldState s : ctx.shields().ofPerson(tx.store(), holderId)) {
            if (ShieldStatus.valueOf(s.status) != ShieldStatus.PENDING || s.enrollment == null) {
                continue;
            }
            Optional<Document> d = tx.store().get(SESSIONS, s.enrollment);
            boolean expired = d.map(doc -> !ctx.now().isBefore(Instant.parse(ctx.json().read(doc.body(), EnrollmentState.class).expiresAt)))
                    .orElse(true);
            if (expired) {
                ShieldRepository.Loaded loaded = ctx.shields().require(tx.store(), ShieldNumber.of(s.number));
                ShieldRepository.Loaded done = Transitions.revoke(ctx, tx, loaded, RevocationReason.CESSATION_OF_OPERATION,
                        Actor.system("enrollment"), "enrollment.abandoned");
                Bindings.release(ctx, tx, done.state());
            }
        }
    }

    private void requireCustodySupported(Application app) {
        switch (app.custody()) {
            case COLLABORATIVE -> PinGuard.collaborative(ctx);
            case HOSTED -> {
                if (!ctx.crypto().keyStorage().algorithms().contains(app.algorithm())) {
                    throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "the bank's key storage cannot hold " + app.algorithm() + " keys");
                }
            }
            case DEVICE -> {
                // the key lives on the phone; the CSR checker decides at completion
            }
        }
    }

    // ---------------------------------------------------------------- steps

    @Override
    public EnrollmentSession acceptAgreement(EnrollmentId id, String version) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        if (version.isBlank() || version.length() > 32) {
            throw new ShieldException(ErrorCode.AGREEMENT_NOT_ACCEPTED, "the agreement version must be 1-32 characters");
        }
        return ctx.transaction(tx -> {
            Loaded l = guard(tx, id, EnrollmentStep.AGREEMENT);
            l.state().agreementVersion = version;
            l.state().agreementAt = ctx.now().toString();
            l.state().step = EnrollmentStep.SMS_CODE.name();
            save(tx, l);
            tx.audit(actor(tx, l), "enrollment.agreement_accepted", l.state().shieldNumber, Map.of("version", version));
            return view(l.state());
        });
    }

    @Override
    public EnrollmentSession sendSmsCode(EnrollmentId id) {
        Objects.requireNonNull(id, "id");
        char[] digits = new char[ctx.otpPolicy().length()];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = (char) ('0' + ctx.random().nextInt(10));
        }
        try (OneTimeCode code = OneTimeCode.of(digits)) {
            Arrays.fill(digits, '\0');
            String[] phone = new String[1];
            String[] dailyCounter = new String[1];
            EnrollmentSession session = ctx.transaction(tx -> {
                Loaded l = guard(tx, id, EnrollmentStep.SMS_CODE);
                EnrollmentState e = l.state();
                Instant now = ctx.now();
                if (e.otpSentAt != null && now.isBefore(ctx.otpPolicy().nextSendAllowedAt(Instant.parse(e.otpSentAt)))) {
                    throw new ShieldException(ErrorCode.OTP_RATE_LIMITED, "a new code can be sent from "
                            + ctx.otpPolicy().nextSendAllowedAt(Instant.parse(e.otpSentAt)));
                }
                ShieldState s = ctx.shields().require(tx.store(), ShieldNumber.of(e.shieldNumber)).state();
                phone[0] = s.holderPhone;
                dailyCounter[0] = "otp_daily:" + s.holderPhone + ":" + today();
                if (tx.store().addIfAtMost(dailyCounter[0], 1, ctx.otpPolicy().dailyCap()).isEmpty()) {
                    throw new ShieldException(ErrorCode.OTP_RATE_LIMITED, "the daily number of codes for this phone is used up");
                }
                e.otpMac = otpMac(e.id, code);
                e.otpSentAt = now.toString();
                e.otpExpiresAt = ctx.otpPolicy().expiresAt(now).toString();
                tx.store().resetCounter(otpFailures(e.id));
                save(tx, l);
                tx.audit(actor(tx, l), "enrollment.otp_sent", e.shieldNumber, Map.of("to", PhoneNumber.of(s.holderPhone).masked()));
                return view(e);
            });
            try {
                ctx.sms().send(PhoneNumber.of(phone[0]), SmsSender.Purpose.ENROLLMENT, code);
            } catch (RuntimeException ex) {
                ctx.transaction(tx -> {
                    tx.store().addIfAtMost(dailyCounter[0], -1, Long.MAX_VALUE);
                    Loaded l = load(tx, id.value());
                    l.state().otpMac = null;
                    l.state().otpExpiresAt = null;
                    l.state().otpSentAt = null;
                    save(tx, l);
                    return null;
                });
                LOG.warn("SMS gateway failed for enrollment {}: {}", id.value(), ex.getClass().getName());
                throw new ShieldException(ErrorCode.ADAPTER_FAILURE, "the SMS gateway failed; no code was sent", ex);
            }
            LOG.info("one-time code sent for enrollment {} to {}", id.value(), PhoneNumber.of(phone[0]).masked());
            LOG.trace("one-time code object {}", code);
            return session;
        }
    }

    @Override
    public EnrollmentSession verifySmsCode(EnrollmentId id, OneTimeCode code) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(code, "code");
        Object outcome = ctx.transaction(tx -> {
            Loaded l = guard(tx, id, EnrollmentStep.SMS_CODE);
            EnrollmentState e = l.state();
            if (e.otpMac == null || !ctx.now().isBefore(Instant.parse(e.otpExpiresAt))) {
                return new ShieldException(ErrorCode.OTP_EXPIRED, "no valid code: request a new one");
            }
            OptionalLong n = tx.store().addIfAtMost(otpFailures(e.id), 1, ctx.otpPolicy().maxAttempts());
            if (n.isEmpty()) {
                return new ShieldException(ErrorCode.OTP_RATE_LIMITED, "too many wrong codes: request a new one");
            }
            boolean ok = MessageDigest.isEqual(HexFormat.of().parseHex(otpMac(e.id, code)), HexFormat.of().parseHex(e.otpMac));
            if (!ok) {
                int left = (int) (ctx.otpPolicy().maxAttempts() - n.getAsLong());
                tx.auditRefusal(actor(tx, l), "enrollment.otp_rejected", e.shieldNumber, Map.of("attemptsLeft", Integer.toString(left)));
                if (left == 0) {
                    e.otpMac = null;
                    save(tx, l);
                }
                return ShieldException.withAttemptsLeft(ErrorCode.OTP_INCORRECT, "wrong code, " + left + " attempts left", left);
            }
            e.otpMac = null;
            e.otpExpiresAt = null;
            e.step = EnrollmentStep.FACE.name();
            tx.store().resetCounter(otpFailures(e.id));
            save(tx, l);
            tx.audit(actor(tx, l), "enrollment.otp_verified", e.shieldNumber, Map.of());
            return view(e);
        });
        return orThrow(outcome);
    }

    @Override
    public EnrollmentSession verifyFace(EnrollmentId id, FaceVerifier.FaceCapture capture) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(capture, "capture");
        Object[] prepared = ctx.transaction(tx -> {
            Loaded l = guard(tx, id, EnrollmentStep.FACE);
            ShieldState s = ctx.shields().require(tx.store(), ShieldNumber.of(l.state().shieldNumber)).state();
            String counter = "face_daily:" + ShieldRepository.personKey(s.holderId) + ":" + today();
            OptionalLong n = tx.store().addIfAtMost(counter, 1, ctx.facePolicy().maxTriesPerDay());
            if (n.isEmpty()) {
                throw new ShieldException(ErrorCode.FACE_RATE_LIMITED, "no face comparisons left today");
            }
            return new Object[]{s, n.getAsLong()};
        });
        ShieldState s = (ShieldState) prepared[0];
        int left = (int) (ctx.facePolicy().maxTriesPerDay() - (Long) prepared[1]);
        FaceVerifier.FaceResult result = ctx.face().compare(ResidentIdNumber.of(s.holderId), io.mshield.identity.PersonName.of(s.holderName), capture);
        boolean passed = ctx.facePolicy().passes(result.score(), result.live());
        Object outcome = ctx.transaction(tx -> {
            Loaded l = guard(tx, id, EnrollmentStep.FACE);
            if (!passed) {
                tx.auditRefusal(actor(tx, l), "enrollment.face_rejected", l.state().shieldNumber,
                        Map.of("reference", result.vendorId(), "live", Boolean.toString(result.live())));
                return ShieldException.withAttemptsLeft(ErrorCode.FACE_MISMATCH, "the face comparison failed, " + left
                        + " tries left today", left);
            }
            l.state().faceReference = result.vendorId();
            l.state().step = EnrollmentStep.AUTHENTICATION.name();
            save(tx, l);
            tx.audit(actor(tx, l), "enrollment.face_verified", l.state().shieldNumber, Map.of("reference", result.vendorId()));
            return view(l.state());
        });
        return orThrow(outcome);
    }

    @Override
    public PinChallenge pinChallenge(EnrollmentId id) {
        Objects.requireNonNull(id, "id");
        ctx.transaction(tx -> {
            Loaded l = load(tx, id.value());
            // the KEY step too: the CSR's co-sign round of a COLLABORATIVE shield answers one
            boolean keyStep = EnrollmentStep.valueOf(l.state().step) == EnrollmentStep.KEY
                    && CustodyMode.valueOf(ctx.shields().require(tx.store(), ShieldNumber.of(l.state().shieldNumber)).state().custody)
                    == CustodyMode.COLLABORATIVE;
            return guard(tx, id, keyStep ? EnrollmentStep.KEY : EnrollmentStep.AUTHENTICATION);
        });
        return pins.issue(id.value());
    }

    @Override
    public EnrollmentSession chooseAuthentication(EnrollmentId id, AuthMethod method, Optional<PinProof.EncryptedPin> pin) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pin, "pin");
        return ctx.transaction(tx -> {
            Loaded l = guard(tx, id, EnrollmentStep.AUTHENTICATION);
            ShieldRepository.Loaded shield = ctx.shields().require(tx.store(), ShieldNumber.of(l.state().shieldNumber));
            ShieldState s = shield.state();
            if (!Set.of(s.deviceMethods.split(",")).contains(method.name())) {
                throw new ShieldException(ErrorCode.AUTH_METHOD_UNSUPPORTED, "the device does not support " + method + " (R2.3)");
            }
            // every custody mode, COLLABORATIVE included: the bank checks each round's PIN block
            // against this keyed hash before it computes anything from its share
            PinProof.EncryptedPin block = pin.orElseThrow(() -> new ShieldException(ErrorCode.INVALID_ARGUMENT,
                    "a PIN block is required for " + s.custody + " custody (R2.4)"));
            try (Pin p = pins.openBlock(tx, id.value(), block)) {
                ctx.pinPolicy().checkFormat(p);
                ctx.pinPolicy().checkStrength(p, ResidentIdNumber.of(s.holderId), PhoneNumber.of(s.holderPhone));
                s.pinMac = pins.pinMac(s.number, p);
            }
            s.authMethod = method.name();
            ctx.shields().update(tx.store(), shield);
            l.state().step = EnrollmentStep.KEY.name();
            save(tx, l);
            tx.audit(actor(tx, l), "enrollment.authentication_chosen", s.number, Map.of("method", method.name()));
            return view(l.state());
        });
    }

    @Override
    public KeySetup prepareKey(EnrollmentId id, KeyProposal proposal) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(proposal, "proposal");
        ShieldState s = ctx.transaction(tx -> {
            Loaded l = guard(tx, id, EnrollmentStep.KEY);
            if (l.state().keyPrepared) {
                throw new ShieldException(ErrorCode.ENROLLMENT_STEP_OUT_OF_ORDER, "the key was already prepared");
            }
            ShieldState st = ctx.shields().require(tx.store(), ShieldNumber.of(l.state().shieldNumber)).state();
            CustodyMode custody = CustodyMode.valueOf(st.custody);
            boolean fits = switch (custody) {
                case DEVICE -> proposal instanceof KeyProposal.DeviceKey;
                case COLLABORATIVE -> proposal instanceof KeyProposal.CollaborativeKey;
                case HOSTED -> proposal instanceof KeyProposal.HostedKey;
            };
            if (!fits) {
                throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "a " + custody + " shield cannot take a " + proposal.getClass().getSimpleName());
            }
            return st;
        });
        KeyHandle handle = null;
        PublicKey publicKey = null;
        if (proposal instanceof KeyProposal.CollaborativeKey c) {
            CollaborativeSm2.SharedKey shared = PinGuard.collaborative(ctx).generateShare(c.p1());
            handle = shared.share();
            publicKey = shared.publicKey();
        } else if (proposal instanceof KeyProposal.HostedKey) {
            handle = ctx.crypto().keyStorage().generateKeyPair(KeyAlgorithm.valueOf(s.algorithm));
            publicKey = ctx.crypto().keyStorage().publicKey(handle);
        }
        KeyHandle h = handle;
        PublicKey pk = publicKey;
        try {
            return ctx.transaction(tx -> {
                Loaded l = guard(tx, id, EnrollmentStep.KEY);
                if (l.state().keyPrepared) {
                    throw new ShieldException(ErrorCode.ENROLLMENT_STEP_OUT_OF_ORDER, "the key was already prepared");
                }
                ShieldRepository.Loaded shield = ctx.shields().require(tx.store(), ShieldNumber.of(l.state().shieldNumber));
                if (h != null) {
                    shield.state().keyStorage = h.storage();
                    shield.state().keyAlias = h.alias();
                    shield.state().publicKey = Base64.getEncoder().encodeToString(pk.getEncoded());
                    ctx.shields().update(tx.store(), shield);
                }
                l.state().keyPrepared = true;
                save(tx, l);
                tx.audit(actor(tx, l), "enrollment.key_prepared", l.state().shieldNumber, Map.of("custody", shield.state().custody));
                return new KeySetup(Optional.ofNullable(pk));
            });
        } catch (RuntimeException e) {
            if (h != null) {
                ctx.crypto().keyStorage().destroy(h);
            }
            throw e;
        }
    }

    @Override
    public CollaborativeSm2.CoSignature coSignCertificateRequest(EnrollmentId id, byte[] certificationRequestInfo, RoundProof proof, byte[] q1) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(certificationRequestInfo, "certificationRequestInfo");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(q1, "q1");
        if (certificationRequestInfo.length == 0 || certificationRequestInfo.length > MAX_REQUEST_INFO) {
            throw new ShieldException(ErrorCode.INPUT_TOO_LARGE, "the CertificationRequestInfo must be 1-" + MAX_REQUEST_INFO + " bytes");
        }
        ShieldNumber shield = ctx.transaction(tx -> ShieldNumber.of(guard(tx, id, EnrollmentStep.KEY).state().shieldNumber));
        ShieldState s = pins.proveRound(PinGuard.Round.CERTIFICATE_REQUEST, shield, id.value(), proof, new PinGuard.RoundSteps() {
            @Override
            public void before(Tx tx, ShieldState st) {
                Loaded l = guard(tx, id, EnrollmentStep.KEY);
                if (!l.state().keyPrepared) {
                    throw new ShieldException(ErrorCode.ENROLLMENT_STEP_OUT_OF_ORDER, "co-signing a CSR needs a prepared COLLABORATIVE key");
                }
                if (l.state().coSignedRequestInfo != null) {
                    throw new ShieldException(ErrorCode.ENROLLMENT_STEP_OUT_OF_ORDER, "the CSR was already co-signed");
                }
            }

            @Override
            public void proven(Tx tx, ShieldState st) {
                Loaded l = guard(tx, id, EnrollmentStep.KEY);
                if (l.state().coSignedRequestInfo != null) {
                    throw new ShieldException(ErrorCode.ENROLLMENT_STEP_OUT_OF_ORDER, "the CSR was already co-signed");
                }
                l.state().coSignedRequestInfo = sha256Hex(certificationRequestInfo);
                save(tx, l);
            }
        });
        try {
            return PinGuard.coSign(ctx, s, certificationRequestInfo, q1);
        } catch (RuntimeException ex) {
            ctx.transaction(tx -> {
                Loaded l = load(tx, id.value());
                l.state().coSignedRequestInfo = null;
                save(tx, l);
                return null;
            });
            throw ex;
        }
    }

    @Override
    public ShieldDetails complete(EnrollmentId id, byte[] csr) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(csr, "csr");
        String csrHash = sha256Hex(csr);
        Object[] prepared = ctx.transaction(tx -> {
            Loaded l = load(tx, id.value());
            if (EnrollmentStep.valueOf(l.state().step) == EnrollmentStep.DONE) {
                if (csrHash.equals(l.state().completedCsr)) {
                    return new Object[]{Views.details(ctx.shields().require(tx.store(), ShieldNumber.of(l.state().shieldNumber)).state())};
                }
                throw new ShieldException(ErrorCode.ENROLLMENT_STEP_OUT_OF_ORDER, "the session is already complete");
            }
            guard(tx, id, EnrollmentStep.KEY);
            if (!l.state().keyPrepared) {
                throw new ShieldException(ErrorCode.ENROLLMENT_STEP_OUT_OF_ORDER, "prepare the key first");
            }
            return new Object[]{l.state(), ctx.shields().require(tx.store(), ShieldNumber.of(l.state().shieldNumber)).state()};
        });
        if (prepared.length == 1) {
            return (ShieldDetails) prepared[0];
        }
        EnrollmentState e = (EnrollmentState) prepared[0];
        ShieldState s = (ShieldState) prepared[1];
        PublicKey key = certifiedKey(e, s, csr);
        Instant now = ctx.now();
        X509Certificate cert = ctx.crypto().certificateAuthority().issue(new IssueRequest(key, KeyAlgorithm.valueOf(s.algorithm),
                shieldService.subject(s), now, ctx.renewalPolicy().notAfter(now), "enroll-" + e.id));
        return ctx.transaction(tx -> {
            Loaded l = load(tx, id.value());
            if (EnrollmentStep.valueOf(l.state().step) == EnrollmentStep.DONE) {
                return Views.details(ctx.shields().require(tx.store(), ShieldNumber.of(l.state().shieldNumber)).state());
            }
            guard(tx, id, EnrollmentStep.KEY);
            ShieldRepository.Loaded shield = ctx.shields().require(tx.store(), ShieldNumber.of(l.state().shieldNumber));
            ShieldState st = shield.state();
            ShieldServiceImpl.applyCertificate(st, cert, key);
            st.activatedAt = now.toString();
            st.coolingOffUntil = ctx.coolingOff().isNone() ? null : ctx.coolingOff().endsAt(now).toString();
            if (l.state().reissueOf != null) {
                ShieldRepository.Loaded old = ctx.shields().require(tx.store(), ShieldNumber.of(l.state().reissueOf));
                if (ShieldStatus.valueOf(old.state().status) != ShieldStatus.REVOKED) {
                    ShieldRepository.Loaded done = Transitions.revoke(ctx, tx, old, RevocationReason.SUPERSEDED, actor(tx, l), "shield.superseded");
                    Bindings.release(ctx, tx, done.state());
                }
                Bindings.takeEnterprise(ctx, tx, st);
            }
            ShieldRepository.Loaded active = Transitions.move(ctx, tx, shield, ShieldStatus.ACTIVE, actor(tx, l), "shield.issued",
                    Map.of("serial", st.certSerial, "custody", st.custody, "algorithm", st.algorithm));
            l.state().step = EnrollmentStep.DONE.name();
            l.state().completedCsr = csrHash;
            save(tx, l);
            return Views.details(active.state());
        });
    }

    private PublicKey certifiedKey(EnrollmentState e, ShieldState s, byte[] csr) {
        CustodyMode custody = CustodyMode.valueOf(s.custody);
        if (custody == CustodyMode.HOSTED) {
            if (csr.length != 0) {
                throw new ShieldException(ErrorCode.CSR_INVALID, "a HOSTED shield's request is built by the bank; send no CSR");
            }
            return PinGuard.publicKey(ctx, s);
        }
        CsrChecker.CheckedCsr checked = ctx.crypto().csrChecker().check(csr, new CsrChecker.Expectation(
                Set.of(KeyAlgorithm.valueOf(s.algorithm)), s.holderName, ShieldServiceImpl.MAX_CSR_BYTES));
        if (custody == CustodyMode.COLLABORATIVE) {
            if (e.coSignedRequestInfo == null || !io.mshield.core.internal.shield.CoSignedRequests.containsRequestInfo(csr, e.coSignedRequestInfo)) {
                throw new ShieldException(ErrorCode.CSR_INVALID, "the CSR is not the one the bank co-signed");
            }
            if (!Arrays.equals(checked.publicKey().getEncoded(), PinGuard.publicKey(ctx, s).getEncoded())) {
                throw new ShieldException(ErrorCode.CSR_INVALID, "the CSR's key is not the joint key");
            }
        }
        return checked.publicKey();
    }

    @Override
    public Optional<EnrollmentSession> session(EnrollmentId id) {
        Objects.requireNonNull(id, "id");
        return ctx.transaction(tx -> tx.store().get(SESSIONS, id.value()).map(d -> view(ctx.json().read(d.body(), EnrollmentState.class))));
    }

    // ---------------------------------------------------------------- helpers

    private Loaded load(Tx tx, String id) {
        Document d = tx.store().get(SESSIONS, id).orElseThrow(() -> new ShieldException(ErrorCode.ENROLLMENT_EXPIRED,
                "no enrollment session " + id));
        return new Loaded(ctx.json().read(d.body(), EnrollmentState.class), d.version());
    }

    private Loaded guard(Tx tx, EnrollmentId id, EnrollmentStep expected) {
        Loaded l = load(tx, id.value());
        EnrollmentStep step = EnrollmentStep.valueOf(l.state().step);
        if (step != EnrollmentStep.DONE && !ctx.now().isBefore(Instant.parse(l.state().expiresAt))) {
            throw new ShieldException(ErrorCode.ENROLLMENT_EXPIRED, "the enrollment session expired at " + l.state().expiresAt);
        }
        if (step != expected) {
            throw new ShieldException(ErrorCode.ENROLLMENT_STEP_OUT_OF_ORDER, "the next step is " + step + ", not " + expected + " (R2.2)");
        }
        return l;
    }

    private void save(Tx tx, Loaded l) {
        tx.store().update(SESSIONS, l.state().id, l.version(), ctx.json().write(l.state()), Map.of("shield", l.state().shieldNumber));
    }

    private Actor actor(Tx tx, Loaded l) {
        return Actor.holder(ctx.shields().require(tx.store(), ShieldNumber.of(l.state().shieldNumber)).state().account);
    }

    private static EnrollmentSession view(EnrollmentState e) {
        return new EnrollmentSession(new EnrollmentId(e.id), ShieldNumber.of(e.shieldNumber), EnrollmentStep.valueOf(e.step),
                Instant.parse(e.expiresAt));
    }

    private String otpMac(String enrollment, OneTimeCode code) {
        return ctx.keyedHash(ctx.systemKeys().otpMac(), "mshield-otp", enrollment, code.toUtf8Bytes());
    }

    private static String otpFailures(String enrollment) {
        return "otp_fail:" + enrollment;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(ctx.now(), ctx.renewalPolicy().zone());
    }

    private static EnrollmentSession orThrow(Object outcome) {
        if (outcome instanceof ShieldException e) {
            throw e;
        }
        return (EnrollmentSession) outcome;
    }

    private static String fingerprint(Application a, Optional<String> reissueOf) {
        return String.join("|", a.enterprise().value(), a.applicant().value(), a.name().value(), a.userType().name(),
                a.device().device().value(), a.device().account().value(),
                a.device().supportedMethods().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                a.custody().name(), a.algorithm().name(), reissueOf.orElse("-"));
    }

    private static String sha256Hex(String s) {
        return sha256Hex(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256Hex(byte[] b) {
        return io.mshield.core.internal.shield.CoSignedRequests.sha256Hex(b);
    }
}
