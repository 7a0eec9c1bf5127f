package io.mshield.crypto.internal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.certificate.RevocationReason;
import io.mshield.crypto.CertificateAuthority;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.KeyStorage;
import io.mshield.crypto.RevocationStatus;
import io.mshield.crypto.internal.ca.FlatJson;
import io.mshield.crypto.internal.ca.StorageSigner;
import io.mshield.persistence.Document;
import io.mshield.persistence.Persistence;
import io.mshield.persistence.Store;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPRequest;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bank's embedded CA: a root and an issuing CA per key family, the shield certificate
 * profile, revocation with RFC 5280 reasons (holds that can be lifted), numbered CRLs and an OCSP
 * responder.
 *
 * <p>Durable and shared: the CA keys are made once in the bank's {@link KeyStorage} and reused;
 * every record — the CA certificates, each issued certificate with its status, the CRL numbers, the
 * published CRL, issuance idempotency — goes through the {@link Persistence} SPI, so a new instance
 * on the same store and key storage (after a restart, or on another node) carries on where the last
 * one stopped. Nothing mutable is kept in this object: only immutable issuer certificates are
 * cached. Revocations, holds and releases called inside a transaction of the same
 * {@code Persistence} join it, so a shield's status and its certificate's status commit together.
 *
 * <p>Rollover ({@link #rollover}) adds an issuing key and certificate under the same root; new
 * certificates come from it, older ones keep validating and can still be held and revoked, and
 * each issuing CA has its own CRL. CRLs and OCSP responses are signed by the issuing CA's key.
 * Thread-safe.
 */
public final class EmbeddedCa implements CertificateAuthority {
    private static final Duration CA_VALIDITY = Duration.ofDays(3650 * 2);
    private static final Duration CRL_VALIDITY = Duration.ofDays(1);
    /** How long a published CRL is handed out by {@link #currentCrl} when nothing was revoked or released. */
    static final Duration CRL_PUBLICATION_INTERVAL = Duration.ofHours(1);

    static final String AUTHORITIES = "ca_authorities";
    static final String ISSUERS = "ca_issuers";
    static final String CERTIFICATES = "ca_certificates";
    static final String CRLS = "ca_crls";
    static final String REQUESTS = "ca_requests";
    private static final int PAGE = 1000;

    private final Clock clock;
    private final SecureRandom random;
    private final KeyStorage keys;
    private final Persistence store;
    private final String crlUrlBase;
    private final String ocspUrl;
    /** Issuing CAs by id; immutable once made, so safe to cache on every node. */
    private final Map<String, Issuer> issuers = new ConcurrentHashMap<>();

    /**
     * An issuing CA.
     *
     * @param id     {@code FAMILY-generation}, such as {@code SM2-1}
     * @param key    its key in the key storage
     * @param cert   its certificate
     * @param root   the root's certificate
     * @param holder its certificate for BouncyCastle
     */
    private record Issuer(String id, KeyHandle key, X509Certificate cert, X509Certificate root, X509CertificateHolder holder) {
        KeyAlgorithm.Family family() {
            return key.algorithm().family();
        }
    }

    /** The status of an issued certificate as stored. */
    private enum State { GOOD, HOLD, REVOKED }

    /**
     * Opens the CA on a store and a key storage: reads its keys' handles and certificates, or, the
     * first time, makes a root and an issuing key per family the key storage offers and stores their
     * certificates. When two nodes start at once, one wins and the other uses its keys.
     *
     * @param clock      the clock
     * @param random     the randomness of serials
     * @param keys       where the CA keys live
     * @param store      where the CA's records live
     * @param crlUrlBase where CRLs are published; the family's name and ".crl" are appended
     * @param ocspUrl    the OCSP responder's URL
     */
    public EmbeddedCa(Clock clock, SecureRandom random, KeyStorage keys, Persistence store, String crlUrlBase, String ocspUrl) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.store = Objects.requireNonNull(store, "store");
        this.crlUrlBase = Objects.requireNonNull(crlUrlBase, "crlUrlBase");
        this.ocspUrl = Objects.requireNonNull(ocspUrl, "ocspUrl");
        for (KeyAlgorithm.Family f : KeyAlgorithm.Family.values()) {
            if (keys.algorithms().contains(caAlgorithm(f))) {
                loadOrCreate(f);
            }
        }
    }

    private static KeyAlgorithm caAlgorithm(KeyAlgorithm.Family f) {
        return switch (f) {
            case SM2 -> KeyAlgorithm.SM2;
            case EC -> KeyAlgorithm.EC_P256;
            case EDDSA -> KeyAlgorithm.ED25519;
            case RSA -> KeyAlgorithm.RSA_2048;
        };
    }

    // ---- the CA's own keys and certificates ---------------------------------------------------

    private void loadOrCreate(KeyAlgorithm.Family f) {
        if (store.inTransaction(s -> s.get(AUTHORITIES, f.name())).isPresent()) {
            current(f);
            return;
        }
        KeyAlgorithm alg = caAlgorithm(f);
        KeyHandle rootKey = keys.generateKeyPair(alg);
        KeyHandle issuingKey = keys.generateKeyPair(alg);
        try {
            Instant now = clock.instant();
            X500Name rootName = caName("MobileShield Root CA " + f.name());
            X509Certificate root = caCertificate(rootName, keys.publicKey(rootKey), rootName, rootKey, null, now, 1);
            X509Certificate issuing = caCertificate(issuingName(f, 1), keys.publicKey(issuingKey), rootName, rootKey, root, now, 0);
            String id = issuerId(f, 1);
            store.inTransaction(s -> {
                s.insert(AUTHORITIES, f.name(), FlatJson.write(Map.of("storage", keys.id(), "rootKey", rootKey.alias(),
                        "algorithm", alg.name(), "root", b64(root), "current", id, "generations", "1")), Map.of());
                insertIssuer(s, id, issuingKey, issuing);
                return null;
            });
        } catch (ShieldException e) {
            keys.destroy(rootKey);
            keys.destroy(issuingKey);
            if (e.code() != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
            loadOrCreate(f);
        }
    }

    private static void insertIssuer(Store s, String id, KeyHandle key, X509Certificate cert) {
        s.insert(ISSUERS, id, FlatJson.write(Map.of("family", key.algorithm().family().name(), "key", key.alias(),
                "algorithm", key.algorithm().name(), "certificate", b64(cert))), Map.of("family", key.algorithm().family().name()));
        s.insert(CRLS, id, FlatJson.write(Map.of("number", "0")), Map.of());
    }

    private static String issuerId(KeyAlgorithm.Family f, int generation) {
        return f.name() + "-" + generation;
    }

    private static X500Name issuingName(KeyAlgorithm.Family f, int generation) {
        return caName("MobileShield Issuing CA " + f.name() + (generation == 1 ? "" : " G" + generation));
    }

    private static X500Name caName(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "CN").addRDN(BCStyle.O, "MobileShield Demo Bank")
                .addRDN(BCStyle.CN, cn).build();
    }

    private X509Certificate caCertificate(X500Name subject, PublicKey key, X500Name issuer, KeyHandle issuerKey,
                                          X509Certificate issuerCert, Instant now, int pathLen) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(CA_VALIDITY)), subject, key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
            b.addExtension(Extension.authorityKeyIdentifier, false, issuerCert == null
                    ? ext.createAuthorityKeyIdentifier(key) : ext.createAuthorityKeyIdentifier(issuerCert));
            return sign(b, issuerKey);
        } catch (ShieldException e) {
            throw e;
        } catch (Exception e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "cannot create a CA certificate", e);
        }
    }

    private X509Certificate sign(X509v3CertificateBuilder b, KeyHandle key) throws Exception {
        return new JcaX509CertificateConverter().setProvider(Bc.provider()).getCertificate(b.build(new StorageSigner(keys, key)));
    }

    private Map<String, String> authority(KeyAlgorithm.Family f) {
        return store.inTransaction(s -> s.get(AUTHORITIES, f.name())).map(d -> FlatJson.read(d.body()))
                .orElseThrow(() -> new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED,
                        "the CA has no " + f + " issuing CA: the key storage does not offer " + caAlgorithm(f)));
    }

    private Issuer current(KeyAlgorithm.Family f) {
        return issuer(authority(f).get("current")).orElseThrow();
    }

    /** An issuing CA by id, from the cache or the store; its keys must still be in the key storage. */
    private Optional<Issuer> issuer(String id) {
        Issuer cached = issuers.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Map<String, String>> doc = store.inTransaction(s -> s.get(ISSUERS, id)).map(d -> FlatJson.read(d.body()));
        if (doc.isEmpty()) {
            return Optional.empty();
        }
        KeyAlgorithm.Family f = KeyAlgorithm.Family.valueOf(doc.get().get("family"));
        Map<String, String> a = authority(f);
        if (!keys.id().equals(a.get("storage"))) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "the database's CA keys live in key storage '"
                    + a.get("storage") + "', but this CA was given '" + keys.id() + "'");
        }
        KeyHandle key = new KeyHandle(keys.id(), doc.get().get("key"), KeyAlgorithm.valueOf(doc.get().get("algorithm")));
        if (!keys.contains(key) || !keys.contains(new KeyHandle(keys.id(), a.get("rootKey"), key.algorithm()))) {
            throw new ShieldException(ErrorCode.KEY_NOT_FOUND, "the key storage no longer holds the " + f + " CA's keys");
        }
        try {
            X509Certificate cert = certificate(doc.get().get("certificate"));
            Issuer i = new Issuer(id, key, cert, certificate(a.get("root")), new X509CertificateHolder(cert.getEncoded()));
            issuers.putIfAbsent(id, i);
            return Optional.of(i);
        } catch (Exception e) {
            throw new ShieldException(ErrorCode.PERSISTENCE_FAILURE, "a stored CA certificate does not parse", e);
        }
    }

    private List<Issuer> allIssuers() {
        List<Issuer> out = new ArrayList<>();
        for (KeyAlgorithm.Family f : KeyAlgorithm.Family.values()) {
            out.addAll(issuersOf(f));
        }
        return out;
    }

    private List<Issuer> issuersOf(KeyAlgorithm.Family f) {
        List<String> ids = store.inTransaction(s -> s.find(ISSUERS, "family", f.name(), 0, PAGE)).stream().map(Document::key).toList();
        List<Issuer> out = new ArrayList<>();
        for (String id : ids) {
            issuer(id).ifPresent(out::add);
        }
        out.sort((a, b) -> Integer.compare(generation(b.id()), generation(a.id())));
        return out;
    }

    private static int generation(String issuerId) {
        return Integer.parseInt(issuerId.substring(issuerId.indexOf('-') + 1));
    }

    /**
     * Rollover: a new issuing key in the key storage and a new issuing certificate under the same
     * root. New certificates of the family come from it; the older issuing CAs keep their
     * certificates, CRLs and OCSP answers.
     *
     * @param family the key family
     * @return the new issuing CA's certificate
     */
    @Override
    public X509Certificate rollover(KeyAlgorithm.Family family) {
        Objects.requireNonNull(family, "family");
        Document doc = store.inTransaction(s -> s.get(AUTHORITIES, family.name())).orElseThrow(() -> new ShieldException(
                ErrorCode.ALGORITHM_NOT_SUPPORTED, "the CA has no " + family + " issuing CA"));
        Map<String, String> a = FlatJson.read(doc.body());
        int generation = Integer.parseInt(a.get("generations")) + 1;
        KeyAlgorithm alg = KeyAlgorithm.valueOf(a.get("algorithm"));
        KeyHandle rootKey = new KeyHandle(keys.id(), a.get("rootKey"), alg);
        X509Certificate root = certificate(a.get("root"));
        KeyHandle key = keys.generateKeyPair(alg);
        try {
            X509Certificate cert = caCertificate(issuingName(family, generation), keys.publicKey(key),
                    X500Name.getInstance(root.getSubjectX500Principal().getEncoded()), rootKey, root, clock.instant(), 0);
            String id = issuerId(family, generation);
            Map<String, String> next = new HashMap<>(a);
            next.put("current", id);
            next.put("generations", Integer.toString(generation));
            store.inTransaction(s -> {
                s.update(AUTHORITIES, family.name(), doc.version(), FlatJson.write(next), Map.of());
                insertIssuer(s, id, key, cert);
                return null;
            });
            return cert;
        } catch (RuntimeException e) {
            keys.destroy(key);
            throw e;
        }
    }

    // ---- issuance -----------------------------------------------------------------------------

    private BigInteger serial() {
        byte[] b = new byte[16];
        BigInteger s;
        do {
            random.nextBytes(b);
            s = new BigInteger(1, b);
        } while (s.bitLength() < 120);
        return s;
    }

    /** The claim that makes issuance idempotent: a hash, so that any request id fits the store's key rules. */
    private static String requestKey(String requestId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(requestId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    private Optional<X509Certificate> issuedFor(String requestKey) {
        return store.inTransaction(s -> s.claimOwner(REQUESTS, requestKey).flatMap(serial -> s.get(CERTIFICATES, serial)))
                .map(d -> certificate(FlatJson.read(d.body()).get("der")));
    }

    @Override
    public X509Certificate issue(IssueRequest r) {
        Objects.requireNonNull(r, "request");
        String requestKey = requestKey(r.requestId());
        Optional<X509Certificate> existing = issuedFor(requestKey);
        if (existing.isPresent()) {
            if (!Arrays.equals(existing.get().getPublicKey().getEncoded(), r.subjectKey().getEncoded())) {
                throw new ShieldException(ErrorCode.IDEMPOTENCY_CONFLICT, "request id " + r.requestId() + " was used for another key");
            }
            return existing.get();
        }
        KeyAlgorithm.Family f = r.algorithm().family();
        if (KeyPairs.algorithmOf(r.subjectKey()) != r.algorithm()) {
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "the key is not a " + r.algorithm() + " key");
        }
        Issuer a = current(f);
        X509Certificate cert = leaf(r, a);
        try {
            return stored(requestKey, a, cert);
        } catch (ShieldException e) {
            if (e.code() != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
            return issue(r); // another node answered the same request first, or (astronomically rarely) the serial was taken
        }
    }

    /** Records an issued certificate as GOOD with its request's claim, in one transaction. */
    private X509Certificate stored(String requestKey, Issuer a, X509Certificate cert) {
        String serial = cert.getSerialNumber().toString(16);
        store.inTransaction(s -> {
            s.claim(REQUESTS, requestKey, serial);
            Map<String, String> fields = new HashMap<>();
            fields.put("issuer", a.id());
            fields.put("subject", cert.getSubjectX500Principal().getName());
            fields.put("notBefore", cert.getNotBefore().toInstant().toString());
            fields.put("notAfter", cert.getNotAfter().toInstant().toString());
            fields.put("state", State.GOOD.name());
            fields.put("issuedAt", clock.instant().toString());
            fields.put("der", b64(cert));
            s.insert(CERTIFICATES, serial, FlatJson.write(fields), Map.of("issuer", a.id()));
            return null;
        });
        return cert;
    }

    /**
     * Issues the certificate of a time-stamping unit (RFC 3161 section 2.3): from the family's
     * current issuing CA, with the extended key usage timeStamping as its only purpose, critical,
     * and key usage digitalSignature and nonRepudiation. Recorded like every certificate, so it can
     * be held and revoked and has CRL and OCSP status; idempotent by request id.
     *
     * @param key       the unit's public key
     * @param algorithm its algorithm
     * @param name      the unit's common name
     * @param notAfter  the end of its validity
     * @param requestId the idempotency key
     * @return the certificate
     */
    public X509Certificate issueTimeStampingCertificate(PublicKey key, KeyAlgorithm algorithm, String name, Instant notAfter,
                                                        String requestId) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        String requestKey = requestKey(Objects.requireNonNull(requestId, "requestId"));
        Optional<X509Certificate> existing = issuedFor(requestKey);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (KeyPairs.algorithmOf(key) != algorithm) {
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "the key is not a " + algorithm + " key");
        }
        Issuer a = current(algorithm.family());
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            Instant now = clock.instant();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(a.cert(), serial(), Date.from(now.minusSeconds(60)),
                    Date.from(notAfter), caName(name), key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            b.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(a.cert()));
            X509Certificate cert = sign(b, a.key());
            return stored(requestKey, a, cert);
        } catch (ShieldException e) {
            if (e.code() == ErrorCode.ALREADY_EXISTS) {
                return issueTimeStampingCertificate(key, algorithm, name, notAfter, requestId);
            }
            throw e;
        } catch (Exception e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "the CA could not sign the time-stamping certificate", e);
        }
    }

    private X509Certificate leaf(IssueRequest r, Issuer a) {
        KeyAlgorithm.Family f = r.algorithm().family();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "CN")
                    .addRDN(BCStyle.ORGANIZATION_IDENTIFIER, r.subject().enterprise())
                    .addRDN(BCStyle.DN_QUALIFIER, r.subject().idNumberHash())
                    .addRDN(BCStyle.SERIALNUMBER, r.subject().shieldNumber())
                    .addRDN(BCStyle.CN, r.subject().commonName()).build();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(a.cert(), serial(), Date.from(r.notBefore()),
                    Date.from(r.notAfter()), subject, r.subjectKey());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(r.subjectKey()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(a.cert()));
            b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[]{new DistributionPoint(
                    new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                            new DERIA5String(crlUrlBase + crlFileName(a))))), null, null)}));
            b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(new AccessDescription(
                    AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier, new DERIA5String(ocspUrl)))));
            return sign(b, a.key());
        } catch (ShieldException e) {
            throw e;
        } catch (Exception e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "the CA could not sign the " + f + " certificate", e);
        }
    }

    /** {@code sm2.crl} for the first issuing CA of a family, {@code sm2-g2.crl} after a rollover. */
    private static String crlFileName(Issuer a) {
        int g = generation(a.id());
        return a.family().name().toLowerCase() + (g == 1 ? "" : "-g" + g) + ".crl";
    }

    @Override
    public List<X509Certificate> chain(KeyAlgorithm.Family family) {
        Issuer a = current(Objects.requireNonNull(family, "family"));
        return List.of(a.cert(), a.root());
    }

    @Override
    public List<X509Certificate> chain(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        Optional<Map<String, String>> rec = record(certificate.getSerialNumber());
        if (rec.isEmpty() || !rec.get().get("der").equals(b64(certificate))) {
            throw new ShieldException(ErrorCode.CERTIFICATE_INVALID, "this CA never issued that certificate");
        }
        Issuer a = issuer(rec.get().get("issuer")).orElseThrow();
        return List.of(a.cert(), a.root());
    }

    @Override
    public List<X509Certificate> issuers(KeyAlgorithm.Family family) {
        return issuersOf(Objects.requireNonNull(family, "family")).stream().map(Issuer::cert).toList();
    }

    // ---- revocation ---------------------------------------------------------------------------

    private Optional<Map<String, String>> record(BigInteger serial) {
        Objects.requireNonNull(serial, "serial");
        if (serial.signum() <= 0 || serial.bitLength() > 160) {
            return Optional.empty(); // not one of ours (RFC 5280: positive, at most 20 octets), and no key the store would take
        }
        return store.inTransaction(s -> s.get(CERTIFICATES, serial.toString(16))).map(d -> FlatJson.read(d.body()));
    }

    /** Changes a certificate's stored status, in the caller's transaction when there is one. */
    private void change(BigInteger serial, java.util.function.BiFunction<BigInteger, Map<String, String>, Boolean> edit) {
        Objects.requireNonNull(serial, "serial");
        if (serial.signum() <= 0 || serial.bitLength() > 160) {
            throw new ShieldException(ErrorCode.CERTIFICATE_INVALID, "this CA never issued that serial");
        }
        store.inTransaction(s -> {
            Document d = s.get(CERTIFICATES, serial.toString(16)).orElseThrow(() -> new ShieldException(ErrorCode.CERTIFICATE_INVALID,
                    "this CA never issued serial " + serial.toString(16)));
            Map<String, String> fields = new HashMap<>(FlatJson.read(d.body()));
            if (edit.apply(serial, fields)) {
                String issuer = fields.get("issuer");
                s.update(CERTIFICATES, d.key(), d.version(), FlatJson.write(fields), Map.of("issuer", issuer, "crl", issuer));
                s.addIfAtMost(changesCounter(issuer), 1, Long.MAX_VALUE);
            }
            return null;
        });
    }

    private static String changesCounter(String issuerId) {
        return "ca.changes." + issuerId;
    }

    private static String crlCounter(String issuerId) {
        return "ca.crl_number." + issuerId;
    }

    @Override
    public void revoke(BigInteger serial, RevocationReason reason, Instant at) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        if (reason == RevocationReason.REMOVE_FROM_CRL) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "removeFromCRL is published by release(), not revoke()");
        }
        change(serial, (sn, f) -> {
            State state = State.valueOf(f.get("state"));
            if (state != State.GOOD) {
                RevocationReason was = RevocationReason.valueOf(f.get("reason"));
                if (was == reason) {
                    return false;
                }
                if (state == State.REVOKED) {
                    throw new ShieldException(ErrorCode.ILLEGAL_STATE, "serial " + sn.toString(16) + " is already revoked for good (" + was + ")");
                }
            }
            f.put("state", (reason == RevocationReason.CERTIFICATE_HOLD ? State.HOLD : State.REVOKED).name());
            f.put("reason", reason.name());
            f.put("revokedAt", at.toString());
            f.remove("releasedAt");
            return true;
        });
    }

    @Override
    public void release(BigInteger serial, Instant at) {
        Objects.requireNonNull(at, "at");
        change(serial, (sn, f) -> {
            State state = State.valueOf(f.get("state"));
            if (state == State.REVOKED) {
                throw new ShieldException(ErrorCode.ILLEGAL_STATE, "serial " + sn.toString(16) + " is revoked for good, not on hold");
            }
            if (state == State.GOOD) {
                return false;
            }
            f.put("state", State.GOOD.name());
            f.remove("reason");
            f.remove("revokedAt");
            f.put("releasedAt", at.toString());
            return true;
        });
    }

    @Override
    public RevocationStatus status(BigInteger serial, Instant at) {
        Objects.requireNonNull(at, "at");
        return record(serial).map(f -> statusOf(f, at)).orElse(RevocationStatus.unknown());
    }

    /**
     * A revocation time as a CRL or an OCSP answer gives it: rounded UP to the whole second, since
     * their times carry whole seconds (RFC 5280 5.1.2.6, 4.1.2.5.2). Rounded down, as a plain
     * encoding would, a hold at 10:00:00.7 was listed at 10:00:00, and the evidence of a payment
     * time-stamped at 10:00:00.3 — accepted before the hold — read as signed after it. Rounded up,
     * a signing time in whole seconds (a time-stamp token's) compares with the published time
     * exactly as it compares with the exact one.
     *
     * @param exact the recorded time
     * @return the time to publish
     */
    static Instant published(Instant exact) {
        Instant seconds = exact.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return seconds.equals(exact) ? exact : seconds.plusSeconds(1);
    }

    private static RevocationStatus statusOf(Map<String, String> f, Instant at) {
        if (State.valueOf(f.get("state")) != State.GOOD) {
            Instant when = Instant.parse(f.get("revokedAt"));
            if (!at.isBefore(when)) {
                return RevocationStatus.revoked(RevocationReason.valueOf(f.get("reason")), when);
            }
        }
        return RevocationStatus.good();
    }

    // ---- CRLs ---------------------------------------------------------------------------------

    @Override
    public byte[] currentCrl(KeyAlgorithm.Family family) {
        Issuer a = current(Objects.requireNonNull(family, "family"));
        Instant now = clock.instant();
        Optional<byte[]> published = store.inTransaction(s -> {
            Map<String, String> p = FlatJson.read(s.get(CRLS, a.id()).orElseThrow().body());
            if (p.containsKey("der") && Long.parseLong(p.get("changes")) == s.counter(changesCounter(a.id()))) {
                Instant thisUpdate = Instant.parse(p.get("thisUpdate"));
                if (!now.isBefore(thisUpdate) && now.isBefore(thisUpdate.plus(CRL_PUBLICATION_INTERVAL))) {
                    return Optional.of(Base64.getDecoder().decode(p.get("der")));
                }
            }
            return Optional.empty();
        });
        return published.orElseGet(() -> crlOf(a));
    }

    @Override
    public byte[] crl(KeyAlgorithm.Family family) {
        return crlOf(current(Objects.requireNonNull(family, "family")));
    }

    @Override
    public byte[] crl(X509Certificate issuer) {
        Objects.requireNonNull(issuer, "issuer");
        String encoded = b64(issuer);
        for (Issuer a : allIssuers()) {
            if (b64(a.cert()).equals(encoded)) {
                return crlOf(a);
            }
        }
        throw new ShieldException(ErrorCode.CERTIFICATE_INVALID, "not an issuing CA of this CA");
    }

    private record Listing(long number, long changes, List<Map<String, String>> entries) {
    }

    private byte[] crlOf(Issuer a) {
        Instant now = clock.instant();
        // the number and the entries are read together: a later number never lists less
        Listing listing = store.inTransaction(s -> {
            long number = s.addIfAtMost(crlCounter(a.id()), 1, Long.MAX_VALUE).orElseThrow();
            long changes = s.counter(changesCounter(a.id()));
            List<Map<String, String>> entries = new ArrayList<>();
            for (int offset = 0; ; offset += PAGE) {
                List<Document> page = s.find(CERTIFICATES, "crl", a.id(), offset, PAGE);
                page.forEach(d -> {
                    Map<String, String> f = new HashMap<>(FlatJson.read(d.body()));
                    f.put("serial", d.key());
                    entries.add(f);
                });
                if (page.size() < PAGE) {
                    return new Listing(number, changes, entries);
                }
            }
        });
        byte[] der;
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(X500Name.getInstance(a.cert().getSubjectX500Principal().getEncoded()), Date.from(now));
            b.setNextUpdate(Date.from(now.plus(CRL_VALIDITY)));
            for (Map<String, String> f : listing.entries()) {
                if (now.isAfter(Instant.parse(f.get("notAfter")))) {
                    continue;
                }
                BigInteger serial = new BigInteger(f.get("serial"), 16);
                if (State.valueOf(f.get("state")) != State.GOOD) {
                    b.addCRLEntry(serial, Date.from(published(Instant.parse(f.get("revokedAt")))), RevocationReason.valueOf(f.get("reason")).code());
                } else if (f.containsKey("releasedAt")) {
                    b.addCRLEntry(serial, Date.from(Instant.parse(f.get("releasedAt"))), RevocationReason.REMOVE_FROM_CRL.code());
                }
            }
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(listing.number())));
            b.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(a.cert()));
            der = b.build(new StorageSigner(keys, a.key())).getEncoded();
        } catch (ShieldException e) {
            throw e;
        } catch (Exception e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "the CA could not sign the CRL", e);
        }
        publish(a, listing, now, der);
        return der;
    }

    /** Stores the CRL as the published one unless a higher number is already published. */
    private void publish(Issuer a, Listing listing, Instant now, byte[] der) {
        for (int attempt = 0; ; attempt++) {
            try {
                store.inTransaction(s -> {
                    Document d = s.get(CRLS, a.id()).orElseThrow();
                    if (Long.parseLong(FlatJson.read(d.body()).get("number")) < listing.number()) {
                        s.update(CRLS, a.id(), d.version(), FlatJson.write(Map.of("number", Long.toString(listing.number()),
                                "changes", Long.toString(listing.changes()), "thisUpdate", now.toString(),
                                "der", Base64.getEncoder().encodeToString(der))), Map.of());
                    }
                    return null;
                });
                return;
            } catch (ShieldException e) {
                if (e.code() != ErrorCode.CONCURRENT_MODIFICATION || attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    // ---- OCSP ---------------------------------------------------------------------------------

    @Override
    public byte[] ocsp(byte[] request) {
        Objects.requireNonNull(request, "request");
        try {
            OCSPReq req;
            Req[] items;
            try {
                // fromByteArray refuses trailing bytes after the request
                req = new OCSPReq(OCSPRequest.getInstance(ASN1Primitive.fromByteArray(request)));
                items = req.getRequestList();
            } catch (Exception | Error e) {
                return status(OCSPRespBuilder.MALFORMED_REQUEST);
            }
            if (items.length == 0) {
                return status(OCSPRespBuilder.MALFORMED_REQUEST);
            }
            DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().setProvider(Bc.provider()).build();
            List<Issuer> known = allIssuers();
            Issuer[] itemIssuers = new Issuer[items.length];
            Issuer responder = null;
            for (int i = 0; i < items.length; i++) {
                for (Issuer a : known) {
                    if (matches(items[i].getCertID(), a, digests)) {
                        itemIssuers[i] = a;
                        break;
                    }
                }
                if (responder == null) {
                    responder = itemIssuers[i];
                }
            }
            if (responder == null) {
                return status(OCSPRespBuilder.UNAUTHORIZED);
            }
            Instant now = clock.instant();
            BasicOCSPRespBuilder b = new JcaBasicOCSPRespBuilder(responder.cert().getPublicKey(), digests.get(CertificateID.HASH_SHA1));
            for (int i = 0; i < items.length; i++) {
                CertificateID id = items[i].getCertID();
                Optional<Map<String, String>> rec = itemIssuers[i] == responder ? record(id.getSerialNumber()) : Optional.empty();
                CertificateStatus cs = new UnknownStatus();
                if (rec.isPresent() && responder.id().equals(rec.get().get("issuer"))) {
                    RevocationStatus s = statusOf(rec.get(), now);
                    cs = s.state() == RevocationStatus.State.GOOD ? CertificateStatus.GOOD
                            : new RevokedStatus(Date.from(published(s.revokedAt().orElseThrow())), s.reason().orElseThrow().code());
                }
                b.addResponse(id, cs, Date.from(now), Date.from(now.plus(CRL_VALIDITY)));
            }
            Extension nonce = req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonce != null) {
                b.setResponseExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, nonce.getExtnValue())));
            }
            var basic = b.build(new StorageSigner(keys, responder.key()), new X509CertificateHolder[]{responder.holder()}, Date.from(now));
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        } catch (ShieldException e) {
            throw e;
        } catch (Exception e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "the OCSP responder failed", e);
        }
    }

    private static boolean matches(CertificateID id, Issuer a, DigestCalculatorProvider digests) {
        try {
            return id.matchesIssuer(a.holder(), digests);
        } catch (Exception e) {
            return false; // a hash algorithm we do not offer: not an issuer we can vouch for
        }
    }

    private static byte[] status(int code) throws java.io.IOException, org.bouncycastle.cert.ocsp.OCSPException {
        return new OCSPRespBuilder().build(code, null).getEncoded();
    }

    // ---- encodings ----------------------------------------------------------------------------

    private static String b64(X509Certificate c) {
        try {
            return Base64.getEncoder().encodeToString(c.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new ShieldException(ErrorCode.CERTIFICATE_INVALID, "a certificate cannot be encoded", e);
        }
    }

    private static X509Certificate certificate(String b64) {
        try {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509", Bc.provider())
                    .generateCertificate(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(b64)));
        } catch (Exception e) {
            throw new ShieldException(ErrorCode.PERSISTENCE_FAILURE, "a stored certificate does not parse", e);
        }
    }
}
