package io.mshield.core.internal.seal;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.internal.Context;
import io.mshield.core.internal.Tx;
import io.mshield.core.internal.pin.PinGuard;
import io.mshield.core.internal.shield.Roles;
import io.mshield.core.internal.shield.ShieldRepository;
import io.mshield.core.internal.shield.ShieldState;
import io.mshield.crypto.SignatureScheme;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.identity.EnterpriseFiling;
import io.mshield.identity.EnterpriseId;
import io.mshield.identity.FiledPerson;
import io.mshield.identity.IdDocumentType;
import io.mshield.identity.PersonName;
import io.mshield.identity.PhoneNumber;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.identity.ShieldNumber;
import io.mshield.persistence.Document;
import io.mshield.pin.Pin;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinProof;
import io.mshield.seal.Seal;
import io.mshield.seal.SealHolder;
import io.mshield.seal.SealMedium;
import io.mshield.seal.SealMediaTrust;
import io.mshield.seal.SealOperation;
import io.mshield.seal.SealPolicy;
import io.mshield.seal.SealResult;
import io.mshield.seal.SealService;
import io.mshield.seal.SealType;
import io.mshield.shield.ShieldStatus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * E-seal binding (R8). A seal is a document; "one medium, one seal" is a unique claim on the
 * medium, so two seals can never hold one medium even across nodes; the seal's PIN failures are a
 * conditional counter reserved before each evaluation ({@code addIfAtMost}, one conditional
 * UPDATE in the store), so concurrent guesses on any number of nodes cannot exceed the
 * {@link SealPolicy}'s limit. A USB key's certificate is validated against the bank's
 * {@link SealMediaTrust} through the crypto provider's path validation, when the operation starts
 * and again when it completes. Every action is authorized before anything is read from or
 * written to the operation: the enterprise's roles for the seal's enterprise (as its filing names
 * them), the CA for registration and PIN resets. An operation's checks (PIN, face) are recorded on
 * the operation and the binding changes only in {@link #complete}, in one transaction with its
 * audit entry.
 */
public final class SealServiceImpl implements SealService {
    /** The collection of seals. */
    public static final String SEALS = "seals";
    /** The collection of binding operations. */
    public static final String OPERATIONS = "seal_operations";
    /** The claim namespace "one seal per medium". */
    public static final String MEDIUM_CLAIMS = "seal_medium";
    /** How long an operation waits for its checks. */
    public static final Duration OPERATION_LIFETIME = Duration.ofMinutes(10);

    private final Context ctx;
    private final PinGuard pins;
    private final SealPolicy policy;
    private final SealMediaTrust trust;

    /** Stored seal. */
    public static final class StoredSeal {
        /** Id. */
        public String id;
        /** Enterprise. */
        public String enterprise;
        /** Type. */
        public String type;
        /** Name. */
        public String name;
        /** Keyed MAC of the PIN. */
        public String pinMac;
        /** Medium key, when bound. */
        public String medium;
        /** The bound certificate, base64 DER. */
        public String certificate;
        /** Holder's name. */
        public String holderName;
        /** Holder's ID type. */
        public String holderIdType;
        /** Holder's ID number. */
        public String holderId;
        /** Holder's phone. */
        public String holderPhone;
        /** When bound. */
        public String boundAt;

        /** For the JSON codec. */
        public StoredSeal() {
        }
    }

    /** Stored operation. */
    public static final class StoredOperation {
        /** Id. */
        public String id;
        /** BIND or UNBIND. */
        public String kind;
        /** Seal. */
        public String seal;
        /** Enterprise. */
        public String enterprise;
        /** Medium key. */
        public String medium;
        /** Chosen certificate, base64 DER. */
        public String certificate;
        /** Holder's name. */
        public String holderName;
        /** Holder's ID type. */
        public String holderIdType;
        /** Holder's ID number. */
        public String holderId;
        /** Holder's phone. */
        public String holderPhone;
        /** Whether moving from another medium was confirmed. */
        public boolean confirmMove;
        /** The statement to sign, base64. */
        public String statement;
        /** The PIN was verified. */
        public boolean pinVerified;
        /** The face was verified. */
        public boolean faceVerified;
        /** Done. */
        public boolean completed;
        /** Expires. */
        public String expiresAt;
        /** Who started it. */
        public String actorRole;
        /** Who started it. */
        public String actorId;

        /** For the JSON codec. */
        public StoredOperation() {
        }
    }

    /**
     * Creates the service.
     *
     * @param ctx    the context
     * @param pins   the PIN machinery (challenges, PIN blocks, keyed MACs)
     * @param policy the seal PIN's lockout
     * @param trust  the CAs trusted for USB-key certificates
     */
    public SealServiceImpl(Context ctx, PinGuard pins, SealPolicy policy, SealMediaTrust trust) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.pins = Objects.requireNonNull(pins, "pins");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    private static String pinOwner(String sealId) {
        return "seal:" + sealId;
    }

    private static String pinCounter(String sealId) {
        return "seal_pin_failures:" + sealId;
    }

    private static String challengeOwner(String operationId) {
        return "seal-operation:" + operationId;
    }

    private static String registrationOwner(EnterpriseId enterprise) {
        return "seal-register:" + enterprise.value();
    }

    private static String resetOwner(String sealId) {
        return "seal-reset:" + sealId;
    }

    @Override
    public PinChallenge registrationChallenge(Actor by, EnterpriseId enterprise) {
        requireCa(by, "register seals");
        Objects.requireNonNull(enterprise, "enterprise");
        filing(enterprise);
        return pins.issue(registrationOwner(enterprise));
    }

    @Override
    public Seal register(Actor by, EnterpriseId enterprise, SealType type, String name, PinProof.EncryptedPin pin) {
        requireCa(by, "register seals");
        Objects.requireNonNull(enterprise, "enterprise");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pin, "pin");
        if (name.isBlank() || name.length() > 64 || name.chars().anyMatch(Character::isISOControl)) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "a seal's name is 1-64 characters without control characters");
        }
        filing(enterprise);
        StoredSeal s = new StoredSeal();
        s.id = ctx.randomId();
        s.enterprise = enterprise.value();
        s.type = type.name();
        s.name = name;
        try (PinGuard.OpenedBlock opened = pins.decrypt(pin)) {
            return ctx.transaction(tx -> {
                try (Pin p = pins.bind(tx, registrationOwner(enterprise), pin, opened)) {
                    s.pinMac = pins.pinMac(pinOwner(s.id), p);
                }
                tx.store().insert(SEALS, s.id, ctx.json().write(s), Map.of("enterprise", s.enterprise));
                tx.audit(by, "seal.registered", s.id, Map.of("enterprise", s.enterprise, "type", s.type));
                return view(tx, s);
            });
        }
    }

    @Override
    public List<Seal> seals(EnterpriseId enterprise) {
        Objects.requireNonNull(enterprise, "enterprise");
        return ctx.transaction(tx -> tx.store().find(SEALS, "enterprise", enterprise.value(), 0, 1000).stream()
                .map(d -> view(tx, ctx.json().read(d.body(), StoredSeal.class))).toList());
    }

    @Override
    public Seal seal(String sealId) {
        return ctx.transaction(tx -> view(tx, loadSeal(tx, sealId).state()));
    }

    @Override
    public SealOperation startBinding(Actor by, EnterpriseId enterprise, String sealId, SealMedium medium, byte[] certificate,
                                      SealHolder holder, boolean confirmMove) {
        Objects.requireNonNull(holder, "holder");
        authorizeForSeal(by, sealId, "bind the seal");
        Checked c = check(enterprise, sealId, medium, certificate);
        StoredOperation op = ctx.transaction(tx -> {
            StoredSeal s = loadSeal(tx, sealId).state();
            requireOwnSeal(s, enterprise);
            requirePinUnlocked(tx, s.id);
            requireMediumFree(tx, medium, s.id);
            if (medium.key().equals(s.medium) && Objects.equals(s.certificate, c.base64())) {
                throw new ShieldException(ErrorCode.ILLEGAL_STATE, "the seal is already bound to this medium and certificate");
            }
            if (s.medium != null && !medium.key().equals(s.medium) && !confirmMove) {
                throw new ShieldException(ErrorCode.SEAL_BINDING_CONFLICT, "the seal is bound to another medium; moving it needs the"
                        + " holder's confirmation, after which it stamps only through the new medium");
            }
            StoredOperation o = newOperation(by, SealOperation.Kind.BIND, s, medium, c);
            o.holderName = holder.name().value();
            o.holderIdType = holder.idType().name();
            o.holderId = holder.idNumber().value();
            o.holderPhone = holder.phone().value();
            o.confirmMove = confirmMove;
            tx.store().insert(OPERATIONS, o.id, ctx.json().write(o), Map.of());
            tx.audit(by, "seal.binding_started", s.id, Map.of("medium", medium.key(), "holder", holder.idNumber().masked(),
                    "move", Boolean.toString(s.medium != null && !medium.key().equals(s.medium))));
            return o;
        });
        return view(op, pins.issue(challengeOwner(op.id)));
    }

    @Override
    public SealOperation startUnbinding(Actor by, EnterpriseId enterprise, String sealId, SealMedium medium, byte[] certificate) {
        authorizeForSeal(by, sealId, "unbind the seal");
        Checked c = check(enterprise, sealId, medium, certificate);
        StoredOperation op = ctx.transaction(tx -> {
            StoredSeal s = loadSeal(tx, sealId).state();
            requireOwnSeal(s, enterprise);
            requirePinUnlocked(tx, s.id);
            if (!medium.key().equals(s.medium) || !Objects.equals(s.certificate, c.base64())) {
                throw new ShieldException(ErrorCode.SEAL_BINDING_CONFLICT, "the seal is not bound to this medium and certificate");
            }
            StoredOperation o = newOperation(by, SealOperation.Kind.UNBIND, s, medium, c);
            tx.store().insert(OPERATIONS, o.id, ctx.json().write(o), Map.of());
            tx.audit(by, "seal.unbinding_started", s.id, Map.of("medium", medium.key()));
            return o;
        });
        return view(op, pins.issue(challengeOwner(op.id)));
    }

    private StoredOperation newOperation(Actor by, SealOperation.Kind kind, StoredSeal s, SealMedium medium, Checked c) {
        StoredOperation o = new StoredOperation();
        o.id = ctx.randomId();
        o.kind = kind.name();
        o.seal = s.id;
        o.enterprise = s.enterprise;
        o.medium = medium.key();
        o.certificate = c.base64();
        o.expiresAt = ctx.now().plus(OPERATION_LIFETIME).toString();
        o.actorRole = by.role().name();
        o.actorId = by.id();
        String statement = "MSSEAL/1\noperation=" + o.id + "\nkind=" + kind + "\nseal=" + s.id + "\nenterprise=" + s.enterprise
                + "\nmedium=" + o.medium + "\ncertificate=" + HexFormat.of().formatHex(sha256(c.der()))
                + "\nnonce=" + HexFormat.of().formatHex(ctx.randomBytes(16)) + "\n";
        o.statement = Base64.getEncoder().encodeToString(statement.getBytes(StandardCharsets.UTF_8));
        return o;
    }

    private record Checked(byte[] der, X509Certificate certificate) {
        String base64() {
            return Base64.getEncoder().encodeToString(der);
        }
    }

    /** The checks that need no transaction: filing, certificate, and for a shield medium, the shield. */
    private Checked check(EnterpriseId enterprise, String sealId, SealMedium medium, byte[] certificate) {
        Objects.requireNonNull(enterprise, "enterprise");
        Objects.requireNonNull(sealId, "sealId");
        Objects.requireNonNull(medium, "medium");
        Objects.requireNonNull(certificate, "certificate");
        EnterpriseFiling filing = filing(enterprise);
        if (filing.legalRepresentative().isEmpty()) {
            throw new ShieldException(ErrorCode.FILING_MISMATCH, "the filing of " + enterprise.value() + " names no legal representative");
        }
        byte[] der = certificate.clone();
        X509Certificate cert = certificate(medium, der);
        if (medium instanceof SealMedium.MobileShield m) {
            ShieldState s = ctx.transaction(tx -> ctx.shields().require(tx.store(), m.shield()).state());
            if (!enterprise.value().equals(s.enterprise)) {
                throw new ShieldException(ErrorCode.FORBIDDEN, "the shield belongs to another enterprise");
            }
            if (!ShieldStatus.valueOf(s.status).canSign()) {
                throw new ShieldException(ErrorCode.ILLEGAL_STATE, "shield " + s.number + " is " + s.status + " and cannot hold a seal");
            }
            if (s.certDer == null || !Arrays.equals(Base64.getDecoder().decode(s.certDer), der)) {
                throw new ShieldException(ErrorCode.CERTIFICATE_INVALID, "the chosen certificate is not the shield's current certificate");
            }
        }
        return new Checked(der, cert);
    }

    /**
     * The medium's certificate, checked now: a USB key's against the trusted CAs (path, validity,
     * key usage, revocation where a CRL is available) by the crypto provider; a mobile shield's
     * for validity and key usage here, and against the shield by the caller.
     */
    private X509Certificate certificate(SealMedium medium, byte[] der) {
        if (medium instanceof SealMedium.UsbKey) {
            List<byte[]> crls;
            try {
                crls = List.copyOf(trust.crls().crls());
            } catch (RuntimeException e) {
                throw new ShieldException(ErrorCode.ADAPTER_FAILURE, "the seal media CRL source failed", e);
            }
            return ctx.crypto().signatures().validateCertificate(der, trust.issuers(), crls, ctx.now());
        }
        X509Certificate cert = ctx.crypto().signatures().decodeCertificate(der);
        try {
            cert.checkValidity(java.util.Date.from(ctx.now()));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new ShieldException(ErrorCode.CERTIFICATE_EXPIRED, "the chosen certificate is not valid now");
        }
        boolean[] usage = cert.getKeyUsage();
        if (usage == null || !(usage[0] || usage[1])) {
            throw new ShieldException(ErrorCode.CERTIFICATE_INVALID, "the chosen certificate is not for signatures");
        }
        return cert;
    }

    @Override
    public PinChallenge pinChallenge(Actor by, String operationId) {
        ctx.transaction(tx -> authorizedOperation(tx, by, operationId, "answer the seal's PIN"));
        return pins.issue(challengeOwner(operationId));
    }

    @Override
    public PinCheck verifyPin(Actor by, String operationId, PinProof.EncryptedPin pin) {
        Objects.requireNonNull(pin, "pin");
        record Reserved(StoredSeal seal, long count, Pin pin) {
        }
        Reserved r;
        try (PinGuard.OpenedBlock opened = pins.decrypt(pin)) {
            r = ctx.transaction(tx -> {
                StoredOperation o = authorizedOperation(tx, by, operationId, "answer the seal's PIN").state();
                StoredSeal s = loadSeal(tx, o.seal).state();
                OptionalLong n = tx.store().addIfAtMost(pinCounter(s.id), 1, policy.maxAttempts());
                if (n.isEmpty()) {
                    return new Reserved(s, -1, null);
                }
                return new Reserved(s, n.getAsLong(), pins.bind(tx, challengeOwner(o.id), pin, opened));
            });
        }
        if (r.count() < 0) {
            return PinCheck.Locked.indefinitely(policy.lockoutAction());
        }
        boolean ok;
        try (Pin p = r.pin()) {
            ok = MessageDigest.isEqual(pins.pinMac(pinOwner(r.seal().id), p).getBytes(StandardCharsets.US_ASCII),
                    r.seal().pinMac.getBytes(StandardCharsets.US_ASCII));
        }
        return ctx.transaction(tx -> {
            Loaded<StoredOperation> l = liveOperation(tx, operationId);
            Actor actor = by;
            if (ok) {
                tx.store().resetCounter(pinCounter(r.seal().id));
                l.state().pinVerified = true;
                tx.store().update(OPERATIONS, l.state().id, l.version(), ctx.json().write(l.state()), Map.of());
                tx.audit(actor, "seal.pin_accepted", r.seal().id, Map.of("operation", l.state().id));
                return new PinCheck.Accepted();
            }
            if (r.count() >= policy.maxAttempts()) {
                tx.audit(actor, "seal.pin_locked", r.seal().id, Map.of("operation", l.state().id));
                return PinCheck.Locked.indefinitely(policy.lockoutAction());
            }
            tx.audit(actor, "seal.pin_rejected", r.seal().id, Map.of("operation", l.state().id,
                    "attemptsLeft", Long.toString(policy.maxAttempts() - r.count())));
            return new PinCheck.Rejected((int) (policy.maxAttempts() - r.count()));
        });
    }

    @Override
    public SealOperation verifyLegalRepresentative(Actor by, String operationId, FaceVerifier.FaceCapture capture) {
        Objects.requireNonNull(capture, "capture");
        record Prepared(FiledPerson person, long tries) {
        }
        Prepared p = ctx.transaction(tx -> {
            StoredOperation o = authorizedOperation(tx, by, operationId, "verify the legal representative for the seal").state();
            FiledPerson legal = filing(EnterpriseId.of(o.enterprise)).legalRepresentative().orElseThrow(() ->
                    new ShieldException(ErrorCode.FILING_MISMATCH, "the filing names no legal representative"));
            String counter = "face_daily:" + ShieldRepository.personKey(legal.idNumber().value()) + ":" + today();
            OptionalLong n = tx.store().addIfAtMost(counter, 1, ctx.facePolicy().maxTriesPerDay());
            if (n.isEmpty()) {
                throw new ShieldException(ErrorCode.FACE_RATE_LIMITED, "no face comparisons left today for the legal representative");
            }
            return new Prepared(legal, n.getAsLong());
        });
        FaceVerifier.FaceResult result;
        try {
            result = ctx.face().compare(p.person().idNumber(), p.person().name(), capture);
        } catch (ShieldException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ShieldException(ErrorCode.ADAPTER_FAILURE, "the face verifier failed", e);
        }
        boolean passed = ctx.facePolicy().passes(result.score(), result.live());
        int left = (int) (ctx.facePolicy().maxTriesPerDay() - p.tries());
        Object outcome = ctx.transaction(tx -> {
            Loaded<StoredOperation> l = liveOperation(tx, operationId);
            if (!passed) {
                tx.auditRefusal(by, "seal.face_rejected", l.state().seal, Map.of("operation", l.state().id,
                        "reference", result.vendorId()));
                return ShieldException.withAttemptsLeft(ErrorCode.FACE_MISMATCH,
                        "the legal representative's face comparison failed; retry (" + left + " tries left today)", left);
            }
            l.state().faceVerified = true;
            tx.store().update(OPERATIONS, l.state().id, l.version(), ctx.json().write(l.state()), Map.of());
            tx.audit(by, "seal.face_verified", l.state().seal, Map.of("operation", l.state().id,
                    "reference", result.vendorId()));
            return l.state();
        });
        if (outcome instanceof ShieldException e) {
            throw e;
        }
        StoredOperation o = (StoredOperation) outcome;
        return view(o, pins.issue(challengeOwner(o.id)));
    }

    @Override
    public SealResult complete(Actor by, String operationId, byte[] signature) {
        Objects.requireNonNull(signature, "signature");
        StoredOperation started = ctx.transaction(tx -> authorizedOperation(tx, by, operationId, "complete the seal operation").state());
        // the medium's certificate once more, now: a USB key's may have been revoked since the start
        certificate(parseMedium(started.medium), Base64.getDecoder().decode(started.certificate));
        return ctx.transaction(tx -> {
            Loaded<StoredOperation> lo = authorizedOperation(tx, by, operationId, "complete the seal operation");
            StoredOperation o = lo.state();
            if (!o.pinVerified || !o.faceVerified) {
                throw new ShieldException(ErrorCode.ILLEGAL_STATE, "the seal's PIN and the legal representative's face must be"
                        + " verified first (PIN " + (o.pinVerified ? "done" : "pending") + ", face " + (o.faceVerified ? "done" : "pending") + ")");
            }
            byte[] der = Base64.getDecoder().decode(o.certificate);
            X509Certificate cert = ctx.crypto().signatures().decodeCertificate(der);
            if (!possession(cert.getPublicKey(), Base64.getDecoder().decode(o.statement), signature)) {
                throw new ShieldException(ErrorCode.SIGNATURE_INVALID, "the medium's signature over the statement does not verify");
            }
            Loaded<StoredSeal> ls = loadSeal(tx, o.seal);
            StoredSeal s = ls.state();
            requirePinUnlocked(tx, s.id);
            SealOperation.Kind kind = SealOperation.Kind.valueOf(o.kind);
            Instant now = ctx.now();
            if (kind == SealOperation.Kind.BIND) {
                requireMediumFree(tx, parseMedium(o.medium), s.id);
                if (s.medium != null && !s.medium.equals(o.medium)) {
                    if (!o.confirmMove) {
                        throw new ShieldException(ErrorCode.SEAL_BINDING_CONFLICT, "the seal was bound to another medium meanwhile");
                    }
                    tx.store().release(MEDIUM_CLAIMS, s.medium, s.id);
                }
                try {
                    tx.store().claim(MEDIUM_CLAIMS, o.medium, s.id);
                } catch (ShieldException e) {
                    throw e.code() == ErrorCode.ALREADY_EXISTS
                            ? new ShieldException(ErrorCode.SEAL_BINDING_CONFLICT, "the medium was bound to another seal meanwhile") : e;
                }
                String previous = s.medium;
                s.medium = o.medium;
                s.certificate = o.certificate;
                s.holderName = o.holderName;
                s.holderIdType = o.holderIdType;
                s.holderId = o.holderId;
                s.holderPhone = o.holderPhone;
                s.boundAt = now.toString();
                tx.audit(by, "seal.bound", s.id, Map.of("medium", o.medium, "previous", previous == null ? "-" : previous,
                        "holder", ResidentIdNumber.of(o.holderId).masked(), "operation", o.id));
            } else {
                if (!o.medium.equals(s.medium) || !o.certificate.equals(s.certificate)) {
                    throw new ShieldException(ErrorCode.SEAL_BINDING_CONFLICT, "the seal is no longer bound to this medium");
                }
                tx.store().release(MEDIUM_CLAIMS, s.medium, s.id);
                s.medium = null;
                s.certificate = null;
                s.holderName = null;
                s.holderIdType = null;
                s.holderId = null;
                s.holderPhone = null;
                s.boundAt = null;
                tx.audit(by, "seal.unbound", s.id, Map.of("medium", o.medium, "operation", o.id));
            }
            tx.store().update(SEALS, s.id, ls.version(), ctx.json().write(s), Map.of("enterprise", s.enterprise));
            o.completed = true;
            tx.store().update(OPERATIONS, o.id, lo.version(), ctx.json().write(o), Map.of());
            EnterpriseFiling filing = filing(EnterpriseId.of(s.enterprise));
            return new SealResult(kind, filing.name(), filing.creditCode(),
                    filing.legalRepresentative().map(FiledPerson::name).orElseThrow(), SealType.valueOf(s.type), s.name,
                    parseMedium(o.medium), now);
        });
    }

    @Override
    public PinChallenge resetChallenge(Actor by, String sealId) {
        requireCa(by, "reset seal PINs");
        ctx.transaction(tx -> loadSeal(tx, sealId));
        return pins.issue(resetOwner(sealId));
    }

    @Override
    public void resetPin(Actor by, String sealId, PinProof.EncryptedPin newPin) {
        requireCa(by, "reset seal PINs");
        Objects.requireNonNull(newPin, "newPin");
        try (PinGuard.OpenedBlock opened = pins.decrypt(newPin)) {
            ctx.transaction(tx -> {
                Loaded<StoredSeal> l = loadSeal(tx, sealId);
                try (Pin p = pins.bind(tx, resetOwner(l.state().id), newPin, opened)) {
                    l.state().pinMac = pins.pinMac(pinOwner(l.state().id), p);
                }
                tx.store().update(SEALS, l.state().id, l.version(), ctx.json().write(l.state()), Map.of("enterprise", l.state().enterprise));
                tx.store().resetCounter(pinCounter(l.state().id));
                tx.audit(by, "seal.pin_reset", l.state().id, Map.of());
                return null;
            });
        }
    }

    @Override
    public Seal checkStamp(String sealId, byte[] certificate) {
        Objects.requireNonNull(certificate, "certificate");
        return ctx.transaction(tx -> {
            StoredSeal s = loadSeal(tx, sealId).state();
            if (s.medium == null) {
                throw new ShieldException(ErrorCode.SEAL_BINDING_CONFLICT, "the seal is bound to no medium and cannot stamp");
            }
            if (!Arrays.equals(Base64.getDecoder().decode(s.certificate), certificate)) {
                throw new ShieldException(ErrorCode.SEAL_BINDING_CONFLICT, "the certificate is not in the seal's certList");
            }
            return view(tx, s);
        });
    }

    private boolean possession(PublicKey key, byte[] statement, byte[] signature) {
        List<SignatureScheme> schemes = switch (key.getAlgorithm()) {
            case "EC" -> List.of(SignatureScheme.ECDSA_SHA256, SignatureScheme.SM2_SM3);
            case "Ed25519", "EdDSA" -> List.of(SignatureScheme.ED25519);
            case "RSA" -> List.of(SignatureScheme.RSA_PKCS1_SHA256, SignatureScheme.RSA_PSS_SHA256);
            default -> List.of();
        };
        for (SignatureScheme scheme : schemes) {
            try {
                if (ctx.crypto().signatures().verify(key, scheme, statement, signature)) {
                    return true;
                }
            } catch (ShieldException e) {
                // not this scheme's key: try the next
            }
        }
        return false;
    }

    private record Loaded<T>(T state, long version) {
    }

    private Loaded<StoredSeal> loadSeal(Tx tx, String sealId) {
        Objects.requireNonNull(sealId, "sealId");
        Document d = tx.store().get(SEALS, sealId).filter(x -> sealId.length() <= 64)
                .orElseThrow(() -> new ShieldException(ErrorCode.INVALID_ARGUMENT, "no such seal"));
        return new Loaded<>(ctx.json().read(d.body(), StoredSeal.class), d.version());
    }

    private Loaded<StoredOperation> liveOperation(Tx tx, String operationId) {
        Objects.requireNonNull(operationId, "operationId");
        Document d = tx.store().get(OPERATIONS, operationId).filter(x -> operationId.length() <= 64)
                .orElseThrow(() -> new ShieldException(ErrorCode.CHALLENGE_INVALID, "no such seal operation"));
        StoredOperation o = ctx.json().read(d.body(), StoredOperation.class);
        if (o.completed) {
            throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "the seal operation is already complete");
        }
        if (!ctx.now().isBefore(Instant.parse(o.expiresAt))) {
            throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "the seal operation expired; start again");
        }
        return new Loaded<>(o, d.version());
    }

    /** The enterprise's roles for the seal's enterprise, checked before anything else is read or written. */
    private void authorizeForSeal(Actor by, String sealId, String what) {
        Objects.requireNonNull(by, "by");
        String enterprise = ctx.transaction(tx -> loadSeal(tx, sealId).state().enterprise);
        Roles.requireEnterpriseRole(ctx, by, EnterpriseId.of(enterprise), what);
    }

    /** A live operation, once the actor is found to act for its enterprise. */
    private Loaded<StoredOperation> authorizedOperation(Tx tx, Actor by, String operationId, String what) {
        Objects.requireNonNull(by, "by");
        Loaded<StoredOperation> l = liveOperation(tx, operationId);
        Roles.requireEnterpriseRole(ctx, by, EnterpriseId.of(l.state().enterprise), what);
        return l;
    }

    private static void requireOwnSeal(StoredSeal s, EnterpriseId enterprise) {
        if (!s.enterprise.equals(enterprise.value())) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "no such seal in " + enterprise.value());
        }
    }

    private void requirePinUnlocked(Tx tx, String sealId) {
        if (tx.store().counter(pinCounter(sealId)) >= policy.maxAttempts()) {
            throw ShieldException.withAttemptsLeft(ErrorCode.PIN_LOCKED, "the seal's PIN was entered wrong "
                    + policy.maxAttempts() + " times in a row; contact the CA to reset it", 0);
        }
    }

    private static void requireMediumFree(Tx tx, SealMedium medium, String sealId) {
        Optional<String> owner = tx.store().claimOwner(MEDIUM_CLAIMS, medium.key());
        if (owner.isPresent() && !owner.get().equals(sealId)) {
            throw new ShieldException(ErrorCode.SEAL_BINDING_CONFLICT, "the medium is already bound to another seal");
        }
    }

    private void requireCa(Actor by, String what) {
        Objects.requireNonNull(by, "by");
        if (!policy.mayResetPin().contains(by.role()) || by.actsFor() instanceof Actor.ActsFor.Recorded) {
            throw new ShieldException(ErrorCode.FORBIDDEN, "only the CA (bank staff or the bank's system) may " + what + " (seed 003)");
        }
    }

    private EnterpriseFiling filing(EnterpriseId enterprise) {
        return ctx.registry().filing(enterprise).orElseThrow(() ->
                new ShieldException(ErrorCode.NOT_ENTITLED, "no filing for " + enterprise.value()));
    }

    private LocalDate today() {
        return LocalDate.ofInstant(ctx.now(), ctx.renewalPolicy().zone());
    }

    private static SealMedium parseMedium(String key) {
        if (key.startsWith("usb:")) {
            return new SealMedium.UsbKey(key.substring(4));
        }
        return new SealMedium.MobileShield(ShieldNumber.of(key.substring("shield:".length())));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    private Seal view(Tx tx, StoredSeal s) {
        boolean bound = s.medium != null;
        return new Seal(s.id, EnterpriseId.of(s.enterprise), SealType.valueOf(s.type), s.name, bound,
                bound ? Optional.of(parseMedium(s.medium)) : Optional.empty(),
                bound ? Optional.of(new SealHolder(PersonName.of(s.holderName), IdDocumentType.valueOf(s.holderIdType),
                        ResidentIdNumber.of(s.holderId), PhoneNumber.of(s.holderPhone))) : Optional.empty(),
                bound ? List.of(Base64.getDecoder().decode(s.certificate)) : List.of(),
                bound ? Optional.of(Instant.parse(s.boundAt)) : Optional.empty(),
                tx.store().counter(pinCounter(s.id)) >= policy.maxAttempts());
    }

    private static SealOperation view(StoredOperation o, PinChallenge challenge) {
        return new SealOperation(o.id, SealOperation.Kind.valueOf(o.kind), o.seal, parseMedium(o.medium),
                Base64.getDecoder().decode(o.statement), challenge, o.pinVerified, o.faceVerified, Instant.parse(o.expiresAt));
    }
}
