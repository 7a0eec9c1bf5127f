package io.mshield.crypto.internal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.CertificateAuthority;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.RawSigner;
import io.mshield.crypto.RevocationStatus;
import io.mshield.crypto.TimeStamping;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.SignatureService;
import io.mshield.crypto.SignatureVerification;
import io.mshield.crypto.internal.csr.DerShape;

import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.CollectionStore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Raw verification and detached CMS through BouncyCastle: creation with signed attributes
 * (content type, signing time) or without them (a raw signature over the content), and
 * verification of digest, signature, path to the CA's roots, key usage and revocation at the
 * time of a trusted signature-time-stamp token, or now — never at the signer's own signing time.
 */
public final class BcSignatureService implements SignatureService {
    /** The largest certificate accepted, in bytes. */
    public static final int MAX_CERTIFICATE_BYTES = 16 * 1024;
    private static final int CACHED_CERTIFICATES = 1024;
    /** The largest detached CMS accepted, in bytes (the content is passed separately). */
    public static final int MAX_CMS_BYTES = 1024 * 1024;
    private static final int MAX_CERTIFICATE_DEPTH = 24;
    private static final int MAX_CMS_DEPTH = 40;

    /** The public-key operation on a signer's key; a seam that tests count. */
    @FunctionalInterface
    interface SignatureCheck {
        boolean verify(PublicKey key, SignatureScheme scheme, byte[] data, byte[] signature);
    }

    private final Signatures signatures;
    private final SignatureCheck signatureCheck;
    private final CertificateAuthority ca;
    private final Clock clock;
    private final PathValidator paths = new PathValidator();
    /**
     * Certificates decoded before, by their DER: a shield's certificate is decoded for every
     * signature it makes, and reusing the decoded object also reuses BouncyCastle's precomputation
     * for its public key in verification.
     */
    private final BoundedCache<ByteBuffer, X509Certificate> decoded = new BoundedCache<>(CACHED_CERTIFICATES);
    /** BouncyCastle's view of the certificates CMS signatures carry again and again (the shield's and its chain). */
    private final BoundedCache<X509Certificate, X509CertificateHolder> holders = new BoundedCache<>(CACHED_CERTIFICATES);

    /**
     * Creates the service.
     *
     * @param signatures raw sign and verify
     * @param ca         the CA whose roots are the trust anchors and whose status is the revocation source
     * @param clock      the clock
     */
    public BcSignatureService(Signatures signatures, CertificateAuthority ca, Clock clock) {
        this(signatures, ca, clock, signatures::verify);
    }

    BcSignatureService(Signatures signatures, CertificateAuthority ca, Clock clock, SignatureCheck signatureCheck) {
        this.signatures = Objects.requireNonNull(signatures, "signatures");
        this.ca = Objects.requireNonNull(ca, "ca");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signatureCheck = Objects.requireNonNull(signatureCheck, "signatureCheck");
    }

    @Override
    public PublicKey decodePublicKey(byte[] subjectPublicKeyInfo) {
        return KeyPairs.decode(subjectPublicKeyInfo);
    }

    @Override
    public byte[] encrypt(PublicKey recipient, byte[] plaintext) {
        return Envelopes.encrypt(recipient, plaintext, new java.security.SecureRandom());
    }

    @Override
    public X509Certificate decodeCertificate(byte[] der) {
        Objects.requireNonNull(der, "der");
        if (der.length > MAX_CERTIFICATE_BYTES) {
            throw new ShieldException(ErrorCode.CERTIFICATE_INVALID, "the certificate is larger than " + MAX_CERTIFICATE_BYTES + " bytes");
        }
        return decoded.get(ByteBuffer.wrap(der), () -> ByteBuffer.wrap(der.clone()), () -> parseCertificate(der));
    }

