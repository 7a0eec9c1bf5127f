package io.mshield.core.internal.qr;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.internal.Context;
import io.mshield.core.internal.SystemKeys;
import io.mshield.core.internal.Tx;
import io.mshield.core.internal.transaction.AuthorizationState;
import io.mshield.core.internal.transaction.TransactionServiceImpl;
import io.mshield.crypto.KeyHandle;
import io.mshield.identity.ShieldNumber;
import io.mshield.persistence.Document;
import io.mshield.qr.PollSecret;
import io.mshield.qr.QrChallenge;
import io.mshield.qr.QrPayload;
import io.mshield.qr.QrPurpose;
import io.mshield.qr.QrScan;
import io.mshield.qr.QrService;
import io.mshield.qr.QrSession;
import io.mshield.qr.QrState;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.AuthorizationId;
import io.mshield.transaction.BusinessData;
import io.mshield.transaction.TransactionService;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Scan-to-login and scan-to-sign (R7.2, R7.3). A challenge is a document whose state moves by
 * optimistic versions, so that of any number of concurrent approvals or consumes exactly one
 * wins; expiry is evaluated on every read, so a refusal writes nothing. The holder's PIN and
 * signature go through the ordinary app-to-app signing path ({@code authorizeData}), so every
 * custody mode, the PIN rules and the signature history apply unchanged.
 */
public final class QrServiceImpl implements QrService {
    /** The collection of challenges. */
    public static final String CHALLENGES = "qr_challenges";
    /** The app name of login authorizations. */
    public static final String LOGIN_APP = "mshield-qr-login";
    private static final String KEY_DOCUMENT = "qr-signing-key";

    private final Context ctx;
    private final TransactionService transactions;
    private final Duration lifetime;
    private final KeyHandle key;
    private final byte[] publicKey;

    /** Stored challenge. */
    public static final class StoredChallenge {
        /** Id. */
        public String id;
        /** Nonce, hex. */
        public String nonce;
        /** LOGIN or SIGN. */
        public String purpose;
        /** Origin. */
        public String origin;
        /** Display text. */
        public String display;
        /** Created, ISO-8601. */
        public String createdAt;
        /** Expires, ISO-8601. */
        public String expiresAt;
        /** The QR text. */
        public String payload;
        /** SIGN: the business app. */
        public String app;
        /** SIGN: the business reference. */
        public String reference;
        /** SIGN: the content, base64. */
        public String data;
        /** State. */
        public String state;
        /** The scanning shield. */
        public String shield;
        /** The authorization opened at the scan. */
        public String authorization;
        /** The authorization's signed content, base64. */
        public String authorizationContent;
        /** When the authorization expires, ISO-8601. */
        public String authorizationExpiresAt;
        /** The accepted signature's id. */
        public String signatureId;
        /** Keyed hash of the poll secret handed to the creating page, hex. */
        public String pollSecretMac;

        /** For the JSON codec. */
        public StoredChallenge() {
        }
    }

