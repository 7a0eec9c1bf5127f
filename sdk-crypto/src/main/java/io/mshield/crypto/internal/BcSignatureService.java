package io.mshield.crypto.internal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.CertificateAuthority;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.RawSigner;
import io.mshield.crypto.RevocationStatus;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.SignatureService;
import io.mshield.crypto.SignatureVerification;
import io.mshield.crypto.internal.csr.DerShape;

import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
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
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Raw verification and detached CMS through BouncyCastle: creation with signed attributes
 * (content type, signing time) or without them (a raw signature over the content), and
 * verification of digest, signature, path to the CA's roots, key usage and revocation at the
 * signing time.
 */
public final class BcSignatureService implements SignatureService {
    /** The largest certificate accepted, in bytes. */
    public static final int MAX_CERTIFICATE_BYTES = 16 * 1024;
    private static final int CACHED_CERTIFICATES = 1024;
    /** The largest detached CMS accepted, in bytes (the content is passed separately). */
    public static final int MAX_CMS_BYTES = 1024 * 1024;
    private static final int MAX_CERTIFICATE_DEPTH = 24;
    private static final int MAX_CMS_DEPTH = 40;

    private final Signatures signatures;
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
        this.signatures = Objects.requireNonNull(signatures, "signatures");
        this.ca = Objects.requireNonNull(ca, "ca");
        this.clock = Objects.requireNonNull(clock, "clock");
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
        return generate(contentSigner(signer.scheme(), signer::sign), false, Objects.requireNonNull(signingTime, "signingTime"),
                Objects.requireNonNull(certificate, "certificate"), Objects.requireNonNull(chain, "chain"), content);
    }

    @Override
    public byte[] assembleCms(byte[] signature, SignatureScheme scheme, X509Certificate certificate, List<X509Certificate> chain,
                              byte[] content) {
        Objects.requireNonNull(signature, "signature");
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

    @Override
    public SignatureVerification verifyCms(byte[] cms, byte[] content) {
        Objects.requireNonNull(cms, "cms");
        Objects.requireNonNull(content, "content");
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
            CMSSignedData sd = new CMSSignedData(new CMSProcessableByteArray(content), cms);
            Collection<SignerInformation> signers = sd.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                return invalid(null, null, "expected exactly one signer, found " + signers.size());
            }
            SignerInformation si = signers.iterator().next();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = sd.getCertificates().getMatches(si.getSID());
            if (matches.isEmpty()) {
                return invalid(null, null, "the signer's certificate is not included");
            }
            // Decoded strictly and through the cache: a signer seen before keeps its public key
            // object, and with it BouncyCastle's precomputed multiples for verification.
            signerCert = decodeCertificate(matches.iterator().next().getEncoded());
            if (si.getSignedAttributes() != null && si.getSignedAttributes().get(CMSAttributes.signingTime) != null) {
                signingTime = Time.getInstance(si.getSignedAttributes().get(CMSAttributes.signingTime).getAttrValues().getObjectAt(0))
                        .getDate().toInstant();
            }
            if (!si.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Bc.provider()).build(signerCert))) {
                return invalid(signerCert, signingTime, "the signature does not verify");
            }
            Instant at = signingTime != null ? signingTime : clock.instant();
            boolean[] ku = signerCert.getKeyUsage();
            if (ku == null || !(ku[0] || ku[1])) {
                return invalid(signerCert, signingTime, "the certificate's key usage allows no signatures");
            }
            KeyAlgorithm.Family family = KeyPairs.algorithmOf(signerCert.getPublicKey()).family();
            List<X509Certificate> chain = ca.chain(family);
            PathValidator.Result path = paths.validate(signerCert, chain.get(0), chain.get(chain.size() - 1), at);
            if (!path.valid()) {
                return invalid(signerCert, signingTime, path.failure().orElseThrow());
            }
            RevocationStatus status = ca.status(signerCert.getSerialNumber(), at);
            if (status.state() != RevocationStatus.State.GOOD) {
                return new SignatureVerification(false, Optional.of(signerCert), List.of(), Optional.ofNullable(signingTime), status,
                        Optional.of("the certificate was " + status.state() + " at " + at));
            }
            return new SignatureVerification(true, Optional.of(signerCert), path.path(), Optional.ofNullable(signingTime), status,
                    Optional.empty());
        } catch (org.bouncycastle.cms.CMSVerifierCertificateNotValidException e) {
            return invalid(signerCert, signingTime, "the signer's certificate was not valid at the signing time, so no path validates");
        } catch (java.io.IOException
                 | org.bouncycastle.cms.CMSException | org.bouncycastle.operator.OperatorCreationException | RuntimeException e) {
            return invalid(signerCert, signingTime, "the CMS structure is malformed or does not verify");
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