    private static X509Certificate parseCertificate(byte[] der) {
        Optional<String> shape = DerShape.problem(der, MAX_CERTIFICATE_DEPTH);
        if (shape.isPresent()) {
            throw new ShieldException(ErrorCode.CERTIFICATE_INVALID, "the certificate is not DER: " + shape.get());
        }
        Optional<String> outside = outsideAllowlist(der);
        if (outside.isPresent()) {
            throw new ShieldException(ErrorCode.CERTIFICATE_INVALID, outside.get());
        }
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509", Bc.provider())
                    .generateCertificate(new java.io.ByteArrayInputStream(der));
        } catch (java.security.cert.CertificateException | RuntimeException e) {
            throw new ShieldException(ErrorCode.CERTIFICATE_INVALID, "the certificate cannot be parsed");
        }
        try {
            if (certificate == null || !Arrays.equals(certificate.getEncoded(), der)) {
                throw new ShieldException(ErrorCode.CERTIFICATE_INVALID, "the certificate is not in canonical DER");
            }
            // Touch what a caller will read, so that a lazily parsed field fails here, typed.
            certificate.getPublicKey();
            certificate.getKeyUsage();
            certificate.getSubjectX500Principal();
            certificate.getIssuerX500Principal();
            certificate.getBasicConstraints();
        } catch (java.security.cert.CertificateException | RuntimeException e) {
            if (e instanceof ShieldException se) {
                throw se;
            }
            throw new ShieldException(ErrorCode.CERTIFICATE_INVALID, "the certificate cannot be parsed");
        }
        return certificate;
    }

    /** The certificate's key and signature algorithm against the {@link Allowlist}, read from the encoding. */
    private static Optional<String> outsideAllowlist(byte[] der) {
        org.bouncycastle.asn1.x509.Certificate c;
        try {
            c = org.bouncycastle.asn1.x509.Certificate.getInstance(der);
        } catch (RuntimeException e) {
            return Optional.of("the certificate cannot be parsed");
        }
        try {
            Allowlist.keyOf(c.getSubjectPublicKeyInfo());
        } catch (ShieldException | IllegalArgumentException e) {
            return Optional.of("the certificate's key is not allowed: " + e.getMessage());
        }
        if (Allowlist.schemeOf(c.getSignatureAlgorithm()).isEmpty()) {
            return Optional.of("the certificate's signature algorithm " + c.getSignatureAlgorithm().getAlgorithm().getId() + " is not allowed");
        }
        return Optional.empty();
    }

    /**
     * {@inheritDoc}
     *
     * <p>In this order, each failure with its code: the strict decoding and the {@link Allowlist}
     * ({@code CERTIFICATE_INVALID}); a trusted issuer whose name and key issued it
     * ({@code CERTIFICATE_UNTRUSTED}); its validity period ({@code CERTIFICATE_EXPIRED}); an
     * end-entity certificate whose key usage allows signatures ({@code CERTIFICATE_INVALID}); the
     * PKIX path to that issuer as trust anchor, which must be a CA certificate valid at the time
     * ({@code CERTIFICATE_UNTRUSTED}); and the issuer's covering CRL ({@code CERTIFICATE_REVOKED}).
     */
    @Override
    public X509Certificate validateCertificate(byte[] der, List<byte[]> trustedIssuers, List<byte[]> crls, Instant at) {
        Objects.requireNonNull(der, "der");
        Objects.requireNonNull(trustedIssuers, "trustedIssuers");
        Objects.requireNonNull(crls, "crls");
        Objects.requireNonNull(at, "at");
        X509Certificate leaf = decodeCertificate(der);
        X509Certificate issuer = null;
        for (byte[] trusted : trustedIssuers) {
            X509Certificate ca;
            try {
                ca = decodeCertificate(trusted);
            } catch (ShieldException e) {
                continue;
            }
            if (Arrays.equals(trusted, der) || !ca.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
                continue;
            }
            try {
                leaf.verify(ca.getPublicKey(), Bc.provider());
            } catch (java.security.GeneralSecurityException | RuntimeException e) {
                continue;
            }
            issuer = ca;
            break;
        }
        if (issuer == null) {
            throw new ShieldException(ErrorCode.CERTIFICATE_UNTRUSTED, "the certificate was not issued by a trusted CA"
                    + (leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal()) ? " (it is self-signed)" : ""));
        }
        try {
            leaf.checkValidity(java.util.Date.from(at));
        } catch (java.security.cert.CertificateExpiredException e) {
            throw new ShieldException(ErrorCode.CERTIFICATE_EXPIRED, "the certificate expired on " + leaf.getNotAfter().toInstant());
        } catch (java.security.cert.CertificateNotYetValidException e) {
            throw new ShieldException(ErrorCode.CERTIFICATE_EXPIRED, "the certificate is not valid before "
                    + leaf.getNotBefore().toInstant());
        }
        boolean[] usage = leaf.getKeyUsage();
        if (leaf.getBasicConstraints() >= 0 || usage == null || !(usage[0] || usage[1])) {
            throw new ShieldException(ErrorCode.CERTIFICATE_INVALID, "the certificate is not an end-entity certificate for signatures"
                    + " (key usage digitalSignature or nonRepudiation)");
        }
        PathValidator.Result path = paths.validate(leaf, issuer, at);
        if (!path.valid()) {
            throw new ShieldException(ErrorCode.CERTIFICATE_UNTRUSTED, path.failure().orElseThrow() + " (checked at " + at + ")");
        }
        Optional<RevocationStatus> status = EmbeddedRevocation.status(crls, leaf, issuer, at);
        if (status.isPresent() && status.get().state() != RevocationStatus.State.GOOD) {
            throw new ShieldException(ErrorCode.CERTIFICATE_REVOKED, "the issuer's CRL lists the certificate as "
                    + status.get().state() + " at " + at);
        }
        return leaf;
    }

    @Override
    public boolean verify(PublicKey key, SignatureScheme scheme, byte[] data, byte[] signature) {
        return signatures.verify(key, scheme, data, signature);
    }

    private static String jcaName(SignatureScheme scheme) {
        return switch (scheme) {
            case SM2_SM3 -> "SM3withSM2";
            case ECDSA_SHA256, ECDSA_SHA256_P1363 -> "SHA256withECDSA";
            case ED25519 -> "Ed25519";
            case RSA_PKCS1_SHA256 -> "SHA256withRSA";
            case RSA_PSS_SHA256 -> "SHA256withRSAandMGF1";
        };
    }

    private static ContentSigner contentSigner(SignatureScheme scheme, java.util.function.UnaryOperator<byte[]> sign) {
        if (scheme == SignatureScheme.ECDSA_SHA256_P1363) {
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "CMS carries DER ECDSA signatures, not P1363");
        }
        AlgorithmIdentifier id = new DefaultSignatureAlgorithmIdentifierFinder().find(jcaName(scheme));
        return new ContentSigner() {
            private final ByteArrayOutputStream data = new ByteArrayOutputStream();

            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return id;
            }

            @Override
            public OutputStream getOutputStream() {
                return data;
            }

            @Override
            public byte[] getSignature() {
                return sign.apply(data.toByteArray());
            }
        };
    }

    private X509CertificateHolder holder(X509Certificate certificate) {
        return holders.get(certificate, () -> certificate, () -> {
            try {
                return new X509CertificateHolder(certificate.getEncoded());
            } catch (CertificateEncodingException | IOException e) {
                throw new ShieldException(ErrorCode.CMS_INVALID, "a certificate of the chain cannot be encoded", e);
            }
        });
    }

    private byte[] generate(ContentSigner signer, boolean direct, Instant signingTime, X509Certificate certificate,
                                   List<X509Certificate> chain, byte[] content) {
        try {
            JcaSignerInfoGeneratorBuilder b = new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(Bc.provider()).build()).setDirectSignature(direct);
            if (!direct) {
                b.setSignedAttributeGenerator(params -> {
                    var table = new org.bouncycastle.cms.DefaultSignedAttributeTableGenerator().getAttributes(params);
                    return table.remove(CMSAttributes.signingTime).add(CMSAttributes.signingTime, new Time(java.util.Date.from(signingTime)));
                });
            }
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            X509CertificateHolder signerHolder = holder(certificate);
            gen.addSignerInfoGenerator(b.build(signer, signerHolder));
            List<X509CertificateHolder> all = new ArrayList<>();
            all.add(signerHolder);
            for (X509Certificate c : chain) {
                all.add(holder(c));
            }
            gen.addCertificates(new CollectionStore<>(all));
            return gen.generate(new CMSProcessableByteArray(content), false).getEncoded("DER");
        } catch (ShieldException e) {
            throw e;
        } catch (Exception e) {
            throw new ShieldException(ErrorCode.CMS_INVALID, "cannot create the CMS signature", e);
        }
    }

    @Override
    public byte[] signCms(RawSigner signer, X509Certificate certificate, List<X509Certificate> chain, byte[] content, Instant signingTime) {
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(content, "content");
        Allowlist.bind(signer.scheme(), Allowlist.keyOf(Objects.requireNonNull(certificate, "certificate").getPublicKey()));
        return generate(contentSigner(signer.scheme(), signer::sign), false, Objects.requireNonNull(signingTime, "signingTime"),
                Objects.requireNonNull(certificate, "certificate"), Objects.requireNonNull(chain, "chain"), content);
    }

    @Override
    public byte[] assembleCms(byte[] signature, SignatureScheme scheme, X509Certificate certificate, List<X509Certificate> chain,
                              byte[] content) {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(content, "content");
        if (!signatures.verify(certificate.getPublicKey(), scheme, content, signature)) {
            throw new ShieldException(ErrorCode.SIGNATURE_INVALID, "the signature does not verify over the content");
        }
        return generate(contentSigner(scheme, data -> {
            if (!Arrays.equals(data, content)) {
                throw new IllegalStateException("a direct CMS signature covers the content itself");
            }
            return signature.clone();
        }), true, clock.instant(), certificate, chain, content);
    }

    /**
     * {@inheritDoc}
     *
     * <p>In steps, cheapest and most decisive first, so that nothing costly is spent on untrusted
     * material: <b>structure</b> ({@link CmsStructure}: RFC 5652 versions, one signer, DER signed
     * attributes with a matching content type); <b>algorithm</b> (the signer certificate's key is
     * in the {@link Allowlist}, which bounds RSA sizes and the exponent, and the SignerInfo's
     * digest and signature algorithms fit that key); <b>trust</b> (the certificate names this CA's
     * issuing certificate of the key's family as its issuer and authority key); key usage;
     * <b>time</b> (a trusted signature-time-stamp token's, else now — the signer's signingTime is
     * only reported); <b>path</b> to the root at that time (public-key operations on the CA's keys
     * only); <b>signature</b> (the content's digest against the message-digest attribute, then the
     * one public-key operation on the signer's key); revocation at that time.
     */
    @Override
    public SignatureVerification verifyCms(byte[] cms, byte[] content) {
        return verifyEvidence(cms, content, List.of());
    }

    @Override
    public byte[] addSignatureTimeStamp(byte[] cms, TimeStamping authority, KeyAlgorithm.Family family) {
        return SignatureTimeStamps.add(cms, authority, family);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The steps of {@link #verifyCms}, with the time step: a trusted signature-time-stamp
     * token's time, else now; and revocation from the captured CRLs that cover that time and from
     * the CA's status at that time.
     */
    @Override
    public SignatureVerification verifyEvidence(byte[] cms, byte[] content, List<byte[]> revocationData) {
        Objects.requireNonNull(cms, "cms");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(revocationData, "revocationData");
        if (cms.length > MAX_CMS_BYTES) {
            return invalid(null, null, "the CMS is larger than " + MAX_CMS_BYTES + " bytes");
        }
        Optional<String> shape = DerShape.problem(cms, MAX_CMS_DEPTH, true);
        if (shape.isPresent()) {
            return invalid(null, null, "the CMS is not well-formed DER or BER: " + shape.get());
        }
        X509Certificate signerCert = null;
        Instant signingTime = null;
        try {
            // 1. structure
            CmsStructure.Parts parts = CmsStructure.parse(cms);
            signingTime = parts.signingTime().orElse(null);
            // 2. algorithm: read from the encoding, before the key is even decoded
            KeyAlgorithm algorithm = Allowlist.keyOf(parts.certificate().getSubjectPublicKeyInfo());
            SignatureScheme scheme = Allowlist.cmsScheme(parts.signer().getDigestAlgorithm(),
                    parts.signer().getDigestEncryptionAlgorithm(), algorithm);
            // 3. trust: issued by one of this CA's issuing certificates of that family (an older one after rollover)
            List<X509Certificate> current = ca.chain(algorithm.family());
            List<X509Certificate> chain = null;
            Optional<String> untrusted = Optional.empty();
            for (X509Certificate issuing : ca.issuers(algorithm.family())) {
                untrusted = notIssuedBy(parts.certificate(), issuing);
                if (untrusted.isEmpty()) {
                    chain = List.of(issuing, current.get(current.size() - 1));
                    break;
                }
            }
            if (chain == null) {
                return invalid(null, signingTime, untrusted.orElse("the CA has no issuing certificate of this family"));
            }
            signerCert = decodeCertificate(parts.certificate().getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER));
            boolean[] ku = signerCert.getKeyUsage();
            if (ku == null || !(ku[0] || ku[1])) {
                return invalid(signerCert, signingTime, "the certificate's key usage allows no signatures");
            }
            // 4. time: a trusted signature-time-stamp token's, else now — never the signer's own signingTime
            org.bouncycastle.asn1.ASN1Set unsignedSet = parts.signer().getUnauthenticatedAttributes();
            SignatureTimeStamps.Result stamp = SignatureTimeStamps.trustedTime(unsignedSet == null ? null : new AttributeTable(unsignedSet),
                    parts.signer().getEncryptedDigest().getOctets(), ca, this::decodeCertificate, paths);
            if (stamp instanceof SignatureTimeStamps.Untrusted u) {
                return invalid(signerCert, signingTime, u.why());
            }
            Instant at = stamp instanceof SignatureTimeStamps.Trusted t ? t.time() : clock.instant();
            SignatureVerification.TimeSource timeSource = stamp instanceof SignatureTimeStamps.Trusted
                    ? SignatureVerification.TimeSource.TIME_STAMP_TOKEN : SignatureVerification.TimeSource.VERIFICATION_TIME;
            // 5. path, at that time
            PathValidator.Result path = paths.validate(signerCert, chain.get(0), chain.get(chain.size() - 1), at);
            if (!path.valid()) {
                return invalid(signerCert, signingTime, path.failure().orElseThrow() + " (checked at " + at + ")");
            }
            // 6. signature
            Optional<String> bad = badSignature(parts, scheme, signerCert.getPublicKey(), content);
            if (bad.isPresent()) {
                return invalid(signerCert, signingTime, bad.get());
            }
            // 7. revocation, at that time: the captured CRL that covers it, and the CA's status then
            Optional<RevocationStatus> embedded = EmbeddedRevocation.status(revocationData, signerCert, chain.get(0), at);
            RevocationStatus fromCa = ca.status(signerCert.getSerialNumber(), at);
            RevocationStatus status;
            SignatureVerification.RevocationSource source;
            if (embedded.isPresent() && embedded.get().state() != RevocationStatus.State.GOOD) {
                status = embedded.get();
                source = SignatureVerification.RevocationSource.EMBEDDED;
            } else if (fromCa.state() == RevocationStatus.State.REVOKED || embedded.isEmpty()) {
                status = fromCa;
                source = SignatureVerification.RevocationSource.CERTIFICATE_AUTHORITY;
            } else {
                status = embedded.get();
                source = SignatureVerification.RevocationSource.EMBEDDED;
            }
            if (status.state() != RevocationStatus.State.GOOD) {
                return new SignatureVerification(false, Optional.of(signerCert), List.of(), Optional.ofNullable(signingTime), status,
                        Optional.of("the certificate was " + status.state() + " at " + at), Optional.of(at), timeSource, source);
            }
            return new SignatureVerification(true, Optional.of(signerCert), path.path(), Optional.ofNullable(signingTime), status,
                    Optional.empty(), Optional.of(at), timeSource, source);
        } catch (CmsStructure.Refused e) {
            return invalid(signerCert, signingTime, e.getMessage());
        } catch (ShieldException e) {
            return invalid(signerCert, signingTime, e.getMessage());
        } catch (IOException | CertificateEncodingException | RuntimeException e) {
            return invalid(signerCert, signingTime, "the CMS structure is malformed or does not verify");
        }
    }

    /** The trust step: names only, no key is used. */
    private static Optional<String> notIssuedBy(org.bouncycastle.asn1.x509.Certificate certificate, X509Certificate issuing)
            throws IOException, CertificateEncodingException {
        org.bouncycastle.asn1.x509.Certificate ca = org.bouncycastle.asn1.x509.Certificate.getInstance(issuing.getEncoded());
        String why = "the signer's certificate was not issued by this CA, so no path leads to a trust anchor";
        if (!ca.getSubject().equals(certificate.getIssuer())) {
            return Optional.of(why);
        }
        org.bouncycastle.asn1.x509.Extensions leaf = certificate.getTBSCertificate().getExtensions();
        org.bouncycastle.asn1.x509.AuthorityKeyIdentifier aki = leaf == null ? null
                : org.bouncycastle.asn1.x509.AuthorityKeyIdentifier.fromExtensions(leaf);
        org.bouncycastle.asn1.x509.Extensions own = ca.getTBSCertificate().getExtensions();
        org.bouncycastle.asn1.x509.SubjectKeyIdentifier ski = own == null ? null
                : org.bouncycastle.asn1.x509.SubjectKeyIdentifier.fromExtensions(own);
        if (aki != null && ski != null && aki.getKeyIdentifierObject() != null
                && !Arrays.equals(aki.getKeyIdentifierObject().getOctets(), ski.getKeyIdentifier())) {
            return Optional.of(why);
        }
        return Optional.empty();
    }

    /** The signature step: the content's digest, then the one public-key operation on the signer's key. */
    private Optional<String> badSignature(CmsStructure.Parts parts, SignatureScheme scheme, PublicKey key, byte[] content) {
        byte[] signed = content;
        if (parts.signedAttributes().isPresent()) {
            byte[] digest = digest(parts.signer().getDigestAlgorithm(), content);
            if (!java.security.MessageDigest.isEqual(digest, parts.messageDigest().orElseThrow())) {
                return Optional.of("the content does not match the message-digest attribute");
            }
            signed = parts.signedAttributes().get();
        }
        if (!signatureCheck.verify(key, scheme, signed, parts.signer().getEncryptedDigest().getOctets())) {
            return Optional.of("the signature does not verify");
        }
        return Optional.empty();
    }

    private static byte[] digest(AlgorithmIdentifier algorithm, byte[] content) {
        try {
            return java.security.MessageDigest.getInstance(algorithm.getAlgorithm().getId(), Bc.provider()).digest(content);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "digest " + algorithm.getAlgorithm().getId() + " is not available");
        }
    }

    /**
     * How many path validations were answered from the cache, for tests and monitoring.
     *
     * @return the count
     */
    public long pathCacheHits() {
        return paths.cacheHits();
    }

    private static SignatureVerification invalid(X509Certificate cert, Instant signingTime, String why) {
        return new SignatureVerification(false, Optional.ofNullable(cert), List.of(), Optional.ofNullable(signingTime),
                RevocationStatus.unknown(), Optional.of(why));
    }
}