    /**
     * Creates the service, and the bank's QR signing key the first time.
     *
     * @param ctx          the context
     * @param transactions the signing path the approvals go through
     * @param lifetime     how long a challenge lives
     */
    public QrServiceImpl(Context ctx, TransactionService transactions, Duration lifetime) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.key = SystemKeys.namedKeyPair(ctx.persistence(), ctx.crypto().keyStorage(), ctx.json(), KEY_DOCUMENT,
                "the bank's QR signing key");
        this.publicKey = ctx.crypto().keyStorage().publicKey(key).getEncoded();
    }

    @Override
    public byte[] bankKey() {
        return publicKey.clone();
    }

    @Override
    public QrSession createLogin(String origin) {
        return create(origin, QrPurpose.LOGIN, null);
    }

    @Override
    public QrSession createSigning(String origin, BusinessData content) {
        return create(origin, QrPurpose.SIGN, Objects.requireNonNull(content, "content"));
    }

    private QrSession create(String origin, QrPurpose purpose, BusinessData content) {
        Objects.requireNonNull(origin, "origin");
        Instant now = ctx.now();
        Instant expires = now.plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        String id = HexFormat.of().formatHex(ctx.randomBytes(16));
        byte[] nonce = ctx.randomBytes(16);
        Optional<byte[]> digest = content == null ? Optional.empty() : Optional.of(digest(content));
        // Validate the fields (origin, expiry) before anything is signed or stored.
        new QrPayload(id, nonce, purpose, origin, expires, digest, new byte[8]);
        byte[] body = QrPayload.body(id, nonce, purpose, origin, expires, digest);
        byte[] signature = ctx.crypto().keyStorage().sign(key, key.algorithm().defaultScheme(), body);
        QrPayload payload = new QrPayload(id, nonce, purpose, origin, expires, digest, signature);
        StoredChallenge c = new StoredChallenge();
        c.id = id;
        c.nonce = HexFormat.of().formatHex(nonce);
        c.purpose = purpose.name();
        c.origin = origin;
        c.display = content == null ? "登录 " + origin : content.summary();
        c.createdAt = now.toString();
        c.expiresAt = expires.toString();
        c.payload = payload.encode();
        if (content != null) {
            c.app = content.app();
            c.reference = content.reference();
            c.data = Base64.getEncoder().encodeToString(content.data());
        }
        c.state = QrState.CREATED.name();
        // R7.2: the poll secret goes only to the creating page; the bank keeps a keyed hash of it
        PollSecret secret = PollSecret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(ctx.randomBytes(32)));
        c.pollSecretMac = pollSecretMac(id, secret);
        return ctx.transaction(tx -> {
            tx.store().insert(CHALLENGES, id, ctx.json().write(c), Map.of());
            tx.audit(Actor.system("qr"), "qr.created", id, Map.of("purpose", purpose.name(), "origin", origin));
            return new QrSession(view(c), secret);
        });
    }

    @Override
    public QrPayload verify(String payload) {
        QrPayload p = QrPayload.parse(payload);
        boolean genuine;
        try {
            genuine = ctx.crypto().signatures().verify(ctx.crypto().keyStorage().publicKey(key), key.algorithm().defaultScheme(),
                    p.signedBytes(), p.signature());
        } catch (ShieldException e) {
            genuine = false;
        }
        if (!genuine) {
            throw new ShieldException(ErrorCode.QR_PAYLOAD_INVALID, "the QR payload does not carry this bank's signature");
        }
        return p;
    }

    @Override
    public QrScan scan(ShieldNumber shield, String payload) {
        Objects.requireNonNull(shield, "shield");
        QrPayload p = verify(payload);
        // 1. check, without writing: the challenge is this payload's, live, unscanned or ours, content unchanged
        StoredChallenge seen = ctx.transaction(tx -> {
            StoredChallenge c = load(tx, p.id()).state();
            if (!c.payload.equals(p.encode())) {
                throw new ShieldException(ErrorCode.QR_PAYLOAD_INVALID, "the payload is not the one the bank issued for " + p.id());
            }
            requireLive(c);
            if (QrPurpose.valueOf(c.purpose) == QrPurpose.SIGN
                    && !MessageDigest.isEqual(digest(content(c)), p.contentDigest().orElseThrow())) {
                throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "the content to sign changed after the QR code was shown");
            }
            QrState state = QrState.valueOf(c.state);
            if (state == QrState.SCANNED && !shield.value().equals(c.shield)) {
                throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "the challenge was scanned by another shield");
            }
            if (state != QrState.CREATED && state != QrState.SCANNED) {
                throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "the challenge is " + state + " and cannot be scanned");
            }
            return c;
        });
        if (QrState.valueOf(seen.state) == QrState.SCANNED) {
            return scanned(seen);
        }
        // 2. open the authorization the holder's PIN and signature will complete
        Authorization a = transactions.authorizeData(shield, businessData(seen));
        if (!(a instanceof Authorization.Allowed allowed)) {
            Authorization.Denied d = (Authorization.Denied) a;
            throw new ShieldException(d.code(), d.explanation());
        }
        // 3. bind, unless someone else bound first
        try {
            return ctx.transaction(tx -> {
                Loaded l = load(tx, p.id());
                StoredChallenge c = l.state();
                requireLive(c);
                if (QrState.valueOf(c.state) != QrState.CREATED) {
                    throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "the challenge was scanned meanwhile");
                }
                c.state = QrState.SCANNED.name();
                c.shield = shield.value();
                c.authorization = allowed.id().value();
                c.authorizationContent = Base64.getEncoder().encodeToString(allowed.signedContent());
                c.authorizationExpiresAt = allowed.expiresAt().toString();
                tx.store().update(CHALLENGES, c.id, l.version(), ctx.json().write(c), Map.of());
                tx.audit(Actor.system("qr"), "qr.scanned", c.id, Map.of("shield", shield.value(), "authorization", c.authorization));
                return scanned(c);
            });
        } catch (ShieldException e) {
            cancelQuietly(allowed.id());
            if (e.code() == ErrorCode.CHALLENGE_INVALID) {
                StoredChallenge now = ctx.transaction(tx -> load(tx, p.id()).state());
                if (QrState.valueOf(now.state) == QrState.SCANNED && shield.value().equals(now.shield)) {
                    return scanned(now);
                }
            }
            throw e;
        }
    }

    private void cancelQuietly(AuthorizationId id) {
        try {
            transactions.cancel(id);
        } catch (ShieldException ignored) {
            // the authorization expires on its own
        }
    }

    @Override
    public QrChallenge approve(ShieldNumber shield, String challengeId) {
        Objects.requireNonNull(shield, "shield");
        return ctx.transaction(tx -> {
            Loaded l = load(tx, challengeId);
            StoredChallenge c = l.state();
            requireLive(c);
            requireScannedBy(c, shield);
            Document ad = tx.store().get(TransactionServiceImpl.AUTHORIZATIONS, c.authorization).orElseThrow(() ->
                    new ShieldException(ErrorCode.CHALLENGE_INVALID, "the challenge's authorization is gone"));
            AuthorizationState a = ctx.json().read(ad.body(), AuthorizationState.class);
            if (!shield.value().equals(a.shield) || !Objects.equals(a.content, c.authorizationContent)) {
                throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "the authorization does not belong to this challenge");
            }
            if (!AuthorizationState.COMMITTED.equals(a.status)) {
                throw new ShieldException(ErrorCode.CHALLENGE_INVALID,
                        "the challenge's authorization has no accepted signature yet: complete it with the PIN first");
            }
            c.state = QrState.APPROVED.name();
            c.signatureId = a.id;
            tx.store().update(CHALLENGES, c.id, l.version(), ctx.json().write(c), Map.of());
            tx.audit(Actor.system("qr"), "qr.approved", c.id, Map.of("shield", shield.value(), "signature", a.id));
            return view(c);
        });
    }

    @Override
    public QrChallenge reject(ShieldNumber shield, String challengeId) {
        Objects.requireNonNull(shield, "shield");
        QrChallenge rejected = ctx.transaction(tx -> {
            Loaded l = load(tx, challengeId);
            StoredChallenge c = l.state();
            requireLive(c);
            requireScannedBy(c, shield);
            c.state = QrState.REJECTED.name();
            tx.store().update(CHALLENGES, c.id, l.version(), ctx.json().write(c), Map.of());
            tx.audit(Actor.system("qr"), "qr.rejected", c.id, Map.of("shield", shield.value()));
            return view(c);
        });
        rejected.authorization().ifPresent(this::cancelQuietly);
        return rejected;
    }

    @Override
    public QrChallenge status(String challengeId) {
        return ctx.transaction(tx -> view(load(tx, challengeId).state()));
    }

    @Override
    public QrChallenge poll(String challengeId, PollSecret pollSecret) {
        Objects.requireNonNull(pollSecret, "pollSecret");
        return ctx.transaction(tx -> {
            StoredChallenge c = load(tx, challengeId).state();
            requirePollSecret(c, pollSecret);
            return view(c);
        });
    }

    @Override
    public QrChallenge consume(String challengeId, PollSecret pollSecret) {
        Objects.requireNonNull(pollSecret, "pollSecret");
        Object outcome = ctx.transaction(tx -> {
            Loaded l = load(tx, challengeId);
            StoredChallenge c = l.state();
            try {
                requirePollSecret(c, pollSecret);
            } catch (ShieldException e) {
                // recorded, and nothing else changes: the creating page can still take the result
                tx.auditRefusal(Actor.system("qr"), "qr.consume_refused", c.id, Map.of("reason", "poll secret"));
                return e;
            }
            requireLive(c);
            if (QrState.valueOf(c.state) != QrState.APPROVED) {
                throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "the challenge is " + c.state + ", not APPROVED");
            }
            c.state = QrState.CONSUMED.name();
            tx.store().update(CHALLENGES, c.id, l.version(), ctx.json().write(c), Map.of());
            tx.audit(Actor.system("qr"), "qr.consumed", c.id, Map.of("shield", c.shield, "purpose", c.purpose));
            return view(c);
        });
        if (outcome instanceof ShieldException e) {
            throw e;
        }
        return (QrChallenge) outcome;
    }

    /** R7.2: the poll secret's keyed hash, compared in constant time; a challenge without one is refused. */
    private void requirePollSecret(StoredChallenge c, PollSecret secret) {
        boolean ok = c.pollSecretMac != null && MessageDigest.isEqual(HexFormat.of().parseHex(c.pollSecretMac),
                HexFormat.of().parseHex(pollSecretMac(c.id, secret)));
        if (!ok) {
            throw new ShieldException(ErrorCode.QR_POLL_SECRET_INVALID,
                    "this is not the poll secret handed to the page that created QR challenge " + c.id);
        }
    }

    private String pollSecretMac(String id, PollSecret secret) {
        return ctx.keyedHash(ctx.systemKeys().otpMac(), "mshield-qr-poll", id, secret.value().getBytes(StandardCharsets.US_ASCII));
    }

    private record Loaded(StoredChallenge state, long version) {
    }

    private Loaded load(Tx tx, String id) {
        Objects.requireNonNull(id, "challengeId");
        if (!id.matches("[0-9a-f]{32}")) {
            throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "no such QR challenge");
        }
        Document d = tx.store().get(CHALLENGES, id).orElseThrow(() -> new ShieldException(ErrorCode.CHALLENGE_INVALID, "no such QR challenge"));
        return new Loaded(ctx.json().read(d.body(), StoredChallenge.class), d.version());
    }

    private void requireLive(StoredChallenge c) {
        if (effective(c) == QrState.EXPIRED) {
            throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "the QR challenge expired at " + c.expiresAt);
        }
    }

    private static void requireScannedBy(StoredChallenge c, ShieldNumber shield) {
        if (QrState.valueOf(c.state) != QrState.SCANNED) {
            throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "the challenge is " + c.state + ", not SCANNED");
        }
        if (!shield.value().equals(c.shield)) {
            throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "the challenge was scanned by another shield");
        }
    }

    private QrState effective(StoredChallenge c) {
        QrState s = QrState.valueOf(c.state);
        if (!s.isFinal() && !ctx.now().isBefore(Instant.parse(c.expiresAt))) {
            return QrState.EXPIRED;
        }
        return s;
    }

    private QrChallenge view(StoredChallenge c) {
        return new QrChallenge(c.id, QrPurpose.valueOf(c.purpose), c.origin, c.display, effective(c), Instant.parse(c.createdAt),
                Instant.parse(c.expiresAt), c.payload, Optional.ofNullable(c.shield).map(ShieldNumber::of),
                Optional.ofNullable(c.authorization).map(AuthorizationId::new), Optional.ofNullable(c.signatureId));
    }

    private QrScan scanned(StoredChallenge c) {
        return new QrScan(view(c), new Authorization.Allowed(new AuthorizationId(c.authorization),
                Base64.getDecoder().decode(c.authorizationContent), Instant.parse(c.authorizationExpiresAt)));
    }

    private static BusinessData content(StoredChallenge c) {
        return new BusinessData(c.app, c.reference, c.display, Base64.getDecoder().decode(c.data));
    }

    /**
     * What the holder signs: for SIGN the business content itself (what you see is what you sign);
     * for LOGIN the challenge's signed body, which names the origin and the nonce.
     */
    private static BusinessData businessData(StoredChallenge c) {
        if (QrPurpose.valueOf(c.purpose) == QrPurpose.SIGN) {
            return content(c);
        }
        QrPayload p = QrPayload.parse(c.payload);
        return new BusinessData(LOGIN_APP, c.id, c.display, p.signedBytes());
    }

    /**
     * The digest a SIGN payload carries: SHA-256 over {@code MSQRCONTENT/1} and the app, the
     * reference, the display text and the data, each as {@code name=length:value} lines.
     *
     * @param d the content
     * @return 32 bytes
     */
    static byte[] digest(BusinessData d) {
        StringBuilder sb = new StringBuilder("MSQRCONTENT/1\n");
        field(sb, "app", d.app());
        field(sb, "reference", d.reference());
        field(sb, "display", d.summary());
        field(sb, "data", HexFormat.of().formatHex(d.data()));
        try {
            return MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append(name).append('=').append(value.length()).append(':').append(value).append('\n');
    }
}
