package io.mshield.core.internal.transaction;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.internal.Context;
import io.mshield.core.internal.Tx;
import io.mshield.core.internal.shield.ShieldState;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.SignatureVerification;
import io.mshield.identity.ShieldNumber;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.signature.Evidence;
import io.mshield.signature.SignatureHistory;
import io.mshield.signature.SignatureRecord;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The signature history (R6.6): every signature the bank accepted or refused, newest first, and
 * for each accepted one an evidence package — content, CMS, chain, and the CRL current at signing
 * time — that {@link #verifyEvidence} checks again later.
 */
public final class SignatureHistoryImpl implements SignatureHistory {
    /** History entries, keyed so that key order is newest first within a shield. */
    public static final String HISTORY = "signatures";
    /** Evidence packages, keyed by signature id. */
    public static final String EVIDENCE = "evidence";

    private final Context ctx;

    /**
     * Creates the history.
     *
     * @param ctx the context
     */
    public SignatureHistoryImpl(Context ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    /** What goes into an evidence package. */
    record EvidenceParts(byte[] content, byte[] cms, X509Certificate certificate, List<X509Certificate> chain) {
    }

    /** Stored history entry. */
    public static final class Entry {
        /** Signature id. */
        public String id;
        /** Shield. */
        public String shield;
        /** Time. */
        public String time;
        /** Scenario. */
        public String scenario;
        /** Amount. */
        public String amount;
        /** Currency. */
        public String currency;
        /** Display text. */
        public String display;
        /** SHA-256 of the content. */
        public String digest;
        /** Certificate serial. */
        public String serial;
        /** Signature, base64. */
        public String signature;
        /** Outcome. */
        public String outcome;

        /** For the JSON codec. */
        public Entry() {
        }
    }

    /** Stored evidence. */
    public static final class StoredEvidence {
        /** Content, base64. */
        public String content;
        /** CMS, base64. */
        public String cms;
        /** Chain, base64 DER each. */
        public List<String> chain = new ArrayList<>();
        /** Revocation data, base64 DER each. */
        public List<String> revocation = new ArrayList<>();

        /** For the JSON codec. */
        public StoredEvidence() {
        }
    }

    SignatureRecord record(Tx tx, AuthorizationState a, ShieldState s, byte[] signature, SignatureRecord.Outcome outcome,
                           Optional<EvidenceParts> evidence) {
        Instant now = ctx.now();
        byte[] content = Base64.getDecoder().decode(a.content);
        Entry e = new Entry();
        e.id = outcome == SignatureRecord.Outcome.ACCEPTED ? a.id : a.id + "-" + ctx.randomId().substring(0, 8);
        e.shield = s.number;
        e.time = now.toString();
        e.scenario = a.scenario;
        e.amount = a.amount;
        e.currency = a.currency;
        e.display = a.display;
        e.digest = sha256Hex(content);
        e.serial = s.certSerial;
        e.signature = Base64.getEncoder().encodeToString(signature);
        e.outcome = outcome.name();
        String key = s.number + ":" + String.format("%019d", Long.MAX_VALUE - now.getEpochSecond()) + ":" + e.id;
        tx.store().insert(HISTORY, key, ctx.json().write(e), Map.of("shield", s.number));
        if (evidence.isPresent()) {
            EvidenceParts p = evidence.get();
            StoredEvidence st = new StoredEvidence();
            st.content = Base64.getEncoder().encodeToString(p.content());
            st.cms = Base64.getEncoder().encodeToString(p.cms());
            try {
                st.chain.add(Base64.getEncoder().encodeToString(p.certificate().getEncoded()));
                for (X509Certificate c : p.chain()) {
                    st.chain.add(Base64.getEncoder().encodeToString(c.getEncoded()));
                }
            } catch (CertificateEncodingException ex) {
                throw new ShieldException(ErrorCode.CERTIFICATE_INVALID, "a certificate of the chain cannot be encoded", ex);
            }
            st.revocation.add(Base64.getEncoder().encodeToString(
                    ctx.crypto().certificateAuthority().currentCrl(KeyAlgorithm.valueOf(s.algorithm).family())));
            tx.store().insert(EVIDENCE, e.id, ctx.json().write(st), Map.of("shield", s.number));
        }
        return view(e);
    }

    @Override
    public List<SignatureRecord> history(ShieldNumber shield, int offset, int limit) {
        Objects.requireNonNull(shield, "shield");
        if (offset < 0 || limit < 1 || limit > 100) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "offset must be 0 or more and limit 1-100");
        }
        return ctx.transaction(tx -> tx.store().find(HISTORY, "shield", shield.value(), offset, limit).stream()
                .map(d -> view(ctx.json().read(d.body(), Entry.class))).toList());
    }

    @Override
    public Optional<Evidence> evidence(String signatureId) {
        Objects.requireNonNull(signatureId, "signatureId");
        if (!signatureId.matches("[0-9a-f]{32}")) {
            return Optional.empty();
        }
        return ctx.transaction(tx -> tx.store().get(EVIDENCE, signatureId).map(d -> {
            StoredEvidence st = ctx.json().read(d.body(), StoredEvidence.class);
            Base64.Decoder b64 = Base64.getDecoder();
            return new Evidence(signatureId, b64.decode(st.content), b64.decode(st.cms),
                    st.chain.stream().map(b64::decode).toList(), st.revocation.stream().map(b64::decode).toList());
        }));
    }

    @Override
    public SignatureVerification verifyEvidence(Evidence evidence) {
        Objects.requireNonNull(evidence, "evidence");
        return ctx.crypto().signatures().verifyEvidence(evidence.cms(), evidence.content(), evidence.revocationData());
    }

    /**
     * The shield's current certificate.
     *
     * @param s the shield
     * @return the certificate
     */
    X509Certificate certificate(ShieldState s) {
        return ctx.crypto().signatures().decodeCertificate(Base64.getDecoder().decode(s.certDer));
    }

    private static SignatureRecord view(Entry e) {
        Optional<Scenario> scenario = Optional.ofNullable(e.scenario).map(Scenario::of);
        Optional<Money> amount = Optional.ofNullable(e.amount).map(a -> Money.of(a, e.currency));
        return new SignatureRecord(e.id, ShieldNumber.of(e.shield), Instant.parse(e.time), scenario, amount, e.display, e.digest,
                e.serial, Base64.getDecoder().decode(e.signature), SignatureRecord.Outcome.valueOf(e.outcome));
    }

    private static String sha256Hex(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
