package io.mshield.crypto.internal;

import io.mshield.certificate.RevocationReason;
import io.mshield.crypto.CertificateAuthority;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.RevocationStatus;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.SignatureVerification;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DLSequence;
import org.bouncycastle.asn1.DLSet;
import org.bouncycastle.asn1.DLTaggedObject;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.CollectionStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 (STRICT-SPI), CMS: the strict structure of RFC 5652, the allowlist on the signer's key
 * and algorithms, and trust before cost. The CA here is a test double whose issuing certificate
 * will certify anything, so that the refusals are the verifier's own: it is handed certificates
 * for keys the real CA refuses (e = 1, 16,384 bits). A counting seam on the one public-key
 * operation on the signer's key shows what verification reached.
 */
class StrictCmsTest {
    private static final byte[] DATA = "代发工资 3 笔 共 12,000.00 元".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final TestCa CA = new TestCa();

    /** A root and an issuing certificate (P-256) that will sign any leaf; every serial is GOOD. */
    static final class TestCa implements CertificateAuthority {
        final KeyPair rootKeys = ec("secp256r1");
        final KeyPair issuingKeys = ec("secp256r1");
        final X509Certificate root;
        final X509Certificate issuing;

        TestCa() {
            X500Name rootName = new X500Name("CN=Test Root,O=MobileShield,C=CN");
            X500Name issuingName = new X500Name("CN=Test Issuing,O=MobileShield,C=CN");
            root = certificate(rootName, rootName, rootKeys.getPublic().getEncoded(), rootKeys.getPrivate(), true, null);
            issuing = certificate(rootName, issuingName, issuingKeys.getPublic().getEncoded(), rootKeys.getPrivate(), true, root);
        }

        X509Certificate leaf(byte[] spki) {
            return certificate(X500Name.getInstance(issuing.getSubjectX500Principal().getEncoded()),
                    new X500Name("CN=张三,O=MobileShield,C=CN"), spki, issuingKeys.getPrivate(), false, issuing);
        }

