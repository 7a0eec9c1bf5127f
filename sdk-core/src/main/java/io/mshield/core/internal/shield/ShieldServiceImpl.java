package io.mshield.core.internal.shield;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.certificate.RevocationReason;
import io.mshield.core.internal.Context;
import io.mshield.core.internal.Tx;
import io.mshield.core.internal.pin.BiometricRegistration;
import io.mshield.core.internal.pin.PinGuard;
import io.mshield.crypto.CertificateSubject;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.CsrChecker;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.OneTimeCode;
import io.mshield.identity.EnterpriseFiling;
import io.mshield.identity.EnterpriseId;
import io.mshield.identity.FiledPerson;
import io.mshield.identity.PhoneNumber;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.identity.ShieldNumber;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.BiometricKey;
import io.mshield.pin.Pin;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinProof;
import io.mshield.pin.RoundProof;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.HolderOperation;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldService;
import io.mshield.shield.ShieldStatus;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Keeping a shield (R3): details, auth method, PIN, renewal, self-revocation, health. */
public final class ShieldServiceImpl implements ShieldService {
    /** The largest CSR accepted. */
    public static final int MAX_CSR_BYTES = 16 * 1024;
    /** The collection of account bindings (R7.5). */
    public static final String BINDINGS = "account_bindings";
    /** The largest envelope content. */
    public static final int MAX_ENVELOPE_BYTES = 64 * 1024;

    private final Context ctx;
    private final PinGuard pins;
    private final HolderChecks checks;

