package io.mshield.crypto.internal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.certificate.RevocationReason;
import io.mshield.crypto.CertificateAuthority;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.RevocationStatus;
import org.bouncycastle.asn1.DERIA5String;
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
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLHolder;
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
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bank's embedded CA: a root and an issuing CA per key family, the shield certificate
 * profile, revocation with RFC 5280 reasons (holds that can be lifted), numbered CRLs and an OCSP
 * responder. The CA keys live in this object's memory: a production CA keeps them in an HSM.
 * Thread-safe.
 */
public final class EmbeddedCa implements CertificateAuthority {
    private static final Duration CA_VALIDITY = Duration.ofDays(3650 * 2);
    private static final Duration CRL_VALIDITY = Duration.ofDays(1);
    /** How long a published CRL is handed out by {@link #currentCrl} when nothing was revoked or released. */
    static final Duration CRL_PUBLICATION_INTERVAL = Duration.ofHours(1);

    private final Clock clock;
    private final SecureRandom random;
    private final String crlUrlBase;
    private final String ocspUrl;
    private final Map<KeyAlgorithm.Family, Authority> authorities = new EnumMap<>(KeyAlgorithm.Family.class);
    private final Map<String, X509Certificate> byRequest = new ConcurrentHashMap<>();
    private final Map<BigInteger, Issued> issued = new ConcurrentHashMap<>();
    /** Incremented by every revocation, hold and release: a CRL made before the latest change is stale. */
    private final AtomicLong revocationChanges = new AtomicLong();
    private final Map<KeyAlgorithm.Family, Published> published = new ConcurrentHashMap<>();

    private record Published(byte[] der, Instant thisUpdate, long changes) {
    }

    private record Authority(KeyAlgorithm algorithm, KeyPair rootKeys, X509Certificate root, KeyPair keys, X509Certificate issuing,
                             AtomicLong crlNumber) {
    }

    private static final class Issued {
        final KeyAlgorithm.Family family;
        final Instant notAfter;
        volatile RevocationReason reason;
        volatile Instant revokedAt;
        volatile Instant releasedAt;

        Issued(KeyAlgorithm.Family family, Instant notAfter) {
            this.family = family;
            this.notAfter = notAfter;
        }
    }

    /**
     * Creates the CA with fresh keys for every family.
     *
     * @param clock      the clock
     * @param random     the randomness
     * @param crlUrlBase where CRLs are published; the family's name and ".crl" are appended
     * @param ocspUrl    the OCSP responder's URL
     */
    public EmbeddedCa(Clock clock, SecureRandom random, String crlUrlBase, String ocspUrl) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.crlUrlBase = Objects.requireNonNull(crlUrlBase, "crlUrlBase");
        this.ocspUrl = Objects.requireNonNull(ocspUrl, "ocspUrl");
        for (KeyAlgorithm.Family f : KeyAlgorithm.Family.values()) {
            authorities.put(f, newAuthority(f));
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

    /**
     * The JCA signature algorithm a CA of a family signs with.
     *
     * @param f the family
     * @return the name
     */
    public static String signatureAlgorithm(KeyAlgorithm.Family f) {
        return switch (f) {
            case SM2 -> "SM3withSM2";
            case EC -> "SHA256withECDSA";
            case EDDSA -> "Ed25519";
            case RSA -> "SHA256withRSA";
        };
    }

    private Authority newAuthority(KeyAlgorithm.Family f) {
        KeyAlgorithm alg = caAlgorithm(f);
        KeyPair rootKeys = KeyPairs.generate(alg, random);
        KeyPair keys = KeyPairs.generate(alg, random);
        Instant now = clock.instant();
        X500Name rootName = caName("MobileShield Root CA " + f.name());
        X500Name issuingName = caName("MobileShield Issuing CA " + f.name());
        X509Certificate root = caCertificate(f, rootName, rootKeys.getPublic(), rootName, rootKeys, null, now, 1);
        X509Certificate issuing = caCertificate(f, issuingName, keys.getPublic(), rootName, rootKeys, root, now, 0);
        return new Authority(alg, rootKeys, root, keys, issuing, new AtomicLong());
    }

    private static X500Name caName(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "CN").addRDN(BCStyle.O, "MobileShield Demo Bank")
                .addRDN(BCStyle.CN, cn).build();
    }