        @Override
        public X509Certificate issue(IssueRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<X509Certificate> chain(KeyAlgorithm.Family family) {
            return List.of(issuing, root);
        }

        @Override
        public void revoke(BigInteger serial, RevocationReason reason, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void release(BigInteger serial, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RevocationStatus status(BigInteger serial, Instant at) {
            return RevocationStatus.good();
        }

        @Override
        public byte[] crl(KeyAlgorithm.Family family) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] ocsp(byte[] request) {
            throw new UnsupportedOperationException();
        }
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Bc.provider());
            g.initialize(new ECGenParameterSpec(curve), RANDOM);
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate certificate(X500Name issuer, X500Name subject, byte[] spki, PrivateKey signer, boolean ca,
                                       X509Certificate issuerCertificate) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(spki);
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).setBit(63),
                    Date.from(NOW.minus(Duration.ofDays(1))), Date.from(NOW.plus(Duration.ofDays(30))), subject, info);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(info));
            if (issuerCertificate != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerCertificate));
            }
            X509CertificateHolder holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Bc.provider()).build(signer));
            return new JcaX509CertificateConverter().setProvider(Bc.provider()).getCertificate(holder);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A verifier over {@link #CA} whose public-key operations on signer keys are counted. */
    private static final class Counted {
        final AtomicInteger operations = new AtomicInteger();
        final Signatures signatures = Signatures.withDefaultUserId();
        final BcSignatureService service = new BcSignatureService(signatures, CA, Clock.systemUTC(), (key, scheme, data, sig) -> {
            operations.incrementAndGet();
            return signatures.verify(key, scheme, data, sig);
        });
    }

    /** A content signer that writes a given algorithm identifier and computes the value with a function of the signed bytes. */
    static ContentSigner signer(AlgorithmIdentifier algorithm, Function<byte[], byte[]> value) {
        return new ContentSigner() {
            private final ByteArrayOutputStream data = new ByteArrayOutputStream();

            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return algorithm;
            }

            @Override
            public OutputStream getOutputStream() {
                return data;
            }

            @Override
            public byte[] getSignature() {
                return value.apply(data.toByteArray());
            }
        };
    }

    static byte[] cms(ContentSigner contentSigner, X509Certificate certificate) throws Exception {
        CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
        X509CertificateHolder holder = new X509CertificateHolder(certificate.getEncoded());
        gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().setProvider(Bc.provider()).build())
                .build(contentSigner, holder));
        gen.addCertificates(new CollectionStore<>(List.of(holder, new X509CertificateHolder(CA.issuing.getEncoded()))));
        return gen.generate(new CMSProcessableByteArray(DATA), false).getEncoded("DER");
    }

    static byte[] cms(KeyPair keys, String algorithm) throws Exception {
        return cms(new JcaContentSignerBuilder(algorithm).setProvider(Bc.provider()).build(keys.getPrivate()),
                CA.leaf(keys.getPublic().getEncoded()));
    }

    @Test
    @DisplayName("R10.3 a valid CMS from the test CA verifies with exactly one public-key operation on the signer's key")
    void baseline() throws Exception {
        Counted c = new Counted();
        SignatureVerification v = c.service.verifyCms(cms(ec("secp256r1"), "SHA256withECDSA"), DATA);
        assertThat(v.failure()).isEmpty();
        assertThat(v.valid()).isTrue();
        assertThat(c.operations).hasValue(1);
    }

    @Test
    @DisplayName("R10.3 trust before cost: a 16,384-bit RSA key with a huge exponent is refused with no public-key operation on it, issuer trusted or self-made")
    void hugeRsaKeyCostsNothing() throws Exception {
        BigInteger n = new BigInteger(16384, new Random(16384)).setBit(16383).setBit(0);
        BigInteger e = BigInteger.ONE.shiftLeft(16000).add(BigInteger.ONE);
        byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                new org.bouncycastle.asn1.pkcs.RSAPublicKey(n, e)).getEncoded();
        byte[] garbage = new byte[2048];
        RANDOM.nextBytes(garbage);
        AlgorithmIdentifier sha256WithRsa = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withRSA");
        KeyPair selfMade = ec("secp256r1");
        X500Name name = new X500Name("CN=Test Issuing,O=MobileShield,C=CN");
        for (X509Certificate certificate : List.of(CA.leaf(spki), certificate(name, name, spki, selfMade.getPrivate(), false, null))) {
            byte[] cms = cms(signer(sha256WithRsa, d -> garbage), certificate);
            Counted c = new Counted();
            SignatureVerification v = c.service.verifyCms(cms, DATA);
            assertThat(v.valid()).isFalse();
            assertThat(v.failure()).get().asString().contains("16384");
            assertThat(c.operations).as("public-key operations on the untrusted key").hasValue(0);
        }
    }

    @Test
    @DisplayName("R10.3 the e = 1 forgery through verifyCms: a certificate for an e = 1 key and a CMS made without a private key are refused before the signature")
    void exponentOneCms() throws Exception {
        byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                new org.bouncycastle.asn1.pkcs.RSAPublicKey(RsaFixtures.realisticModulus(), BigInteger.ONE)).getEncoded();
        AlgorithmIdentifier sha256WithRsa = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withRSA");
        byte[] forged = cms(signer(sha256WithRsa, RsaFixtures::emsaPkcs1), CA.leaf(spki));
        // the forgery is a real one: BouncyCastle's own CMS verifier accepts it
        org.bouncycastle.cms.CMSSignedData sd = new org.bouncycastle.cms.CMSSignedData(new CMSProcessableByteArray(DATA), forged);
        assertThat(sd.getSignerInfos().iterator().next().verify(new org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder()
                .setProvider(Bc.provider()).build(CA.leaf(spki).getPublicKey()))).isTrue();
        Counted c = new Counted();
        SignatureVerification v = c.service.verifyCms(forged, DATA);
        assertThat(v.valid()).isFalse();
        assertThat(v.failure()).get().asString().contains("exponent");
        assertThat(c.operations).hasValue(0);
    }

    @Test
    @DisplayName("R10.1 SHA-1 and MD5 in CMS are refused: SHA1withECDSA, SHA1withRSA, MD5withRSA")
    void weakDigests() throws Exception {
        KeyPair p256 = ec("secp256r1");
        assertRefused(cms(p256, "SHA1withECDSA"), "not allowed");
        KeyPair rsa = rsa2048();
        assertRefused(cms(rsa, "SHA1withRSA"), "not allowed");
        assertRefused(cms(rsa, "MD5withRSA"), "not allowed");
        assertThat(new Counted().service.verifyCms(cms(rsa, "SHA256withRSA"), DATA).valid()).isTrue();
    }

    private static KeyPair rsa2048() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", Bc.provider());
        g.initialize(2048, RANDOM);
        return g.generateKeyPair();
    }

    @Test
    @DisplayName("R10.1 scheme/key mismatch in CMS: SM3withSM2 over a P-256 certificate key and ECDSA over an SM2 one are refused")
    void cmsSchemeKeyMismatch() throws Exception {
        assertRefused(cms(ec("secp256r1"), "SM3withSM2"), "does not fit");
        assertRefused(cms(ec("sm2p256v1"), "SHA256withECDSA"), "does not fit");
        assertThat(new Counted().service.verifyCms(cms(ec("sm2p256v1"), "SM3withSM2"), DATA).valid()).isTrue();
    }

    @Test
    @DisplayName("R10.1 keys on other curves in CMS certificates are refused before the signature")
    void cmsOtherCurve() throws Exception {
        assertRefused(cms(ec("secp256k1"), "SHA256withECDSA"), "is not allowed");
        assertRefused(cms(ec("brainpoolP256r1"), "SHA256withECDSA"), "is not allowed");
    }

    private static void assertRefused(byte[] cms, String reason) {
        Counted c = new Counted();
        SignatureVerification v = c.service.verifyCms(cms, DATA);
        assertThat(v.valid()).isFalse();
        assertThat(v.failure()).get().asString().contains(reason);
        assertThat(c.operations).hasValue(0);
    }

    // --- structure ---

    interface Edit {
        ASN1Sequence apply(ASN1Sequence signedData) throws Exception;
    }

    static byte[] edited(byte[] cms, ASN1ObjectIdentifier contentType, Edit edit) throws Exception {
        ContentInfo ci = ContentInfo.getInstance(ASN1Primitive.fromByteArray(cms));
        ASN1Sequence sd = edit.apply(ASN1Sequence.getInstance(ci.getContent()));
        // DL, not DER, all the way down: a DER encoder would sort sets and undo an edit of their order
        return new DLSequence(new org.bouncycastle.asn1.ASN1Encodable[]{contentType, new DLTaggedObject(true, 0, sd)})
                .getEncoded(ASN1Encoding.DL);
    }

    static ASN1Sequence replace(ASN1Sequence s, int index, org.bouncycastle.asn1.ASN1Encodable value) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        for (int i = 0; i < s.size(); i++) {
            v.add(i == index ? value : s.getObjectAt(i));
        }
        return new DLSequence(v);
    }

    static ASN1Sequence editSigner(ASN1Sequence sd, java.util.function.UnaryOperator<ASN1Sequence> edit) {
        ASN1Set signers = ASN1Set.getInstance(sd.getObjectAt(sd.size() - 1));
        return replace(sd, sd.size() - 1, new DLSet(edit.apply(ASN1Sequence.getInstance(signers.getObjectAt(0)))));
    }

    @Test
    @DisplayName("R10.3 CMS structure: content type, SignedData and SignerInfo versions, digestAlgorithms, one signer, the signed attributes' tag, order and content type")
    void structure() throws Exception {
        byte[] good = cms(ec("secp256r1"), "SHA256withECDSA");
        ASN1ObjectIdentifier signedData = CMSObjectIdentifiers.signedData;
        assertThat(new Counted().service.verifyCms(edited(good, signedData, sd -> sd), DATA).valid()).isTrue();

        assertRefused(edited(good, CMSObjectIdentifiers.envelopedData, sd -> sd), "id-signedData");
        assertRefused(edited(good, signedData, sd -> replace(sd, 0, new ASN1Integer(3))), "SignedData version");
        assertRefused(edited(good, signedData, sd -> replace(sd, 0, new ASN1Integer(4))), "SignedData version");
        assertRefused(edited(good, signedData, sd -> editSigner(sd, si -> replace(si, 0, new ASN1Integer(3)))), "SignerInfo version");
        assertRefused(edited(good, signedData, sd -> replace(sd, 1, new DERSet(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha384)))),
                "digestAlgorithms");
        assertRefused(edited(good, signedData, sd -> replace(sd, 1, new DERSet(new org.bouncycastle.asn1.ASN1Encodable[]{
                new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256), new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha384)}))),
                "digestAlgorithms");
        assertRefused(edited(good, signedData, sd -> {
            ASN1Sequence si = ASN1Sequence.getInstance(ASN1Set.getInstance(sd.getObjectAt(sd.size() - 1)).getObjectAt(0));
            return replace(sd, sd.size() - 1, new DERSet(new org.bouncycastle.asn1.ASN1Encodable[]{si,
                    replace(si, 5, new DEROctetString(new byte[]{1}))}));
        }), "exactly one signer");
        // the signed attributes under a private-class tag instead of [0]
        assertRefused(edited(good, signedData, sd -> editSigner(sd, si -> replace(si, 3,
                retag(ASN1TaggedObject.getInstance(si.getObjectAt(3)), 0xC0)))), "SignerInfo");
        // the content-type attribute names other content
        assertRefused(edited(good, signedData, sd -> editSigner(sd, si -> replace(si, 3, new DERTaggedObject(false, 0,
                attributes(ASN1TaggedObject.getInstance(si.getObjectAt(3)), CMSObjectIdentifiers.envelopedData))))), "content-type");
        // the set of signed attributes not in DER order
        assertRefused(edited(good, signedData, sd -> editSigner(sd, si -> replace(si, 3, unsorted(ASN1TaggedObject.getInstance(si.getObjectAt(3)))))),
                "DER");
        // the content itself inside the CMS
        assertRefused(edited(good, signedData, sd -> replace(sd, 2, new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[]{
                CMSObjectIdentifiers.data, new DERTaggedObject(true, 0, new DEROctetString(DATA))}))), "detached");
    }

    private static org.bouncycastle.asn1.ASN1Encodable retag(ASN1TaggedObject attributes, int tagClass) {
        return new DERTaggedObject(false, tagClass, 0, ASN1Set.getInstance(attributes, false));
    }

    private static ASN1Set attributes(ASN1TaggedObject tagged, ASN1ObjectIdentifier contentType) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        for (org.bouncycastle.asn1.ASN1Encodable e : ASN1Set.getInstance(tagged, false)) {
            org.bouncycastle.asn1.cms.Attribute a = org.bouncycastle.asn1.cms.Attribute.getInstance(e);
            v.add(a.getAttrType().equals(org.bouncycastle.asn1.cms.CMSAttributes.contentType)
                    ? new org.bouncycastle.asn1.cms.Attribute(a.getAttrType(), new DERSet(contentType)) : a);
        }
        return new DERSet(v);
    }

    /** The same attributes, written as a definite-length set in the reverse of DER order. */
    private static org.bouncycastle.asn1.ASN1Encodable unsorted(ASN1TaggedObject tagged) {
        ASN1Set sorted = ASN1Set.getInstance(tagged, false);
        ASN1EncodableVector v = new ASN1EncodableVector();
        for (int i = sorted.size() - 1; i >= 0; i--) {
            v.add(sorted.getObjectAt(i));
        }
        return new DLTaggedObject(false, 0, new DLSet(v));
    }
}