    /**
     * Creates the service.
     *
     * @param ctx  the context
     * @param pins the PIN guard
     */
    public ShieldServiceImpl(Context ctx, PinGuard pins) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.pins = Objects.requireNonNull(pins, "pins");
        this.checks = new HolderChecks(ctx);
    }

    @Override
    public ShieldDetails details(ShieldNumber shield) {
        Objects.requireNonNull(shield, "shield");
        return ctx.transaction(tx -> Views.details(current(tx, shield).state()));
    }

    @Override
    public List<ShieldDetails> shieldsOf(EnterpriseId enterprise, ResidentIdNumber person) {
        Objects.requireNonNull(enterprise, "enterprise");
        Objects.requireNonNull(person, "person");
        return ctx.transaction(tx -> ctx.shields().ofHolder(tx.store(), enterprise.value(), person.value()).stream()
                .sorted(Comparator.comparing((ShieldState s) -> s.number).reversed()).map(Views::details).toList());
    }

    @Override
    public PinChallenge pinChallenge(ShieldNumber shield) {
        Objects.requireNonNull(shield, "shield");
        ctx.transaction(tx -> ctx.shields().require(tx.store(), shield));
        return pins.issue(shield.value());
    }

    @Override
    public CollaborativeSm2.CoSignature coSignPinChallenge(ShieldNumber shield, RoundProof proof, byte[] q1) {
        Objects.requireNonNull(shield, "shield");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(q1, "q1");
        String[] nonce = new String[1];
        ShieldState s = pins.proveRound(PinGuard.Round.PIN_CHALLENGE, shield, shield.value(), proof, new PinGuard.RoundSteps() {
            @Override
            public void proven(Tx tx, ShieldState st) {
                nonce[0] = pins.challengeNonce(tx, proof.challengeId());
            }
        });
        CollaborativeSm2 bank = PinGuard.collaborative(ctx);
        byte[] e = bank.digest(PinGuard.publicKey(ctx, s), HexFormat.of().parseHex(nonce[0]));
        return bank.coSign(PinGuard.share(s), e, q1);
    }

    @Override
    public io.mshield.shield.AccountBinding bindAccount(ShieldNumber shield, Actor by, String system, String account, PinProof proof) {
        ShieldState s = holderOnly(shield, by, "bind the certificate to an account");
        PinGuard.requireUsable(s);
        io.mshield.shield.AccountBinding binding = new io.mshield.shield.AccountBinding(shield, system, account, s.certSerial, ctx.now());
        requirePin(shield, proof, by);
        return ctx.transaction(tx -> {
            String key = shield.value() + "|" + system;
            byte[] body = ctx.json().write(Map.of("system", system, "account", account, "serial", binding.certificateSerial(),
                    "at", binding.boundAt().toString()));
            var existing = tx.store().get(BINDINGS, key);
            if (existing.isPresent()) {
                tx.store().update(BINDINGS, key, existing.get().version(), body, Map.of("shield", shield.value()));
            } else {
                tx.store().insert(BINDINGS, key, body, Map.of("shield", shield.value()));
            }
            tx.audit(by, "shield.account_bound", shield.value(), Map.of("system", system, "account", account, "serial", binding.certificateSerial()));
            return binding;
        });
    }

    @Override
    public List<io.mshield.shield.AccountBinding> accountBindings(ShieldNumber shield) {
        Objects.requireNonNull(shield, "shield");
        return ctx.transaction(tx -> tx.store().find(BINDINGS, "shield", shield.value(), 0, 1000).stream().map(d -> {
            var n = ctx.json().mapper().convertValue(ctx.json().read(d.body(), Map.class), Map.class);
            return new io.mshield.shield.AccountBinding(shield, String.valueOf(n.get("system")), String.valueOf(n.get("account")),
                    String.valueOf(n.get("serial")), Instant.parse(String.valueOf(n.get("at"))));
        }).toList());
    }

    @Override
    public byte[] sealEnvelope(ShieldNumber shield, byte[] plaintext) {
        Objects.requireNonNull(shield, "shield");
        Objects.requireNonNull(plaintext, "plaintext");
        if (plaintext.length > MAX_ENVELOPE_BYTES) {
            throw new ShieldException(ErrorCode.INPUT_TOO_LARGE, "an envelope carries at most " + MAX_ENVELOPE_BYTES
                    + " bytes; seal a content key, not the content");
        }
        ShieldState s = ctx.transaction(tx -> current(tx, shield).state());
        PinGuard.requireUsable(s);
        return ctx.crypto().signatures().encrypt(PinGuard.publicKey(ctx, s), plaintext);
    }

    @Override
    public byte[] openEnvelopeHalf(ShieldNumber shield, RoundProof proof, byte[] t1) {
        Objects.requireNonNull(shield, "shield");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(t1, "t1");
        ShieldState s = pins.proveRound(PinGuard.Round.ENVELOPE, shield, shield.value(), proof, new PinGuard.RoundSteps() {
        });
        return PinGuard.collaborative(ctx).decryptHalf(PinGuard.share(s), t1);
    }

    @Override
    public byte[] openEnvelope(ShieldNumber shield, byte[] ciphertext, PinProof.EncryptedPin pin) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        ShieldState s = ctx.transaction(tx -> ctx.shields().require(tx.store(), shield).state());
        if (CustodyMode.valueOf(s.custody) != CustodyMode.HOSTED) {
            throw new ShieldException(ErrorCode.ILLEGAL_STATE, "only a HOSTED shield's envelopes are opened by the bank");
        }
        requirePin(shield, pin, Actor.holder(s.account));
        byte[] plain = ctx.crypto().keyStorage().decrypt(new KeyHandle(s.keyStorage, s.keyAlias, KeyAlgorithm.valueOf(s.algorithm)), ciphertext);
        ctx.transaction(tx -> {
            tx.audit(Actor.holder(s.account), "envelope.opened", s.number, Map.of("bytes", Integer.toString(plain.length)));
            return null;
        });
        return plain;
    }

    @Override
    public PinCheck checkPin(ShieldNumber shield, PinProof proof) {
        Objects.requireNonNull(shield, "shield");
        ShieldState s = ctx.transaction(tx -> ctx.shields().require(tx.store(), shield).state());
        return pins.check(shield, proof, Actor.holder(s.account));
    }

    @Override
    public ShieldDetails changeAuthMethod(ShieldNumber shield, Actor by, AuthMethod method, PinProof proof) {
        Objects.requireNonNull(method, "method");
        ShieldState before = holderOnly(shield, by, "change the authentication method");
        if (!Arrays.asList(before.deviceMethods.split(",")).contains(method.name())) {
            throw new ShieldException(ErrorCode.AUTH_METHOD_UNSUPPORTED, "the device does not support " + method + " (R3.2)");
        }
        requirePin(shield, proof, by);
        return ctx.transaction(tx -> {
            ShieldRepository.Loaded loaded = ctx.shields().require(tx.store(), shield);
            PinGuard.requireUsable(loaded.state());
            if (method.biometric() && BiometricRegistration.find(ctx, tx, shield.value(), method).isEmpty()) {
                throw new ShieldException(ErrorCode.BIOMETRIC_NOT_REGISTERED, "register the device key for " + method + " first (R2.3)");
            }
            String old = loaded.state().authMethod;
            loaded.state().authMethod = method.name();
            ctx.shields().update(tx.store(), loaded);
            tx.audit(by, "shield.auth_method_changed", shield.value(), Map.of("from", old, "to", method.name()));
            return Views.details(loaded.state());
        });
    }

    @Override
    public ShieldDetails registerBiometric(ShieldNumber shield, Actor by, BiometricKey key, PinProof pin) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(pin, "pin");
        ShieldState before = holderOnly(shield, by, "register a biometric key");
        PinGuard.requireUsable(before);
        if (!Arrays.asList(before.deviceMethods.split(",")).contains(key.method().name())) {
            throw new ShieldException(ErrorCode.AUTH_METHOD_UNSUPPORTED, "the device does not support " + key.method() + " (R2.3)");
        }
        // the key: on the allowlist, of the declared algorithm, and held by the phone (possession
        // signature over a challenge of this shield), all checked before the PIN is counted
        PublicKey publicKey = ctx.crypto().signatures().decodePublicKey(key.publicKey());
        byte[] nonce = ctx.transaction(tx -> pins.peekChallenge(tx, shield.value(), key.challengeId()));
        byte[] message = BiometricKey.registrationMessage(key.challengeId(), nonce, shield, key.method(), key.publicKey());
        if (!ctx.crypto().signatures().verify(publicKey, key.algorithm().defaultScheme(), message, key.possession())) {
            throw new ShieldException(ErrorCode.SIGNATURE_INVALID, "the " + key.method() + " key's possession signature does not verify");
        }
        requirePin(shield, pin, by);
        return ctx.transaction(tx -> {
            ShieldRepository.Loaded loaded = ctx.shields().require(tx.store(), shield);
            PinGuard.requireUsable(loaded.state());
            pins.consumeChallenge(tx, shield.value(), key.challengeId());
            new BiometricRegistration(shield.value(), key.method(), key.algorithm(), Base64.getEncoder().encodeToString(key.publicKey()),
                    ctx.now()).save(ctx, tx);
            String old = loaded.state().authMethod;
            loaded.state().authMethod = key.method().name();
            ctx.shields().update(tx.store(), loaded);
            tx.audit(by, "shield.biometric_registered", shield.value(), Map.of("method", key.method().name(),
                    "algorithm", key.algorithm().name(), "keySha256", CoSignedRequests.sha256Hex(key.publicKey()), "from", old));
            return Views.details(loaded.state());
        });
    }

    @Override
    public void changePin(ShieldNumber shield, Actor by, PinProof oldPin, Optional<PinProof.EncryptedPin> newPin) {
        Objects.requireNonNull(newPin, "newPin");
        ShieldState before = holderOnly(shield, by, "change the PIN");
        if (newPin.isEmpty()) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "a new PIN block is required (R2.4)");
        }
        requirePin(shield, oldPin, by);
        ctx.transaction(tx -> {
            ShieldRepository.Loaded loaded = ctx.shields().require(tx.store(), shield);
            PinGuard.requireUsable(loaded.state());
            if (newPin.isPresent()) {
                try (Pin pin = pins.openBlock(tx, shield.value(), newPin.get())) {
                    ctx.pinPolicy().checkFormat(pin);
                    ctx.pinPolicy().checkStrength(pin, ResidentIdNumber.of(loaded.state().holderId), PhoneNumber.of(loaded.state().holderPhone));
                    loaded.state().pinMac = pins.pinMac(shield.value(), pin);
                }
                ctx.shields().update(tx.store(), loaded);
            }
            tx.audit(by, "shield.pin_changed", shield.value(), Map.of());
            return null;
        });
    }

    @Override
    public void sendSmsCode(ShieldNumber shield, Actor by, HolderOperation operation) {
        Objects.requireNonNull(operation, "operation");
        ShieldState s = holderOnly(shield, by, "ask for an SMS code");
        if (operation == HolderOperation.RENEWAL) {
            PinGuard.requireUsable(s);
        } else {
            requireRevocable(s);
        }
        checks.sendCode(s, operation);
    }

    /** What a due renewal re-matched on the filing (R3.4). */
    private record Due(EnterpriseFiling filing, FiledPerson filed, boolean filingChanged) {
    }

    /**
     * Refuses an expired certificate, a renewal before its window without a filing change, and a
     * holder no longer on the filing as they were; returns what the filing holds now.
     */
    private Due requireDue(ShieldState s, Instant now) {
        Instant notAfter = Instant.parse(s.notAfter);
        if (!now.isBefore(notAfter)) {
            throw new ShieldException(ErrorCode.CERTIFICATE_EXPIRED, "the certificate expired on " + notAfter
                    + "; revoke the shield and apply again (R3.4)");
        }
        EnterpriseFiling filing = ctx.registry().filing(EnterpriseId.of(s.enterprise))
                .orElseThrow(() -> new ShieldException(ErrorCode.FILING_MISMATCH, "the enterprise has no filing record"));
        boolean filingChanged = filing.revision() != s.filingRevision;
        if (!filingChanged && !ctx.renewalPolicy().inRenewalWindow(notAfter, now)) {
            throw new ShieldException(ErrorCode.RENEWAL_NOT_DUE, "renewal opens on "
                    + ctx.renewalPolicy().renewalWindowStart(notAfter) + " (R3.4)");
        }
        FiledPerson filed = filing.person(ResidentIdNumber.of(s.holderId))
                .filter(p -> p.type().name().equals(s.holderType))
                .orElseThrow(() -> new ShieldException(ErrorCode.FILING_MISMATCH, "the holder is no longer on the enterprise's filing"
                        + " as " + s.holderType + " (R1.3, R3.4): revoke the shield"));
        return new Due(filing, filed, filingChanged);
    }

    @Override
    public ShieldDetails renew(ShieldNumber shield, Actor by, PinProof proof, OneTimeCode sms, byte[] csr) {
        Objects.requireNonNull(csr, "csr");
        Objects.requireNonNull(sms, "sms");
        ShieldState s = holderOnly(shield, by, "renew the certificate");
        PinGuard.requireUsable(s);
        if (CustodyMode.valueOf(s.custody) == CustodyMode.COLLABORATIVE) {
            throw new ShieldException(ErrorCode.ILLEGAL_STATE, "a COLLABORATIVE shield renews with a co-signed request:"
                    + " coSignRenewalRequest, then renewCoSigned");
        }
        Instant now = ctx.now();
        Due due = requireDue(s, now);
        checks.verifyCode(s, HolderOperation.RENEWAL, sms);
        requirePin(shield, proof, by);
        s.holderName = due.filed().name().value();
        s.holderPhone = due.filed().phone().value();
        PublicKey key = renewalKey(s, csr);
        return certifyRenewal(shield, by, s, key, due, now, tx -> { });
    }

    /** Issues the renewed certificate, and in one transaction revokes the old one as superseded and records the new one. */
    private ShieldDetails certifyRenewal(ShieldNumber shield, Actor by, ShieldState s, PublicKey key, Due due, Instant now,
                                         java.util.function.Consumer<Tx> alsoInTransaction) {
        X509Certificate cert = ctx.crypto().certificateAuthority().issue(new IssueRequest(key, KeyAlgorithm.valueOf(s.algorithm),
                subject(s), now, ctx.renewalPolicy().notAfter(now), "renew-" + s.number + "-" + s.certSerial));
        return ctx.transaction(tx -> {
            ShieldRepository.Loaded loaded = ctx.shields().require(tx.store(), shield);
            PinGuard.requireUsable(loaded.state());
            checks.consume(tx, loaded.state(), HolderOperation.RENEWAL);
            alsoInTransaction.accept(tx);
            String oldSerial = loaded.state().certSerial;
            if (!oldSerial.equals(s.certSerial)) {
                throw new ShieldException(ErrorCode.ILLEGAL_STATE, "the shield was renewed meanwhile");
            }
            if (!cert.getSerialNumber().toString(16).equals(oldSerial)) {
                // the time this transaction supersedes it, not the request's: a payment signed with the
                // old certificate meanwhile keeps evidence that verifies (Context.exactNow)
                ctx.crypto().certificateAuthority().revoke(new BigInteger(oldSerial, 16), RevocationReason.SUPERSEDED, ctx.exactNow());
            }
            applyCertificate(loaded.state(), cert, key);
            loaded.state().filingRevision = due.filing().revision();
            loaded.state().holderName = due.filed().name().value();
            loaded.state().holderPhone = due.filed().phone().value();
            ctx.shields().update(tx.store(), loaded);
            tx.audit(by, "shield.renewed", shield.value(), Map.of("oldSerial", oldSerial, "newSerial", loaded.state().certSerial,
                    "filingChanged", Boolean.toString(due.filingChanged()), "custody", loaded.state().custody));
            return Views.details(loaded.state());
        });
    }

    private PublicKey renewalKey(ShieldState s, byte[] csr) {
        CustodyMode custody = CustodyMode.valueOf(s.custody);
        if (custody == CustodyMode.HOSTED) {
            if (csr.length != 0) {
                throw new ShieldException(ErrorCode.CSR_INVALID, "a HOSTED shield is renewed by the bank; send no CSR");
            }
            return PinGuard.publicKey(ctx, s);
        }
        return ctx.crypto().csrChecker().check(csr, new CsrChecker.Expectation(
                Set.of(KeyAlgorithm.valueOf(s.algorithm)), s.holderName, MAX_CSR_BYTES)).publicKey();
    }

    /** The collection of co-signed COLLABORATIVE renewal requests, one per shield. */
    public static final String RENEWAL_REQUESTS = "renewal_requests";
    /** The largest CertificationRequestInfo co-signed. */
    public static final int MAX_REQUEST_INFO = 8 * 1024;

    @Override
    public CollaborativeSm2.CoSignature coSignRenewalRequest(ShieldNumber shield, Actor by, byte[] certificationRequestInfo,
                                                            RoundProof proof, byte[] q1) {
        Objects.requireNonNull(certificationRequestInfo, "certificationRequestInfo");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(q1, "q1");
        if (certificationRequestInfo.length == 0 || certificationRequestInfo.length > MAX_REQUEST_INFO) {
            throw new ShieldException(ErrorCode.INPUT_TOO_LARGE, "the CertificationRequestInfo must be 1-" + MAX_REQUEST_INFO + " bytes");
        }
        ShieldState before = requireCollaborativeRenewal(shield, by);
        String infoHash = CoSignedRequests.sha256Hex(certificationRequestInfo);
        ShieldState s = pins.proveRound(PinGuard.Round.RENEWAL_REQUEST, shield, shield.value(), proof, new PinGuard.RoundSteps() {
            @Override
            public void before(Tx tx, ShieldState st) {
                requireDue(st, ctx.now());
            }

            @Override
            public void proven(Tx tx, ShieldState st) {
                new RenewalRequest(st.number, infoHash, st.certSerial, ctx.now(), false).save(ctx, tx);
            }
        });
        try {
            return PinGuard.coSign(ctx, s, certificationRequestInfo, q1);
        } catch (RuntimeException ex) {
            ctx.transaction(tx -> {
                RenewalRequest.find(ctx, tx, before.number).ifPresent(r -> r.used(ctx, tx));
                return null;
            });
            throw ex;
        }
    }

    @Override
    public ShieldDetails renewCoSigned(ShieldNumber shield, Actor by, OneTimeCode sms, byte[] csr) {
        Objects.requireNonNull(sms, "sms");
        Objects.requireNonNull(csr, "csr");
        ShieldState s = requireCollaborativeRenewal(shield, by);
        Instant now = ctx.now();
        Due due = requireDue(s, now);
        RenewalRequest request = ctx.transaction(tx -> RenewalRequest.find(ctx, tx, s.number))
                .filter(r -> !r.used() && r.certSerial().equals(s.certSerial))
                .orElseThrow(() -> new ShieldException(ErrorCode.CSR_INVALID, "no renewal request of this certificate was co-signed"
                        + " (coSignRenewalRequest first)"));
        s.holderName = due.filed().name().value();
        s.holderPhone = due.filed().phone().value();
        // the proof of possession is the joint signature: it verifies with P only when both halves signed
        PublicKey key = ctx.crypto().csrChecker().check(csr, new CsrChecker.Expectation(Set.of(KeyAlgorithm.SM2), s.holderName,
                MAX_CSR_BYTES)).publicKey();
        if (!CoSignedRequests.containsRequestInfo(csr, request.infoHash())) {
            throw new ShieldException(ErrorCode.CSR_INVALID, "the CSR is not the request the bank co-signed");
        }
        if (!Arrays.equals(key.getEncoded(), PinGuard.publicKey(ctx, s).getEncoded())) {
            throw new ShieldException(ErrorCode.CSR_INVALID, "a COLLABORATIVE shield renews with its joint key; re-keying needs a new shield");
        }
        checks.verifyCode(s, HolderOperation.RENEWAL, sms);
        return certifyRenewal(shield, by, s, key, due, now, tx -> RenewalRequest.find(ctx, tx, s.number)
                .filter(r -> !r.used() && r.infoHash().equals(request.infoHash()))
                .orElseThrow(() -> new ShieldException(ErrorCode.CSR_INVALID, "the co-signed request was used or replaced meanwhile"))
                .used(ctx, tx));
    }

    private ShieldState requireCollaborativeRenewal(ShieldNumber shield, Actor by) {
        ShieldState s = holderOnly(shield, by, "renew the certificate");
        if (CustodyMode.valueOf(s.custody) != CustodyMode.COLLABORATIVE) {
            throw new ShieldException(ErrorCode.ILLEGAL_STATE, "only a COLLABORATIVE shield renews with a co-signed request; use renew");
        }
        PinGuard.requireUsable(s);
        return s;
    }

    @Override
    public List<ShieldDetails> dueForRenewalReminder(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit < 1 || limit > 1000) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "limit must be 1-1000");
        }
        Instant from = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        // the reminder is due once now ≥ notAfter − window − lead, i.e. notAfter ≤ now + window + lead
        Instant to = from.atZone(ctx.renewalPolicy().zone()).plus(ctx.renewalPolicy().renewalWindow())
                .plus(ctx.renewalPolicy().reminderLead()).toInstant().plusSeconds(1);
        return ctx.transaction(tx -> ctx.shields().expiringBetween(tx.store(), from.toString(), to.toString(), 1000).stream()
                .filter(s -> ShieldStatus.valueOf(s.status) != ShieldStatus.REVOKED && ShieldStatus.valueOf(s.status) != ShieldStatus.PENDING)
                .filter(s -> ctx.renewalPolicy().reminderDue(Instant.parse(s.notAfter), now))
                .limit(limit).map(Views::details).toList());
    }

    @Override
    public void revoke(ShieldNumber shield, Actor by, PinProof proof) {
        holderOnly(shield, by, "revoke the shield");
        requirePin(shield, proof, by);
        ctx.transaction(tx -> {
            ShieldRepository.Loaded loaded = ctx.shields().require(tx.store(), shield);
            requireAnotherAuthenticator(tx, loaded.state());
            ShieldRepository.Loaded done = Transitions.revoke(ctx, tx, loaded, RevocationReason.CESSATION_OF_OPERATION, by, "shield.self_revoked");
            Bindings.release(ctx, tx, done.state());
            return null;
        });
    }

    @Override
    public void revokeWithoutPin(ShieldNumber shield, Actor by, OneTimeCode sms, FaceVerifier.FaceCapture face) {
        Objects.requireNonNull(sms, "sms");
        Objects.requireNonNull(face, "face");
        ShieldState s = holderOnly(shield, by, "revoke the shield");
        requireRevocable(s);
        ctx.transaction(tx -> {
            requireAnotherAuthenticator(tx, s);
            return null;
        });
        checks.verifyCode(s, HolderOperation.SELF_REVOCATION, sms);
        checks.verifyFace(s, HolderOperation.SELF_REVOCATION, face);
        ctx.transaction(tx -> {
            ShieldRepository.Loaded loaded = ctx.shields().require(tx.store(), shield);
            requireRevocable(loaded.state());
            checks.consume(tx, loaded.state(), HolderOperation.SELF_REVOCATION);
            requireAnotherAuthenticator(tx, loaded.state());
            ShieldRepository.Loaded done = Transitions.revoke(ctx, tx, loaded, RevocationReason.CESSATION_OF_OPERATION, by,
                    "shield.self_revoked_without_pin");
            Bindings.release(ctx, tx, done.state());
            return null;
        });
    }

    private static void requireRevocable(ShieldState s) {
        ShieldStatus status = ShieldStatus.valueOf(s.status);
        if (!status.canBecome(ShieldStatus.REVOKED)) {
            throw new ShieldException(ErrorCode.ILLEGAL_STATE, "shield " + s.number + " is " + status + " and cannot be revoked");
        }
    }

    /**
     * R3.8: a holder may not give up the last active authenticator. The shield may be revoked only
     * when the person keeps another active shield in the enterprise or an active hardware key.
     */
    private void requireAnotherAuthenticator(Tx tx, ShieldState s) {
        boolean otherShield = ctx.shields().ofHolder(tx.store(), s.enterprise, s.holderId).stream()
                .anyMatch(o -> !o.number.equals(s.number) && ShieldStatus.valueOf(o.status) == ShieldStatus.ACTIVE);
        if (!otherShield && !ctx.hardwareKeys().hasActiveHardwareKey(EnterpriseId.of(s.enterprise), ResidentIdNumber.of(s.holderId))) {
            throw new ShieldException(ErrorCode.LAST_AUTHENTICATOR, "the holder has no active hardware key: at least one of"
                    + " the shield and the hardware key must stay active (R3.8); ask the bank or the legal representative to void it");
        }
    }

    @Override
    public ShieldDetails checkHealth(ShieldNumber shield, boolean keyGone) {
        Objects.requireNonNull(shield, "shield");
        return ctx.transaction(tx -> {
            ShieldRepository.Loaded loaded = current(tx, shield);
            ShieldState s = loaded.state();
            ShieldStatus status = ShieldStatus.valueOf(s.status);
            boolean bankKeyGone = s.keyAlias != null
                    && !ctx.crypto().keyStorage().contains(new KeyHandle(s.keyStorage, s.keyAlias, KeyAlgorithm.valueOf(s.algorithm)));
            if ((keyGone || bankKeyGone) && status.canBecome(ShieldStatus.INVALID)) {
                loaded = Transitions.move(ctx, tx, loaded, ShieldStatus.INVALID, Actor.system("health-check"), "shield.key_gone",
                        Map.of("side", keyGone ? "device" : "bank"));
            }
            return Views.details(loaded.state());
        });
    }

    /**
     * The shield as it is now: a timed PIN lock whose time has come is lifted (seed 004), and a
     * passed notAfter expires it (R3.7). Both happen on the first read after their time, by
     * whichever call reads first; every holder operation reads the shield this way, so none refuses
     * a shield as LOCKED after its lock ended.
     *
     * @param tx     the transaction
     * @param shield the shield
     * @return the shield as it is now
     */
    public ShieldRepository.Loaded current(Tx tx, ShieldNumber shield) {
        return applyExpiry(tx, Transitions.liftExpiredPinLock(ctx, tx, ctx.shields().require(tx.store(), shield)));
    }

    /**
     * Moves a live shield whose certificate's notAfter has passed to EXPIRED (R3.7).
     *
     * @param tx     the transaction
     * @param loaded the shield
     * @return the shield as it is now
     */
    public ShieldRepository.Loaded applyExpiry(Tx tx, ShieldRepository.Loaded loaded) {
        ShieldState s = loaded.state();
        if (s.notAfter != null && !ctx.now().isBefore(Instant.parse(s.notAfter))
                && ShieldStatus.valueOf(s.status).canBecome(ShieldStatus.EXPIRED)) {
            return Transitions.move(ctx, tx, loaded, ShieldStatus.EXPIRED, Actor.system("expiry"), "shield.expired", Map.of());
        }
        return loaded;
    }

    private ShieldState holderOnly(ShieldNumber shield, Actor by, String what) {
        Objects.requireNonNull(shield, "shield");
        Objects.requireNonNull(by, "by");
        ShieldState s = ctx.transaction(tx -> current(tx, shield).state());
        Roles.require(ctx, by, s, Set.of(Actor.Role.HOLDER), what);
        return s;
    }

    /**
     * Refuses unless the PIN proof is accepted: PIN_INCORRECT with the attempts left, or
     * PIN_LOCKED (R5.1, R5.2). A biometric proof is PIN_REQUIRED: the operations that call this
     * change the shield itself.
     *
     * @param shield the shield
     * @param proof  the proof
     * @param by     who
     */
    public void requirePin(ShieldNumber shield, PinProof proof, Actor by) {
        Objects.requireNonNull(proof, "proof");
        if (proof instanceof PinProof.BiometricSignature) {
            throw new ShieldException(ErrorCode.PIN_REQUIRED, "changes to the shield need the PIN; a biometric confirms signatures only"
                    + " (R2.3, seed 000)");
        }
        PinCheck check = pins.check(shield, proof, by);
        if (check instanceof PinCheck.Rejected r) {
            throw PinGuard.rejectedException(proof, r);
        }
        if (check instanceof PinCheck.Locked l) {
            throw PinGuard.lockedException(l);
        }
    }

    /**
     * The certificate subject of a shield: name, credit code, shield number, and a keyed hash
     * of the ID number — never the number itself.
     *
     * @param s the shield
     * @return the subject
     */
    public CertificateSubject subject(ShieldState s) {
        EnterpriseFiling filing = ctx.registry().filing(EnterpriseId.of(s.enterprise))
                .orElseThrow(() -> new ShieldException(ErrorCode.FILING_MISMATCH, "the enterprise has no filing record"));
        byte[] mac = ctx.crypto().keyStorage().mac(ctx.systemKeys().pinMac(),
                ("mshield-id|" + s.holderId).getBytes(StandardCharsets.UTF_8));
        String hash = HexFormat.of().formatHex(Arrays.copyOf(mac, 32));
        return new CertificateSubject(s.holderName, filing.creditCode().value(), hash, s.number);
    }

    /**
     * Records a newly issued certificate on a shield.
     *
     * @param s    the shield
     * @param cert the certificate
     * @param key  its public key
     */
    public static void applyCertificate(ShieldState s, X509Certificate cert, PublicKey key) {
        try {
            s.certDer = Base64.getEncoder().encodeToString(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new ShieldException(ErrorCode.CERTIFICATE_INVALID, "the CA returned an unencodable certificate", e);
        }
        s.certSerial = cert.getSerialNumber().toString(16);
        s.certSubject = cert.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253,
                Map.of("2.5.4.5", "SERIALNUMBER", "2.5.4.97", "organizationIdentifier", "2.5.4.45", "uniqueIdentifier"));
        s.notBefore = cert.getNotBefore().toInstant().toString();
        s.notAfter = cert.getNotAfter().toInstant().toString();
        s.publicKey = Base64.getEncoder().encodeToString(key.getEncoded());
    }
}