    private X509Certificate caCertificate(KeyAlgorithm.Family f, X500Name subject, PublicKey key, X500Name issuer, KeyPair issuerKeys,
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
            return sign(b, f, issuerKeys.getPrivate());
        } catch (Exception e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "cannot create the " + f + " CA", e);
        }
    }

    private X509Certificate sign(X509v3CertificateBuilder b, KeyAlgorithm.Family f, PrivateKey key) throws Exception {
        ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm(f)).setProvider(Bc.provider()).build(key);
        X509CertificateHolder holder = b.build(signer);
        return new JcaX509CertificateConverter().setProvider(Bc.provider()).getCertificate(holder);
    }

    private BigInteger serial() {
        byte[] b = new byte[16];
        BigInteger s;
        do {
            random.nextBytes(b);
            s = new BigInteger(1, b);
        } while (s.bitLength() < 120);
        return s;
    }

    @Override
    public X509Certificate issue(IssueRequest r) {
        Objects.requireNonNull(r, "request");
        X509Certificate existing = byRequest.get(r.requestId());
        if (existing != null) {
            if (!java.util.Arrays.equals(existing.getPublicKey().getEncoded(), r.subjectKey().getEncoded())) {
                throw new ShieldException(ErrorCode.IDEMPOTENCY_CONFLICT, "request id " + r.requestId() + " was used for another key");
            }
            return existing;
        }
        KeyAlgorithm.Family f = r.algorithm().family();
        if (KeyPairs.algorithmOf(r.subjectKey()) != r.algorithm()) {
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "the key is not a " + r.algorithm() + " key");
        }
        Authority a = authorities.get(f);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "CN")
                    .addRDN(BCStyle.ORGANIZATION_IDENTIFIER, r.subject().enterprise())
                    .addRDN(BCStyle.DN_QUALIFIER, r.subject().idNumberHash())
                    .addRDN(BCStyle.SERIALNUMBER, r.subject().shieldNumber())
                    .addRDN(BCStyle.CN, r.subject().commonName()).build();
            BigInteger serial = serial();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(a.issuing(), serial, Date.from(r.notBefore()),
                    Date.from(r.notAfter()), subject, r.subjectKey());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(r.subjectKey()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(a.issuing()));
            b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[]{new DistributionPoint(
                    new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                            new DERIA5String(crlUrlBase + f.name().toLowerCase() + ".crl")))), null, null)}));
            b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(new AccessDescription(
                    AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier, new DERIA5String(ocspUrl)))));
            X509Certificate cert = sign(b, f, a.keys().getPrivate());
            X509Certificate winner = byRequest.putIfAbsent(r.requestId(), cert);
            if (winner != null) {
                return issue(r);
            }
            issued.put(serial, new Issued(f, r.notAfter()));
            return cert;
        } catch (ShieldException e) {
            throw e;
        } catch (Exception e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "the CA could not sign the certificate", e);
        }
    }

    @Override
    public List<X509Certificate> chain(KeyAlgorithm.Family family) {
        Authority a = authorities.get(Objects.requireNonNull(family, "family"));
        return List.of(a.issuing(), a.root());
    }

    private Issued known(BigInteger serial) {
        Issued i = issued.get(Objects.requireNonNull(serial, "serial"));
        if (i == null) {
            throw new ShieldException(ErrorCode.CERTIFICATE_INVALID, "this CA never issued serial " + serial.toString(16));
        }
        return i;
    }

    @Override
    public synchronized void revoke(BigInteger serial, RevocationReason reason, Instant at) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        if (reason == RevocationReason.REMOVE_FROM_CRL) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "removeFromCRL is published by release(), not revoke()");
        }
        Issued i = known(serial);
        if (i.reason != null) {
            if (i.reason == reason) {
                return;
            }
            if (i.reason != RevocationReason.CERTIFICATE_HOLD) {
                throw new ShieldException(ErrorCode.ILLEGAL_STATE, "serial " + serial.toString(16) + " is already revoked for good (" + i.reason + ")");
            }
        }
        i.reason = reason;
        i.revokedAt = at;
        i.releasedAt = null;
        revocationChanges.incrementAndGet();
    }

    @Override
    public synchronized void release(BigInteger serial, Instant at) {
        Objects.requireNonNull(at, "at");
        Issued i = known(serial);
        if (i.reason == RevocationReason.CERTIFICATE_HOLD) {
            i.reason = null;
            i.revokedAt = null;
            i.releasedAt = at;
            revocationChanges.incrementAndGet();
        } else if (i.reason != null) {
            throw new ShieldException(ErrorCode.ILLEGAL_STATE, "serial " + serial.toString(16) + " is revoked for good, not on hold");
        }
    }

    @Override
    public RevocationStatus status(BigInteger serial, Instant at) {
        Issued i = issued.get(Objects.requireNonNull(serial, "serial"));
        if (i == null) {
            return RevocationStatus.unknown();
        }
        RevocationReason reason = i.reason;
        Instant when = i.revokedAt;
        if (reason != null && !at.isBefore(when)) {
            return RevocationStatus.revoked(reason, when);
        }
        return RevocationStatus.good();
    }

    @Override
    public byte[] currentCrl(KeyAlgorithm.Family family) {
        Objects.requireNonNull(family, "family");
        Published p = published.get(family);
        Instant now = clock.instant();
        if (p != null && p.changes() == revocationChanges.get() && !now.isBefore(p.thisUpdate())
                && now.isBefore(p.thisUpdate().plus(CRL_PUBLICATION_INTERVAL))) {
            return p.der().clone();
        }
        return crl(family);
    }

    @Override
    public byte[] crl(KeyAlgorithm.Family family) {
        Authority a = authorities.get(Objects.requireNonNull(family, "family"));
        Instant now = clock.instant();
        long changes = revocationChanges.get();
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(X500Name.getInstance(a.issuing().getSubjectX500Principal().getEncoded()), Date.from(now));
            b.setNextUpdate(Date.from(now.plus(CRL_VALIDITY)));
            issued.forEach((serial, i) -> {
                if (i.family != family || now.isAfter(i.notAfter)) {
                    return;
                }
                if (i.reason != null) {
                    b.addCRLEntry(serial, Date.from(i.revokedAt), i.reason.code());
                } else if (i.releasedAt != null) {
                    b.addCRLEntry(serial, Date.from(i.releasedAt), RevocationReason.REMOVE_FROM_CRL.code());
                }
            });
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(a.crlNumber().incrementAndGet())));
            b.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(a.issuing()));
            X509CRLHolder crl = b.build(new JcaContentSignerBuilder(signatureAlgorithm(family)).setProvider(Bc.provider()).build(a.keys().getPrivate()));
            byte[] der = crl.getEncoded();
            published.merge(family, new Published(der.clone(), now, changes),
                    (old, made) -> made.thisUpdate().isBefore(old.thisUpdate()) ? old : made);
            return der;
        } catch (Exception e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "the CA could not sign the CRL", e);
        }
    }

    @Override
    public byte[] ocsp(byte[] request) {
        Objects.requireNonNull(request, "request");
        try {
            OCSPReq req;
            try {
                req = new OCSPReq(request);
            } catch (Exception | Error e) {
                return new OCSPRespBuilder().build(OCSPRespBuilder.MALFORMED_REQUEST, null).getEncoded();
            }
            Req[] items = req.getRequestList();
            if (items.length == 0) {
                return new OCSPRespBuilder().build(OCSPRespBuilder.MALFORMED_REQUEST, null).getEncoded();
            }
            Authority responder = null;
            for (Authority a : authorities.values()) {
                CertificateID probe = new CertificateID(new JcaDigestCalculatorProviderBuilder().setProvider(Bc.provider()).build()
                        .get(CertificateID.HASH_SHA1), new X509CertificateHolder(a.issuing().getEncoded()), items[0].getCertID().getSerialNumber());
                if (probe.equals(items[0].getCertID())) {
                    responder = a;
                }
            }
            if (responder == null) {
                return new OCSPRespBuilder().build(OCSPRespBuilder.UNAUTHORIZED, null).getEncoded();
            }
            Instant now = clock.instant();
            BasicOCSPRespBuilder b = new JcaBasicOCSPRespBuilder(responder.issuing().getPublicKey(),
                    new JcaDigestCalculatorProviderBuilder().setProvider(Bc.provider()).build().get(CertificateID.HASH_SHA1));
            for (Req item : items) {
                RevocationStatus s = status(item.getCertID().getSerialNumber(), now);
                CertificateStatus cs = switch (s.state()) {
                    case GOOD -> CertificateStatus.GOOD;
                    case UNKNOWN -> new UnknownStatus();
                    case REVOKED -> new RevokedStatus(Date.from(s.revokedAt().orElseThrow()), s.reason().orElseThrow().code());
                };
                b.addResponse(item.getCertID(), cs, Date.from(now), Date.from(now.plus(CRL_VALIDITY)));
            }
            var basic = b.build(new JcaContentSignerBuilder(signatureAlgorithm(KeyAlgorithm.Family.valueOf(familyOf(responder).name())))
                            .setProvider(Bc.provider()).build(responder.keys().getPrivate()),
                    new X509CertificateHolder[]{new X509CertificateHolder(responder.issuing().getEncoded())}, Date.from(now));
            OCSPResp resp = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic);
            return resp.getEncoded();
        } catch (Exception e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "the OCSP responder failed", e);
        }
    }

    private KeyAlgorithm.Family familyOf(Authority a) {
        return a.algorithm().family();
    }
}
