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
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.PublicKey;
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
    private final Signatures signatures;
    private final CertificateAuthority ca;
    private final Clock clock;

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
        try {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509", Bc.provider())
                    .generateCertificate(new java.io.ByteArrayInputStream(der));
        } catch (Exception | Error e) {
            throw new ShieldException(ErrorCode.CERTIFICATE_INVALID, "the certificate cannot be parsed");
        }
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

    private static byte[] generate(ContentSigner signer, boolean direct, Instant signingTime, X509Certificate certificate,
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
            gen.addSignerInfoGenerator(b.build(signer, certificate));
            List<X509Certificate> all = new ArrayList<>();
            all.add(certificate);
            all.addAll(chain);
            gen.addCertificates(new JcaCertStore(all));
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
            JcaX509CertificateConverter conv = new JcaX509CertificateConverter().setProvider(Bc.provider());
            signerCert = conv.getCertificate(matches.iterator().next());
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
            X509Certificate issuing = chain.get(0);
            X509Certificate root = chain.get(chain.size() - 1);
            try {
                signerCert.verify(issuing.getPublicKey(), Bc.provider());
                issuing.verify(root.getPublicKey(), Bc.provider());
                signerCert.checkValidity(java.util.Date.from(at));
            } catch (Exception e) {
                return invalid(signerCert, signingTime, "the path to the trust anchor does not validate");
            }
            RevocationStatus status = ca.status(signerCert.getSerialNumber(), at);
            if (status.state() != RevocationStatus.State.GOOD) {
                return new SignatureVerification(false, Optional.of(signerCert), List.of(), Optional.ofNullable(signingTime), status,
                        Optional.of("the certificate was " + status.state() + " at " + at));
            }
            List<X509Certificate> path = List.of(signerCert, issuing, root);
            return new SignatureVerification(true, Optional.of(signerCert), path, Optional.ofNullable(signingTime), status, Optional.empty());
        } catch (Exception | Error e) {
            return invalid(signerCert, signingTime, "the CMS structure is malformed or does not verify");
        }
    }

    private static SignatureVerification invalid(X509Certificate cert, Instant signingTime, String why) {
        return new SignatureVerification(false, Optional.ofNullable(cert), List.of(), Optional.ofNullable(signingTime),
                RevocationStatus.unknown(), Optional.of(why));
    }
}
