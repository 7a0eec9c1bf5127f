package io.mshield.crypto.internal;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERBitString;
import org.bouncycastle.asn1.BEROctetString;
import org.bouncycastle.asn1.BERSequence;
import org.bouncycastle.asn1.BERSet;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.BERTaggedObject;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The structure step of CMS verification: reads a detached SignedData strictly by RFC 5652 and
 * returns the parts the later steps (algorithm, trust, path, signature) need. It decodes only;
 * it performs no public-key operation and no digest, so it is cheap on any input.
 *
 * <p>What it requires: a ContentInfo of type id-signedData; encapsulated content of type id-data
 * and absent (detached); exactly one SignerInfo, of version 1 when it names its certificate by
 * issuer and serial number and 3 when by subject key identifier; a SignedData version of 1 or 3
 * as §5.1 prescribes for that (other certificate or revocation formats, which would call for
 * 4 or 5, are refused); digestAlgorithms holding exactly the signer's digest algorithm; signed
 * attributes, when present, under the tag [0] (constructed), in DER (no indefinite lengths,
 * the set in DER order), each attribute type once with one value, a content-type attribute equal
 * to the encapsulated content type and a message-digest attribute; unsigned attributes, when
 * present, under [1]; and the signer's certificate among the certificates.
 */
final class CmsStructure {
    /** The deepest nesting of constructed values inside the signed attributes. */
    private static final int MAX_ATTRIBUTE_DEPTH = 16;

    private CmsStructure() {
    }

    /** Why a CMS is refused; carries only a fixed description, never input bytes. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * The parts of a SignedData that verification reads.
     *
     * @param signer            the single SignerInfo
     * @param certificate       the signer's certificate, as included
     * @param signedAttributes  the DER of the signed attributes (re-tagged as SET OF, as signed), if present
     * @param messageDigest     the message-digest attribute's value, if there are signed attributes
     * @param signingTime       the signing-time attribute, if present
     */
    record Parts(SignerInfo signer, Certificate certificate, Optional<byte[]> signedAttributes,
                 Optional<byte[]> messageDigest, Optional<Instant> signingTime) {
        Parts {
            Objects.requireNonNull(signer, "signer");
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(signedAttributes, "signedAttributes");
            Objects.requireNonNull(messageDigest, "messageDigest");
            Objects.requireNonNull(signingTime, "signingTime");
        }
    }

    /**
     * Reads a CMS whose DER/BER shape was already checked ({@code DerShape}).
     *
     * @param cms the bytes
     * @return the parts
     * @throws Refused with the reason when the structure is not the one required
     */
    static Parts parse(byte[] cms) throws Refused {
        ContentInfo contentInfo;
        try {
            contentInfo = ContentInfo.getInstance(ASN1Primitive.fromByteArray(cms));
        } catch (IOException | RuntimeException e) {
            throw new Refused("the CMS is not a ContentInfo");
        }
        if (!CMSObjectIdentifiers.signedData.equals(contentInfo.getContentType()) || contentInfo.getContent() == null) {
            throw new Refused("the content type is not id-signedData");
        }
        SignedData signedData;
        SignerInfo signer;
        ASN1Sequence rawSigner;
        try {
            signedData = SignedData.getInstance(contentInfo.getContent());
            if (signedData.getSignerInfos().size() != 1) {
                throw new Refused("expected exactly one signer, found " + signedData.getSignerInfos().size());
            }
            rawSigner = ASN1Sequence.getInstance(signedData.getSignerInfos().getObjectAt(0));
            signer = SignerInfo.getInstance(rawSigner);
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new Refused("the SignedData or its SignerInfo is malformed");
        }
        ASN1ObjectIdentifier contentType = signedData.getEncapContentInfo().getContentType();
        if (!CMSObjectIdentifiers.data.equals(contentType)) {
            throw new Refused("the encapsulated content type is not id-data");
        }
        if (signedData.getEncapContentInfo().getContent() != null) {
            throw new Refused("the CMS carries its content; a detached signature is expected");
        }
        int signerVersion = signer.getSID().isTagged() ? 3 : 1;
        if (!BigInteger.valueOf(signerVersion).equals(signer.getVersion().getValue())) {
            throw new Refused("the SignerInfo version is not " + signerVersion + " for its kind of signer identifier");
        }
        onlyPlainSequences(signedData.getCertificates(), "certificates");
        onlyPlainSequences(signedData.getCRLs(), "revocation information");
        if (!BigInteger.valueOf(signerVersion).equals(signedData.getVersion().getValue())) {
            throw new Refused("the SignedData version is not " + signerVersion + " as RFC 5652 prescribes for its content");
        }
        ASN1Set digests = signedData.getDigestAlgorithms();
        if (digests.size() != 1 || !AlgorithmIdentifier.getInstance(digests.getObjectAt(0)).equals(signer.getDigestAlgorithm())) {
            throw new Refused("digestAlgorithms is not exactly the signer's digest algorithm");
        }
        checkTags(rawSigner, signer);
        Optional<byte[]> signedAttributes = Optional.empty();
        Optional<byte[]> messageDigest = Optional.empty();
        Optional<Instant> signingTime = Optional.empty();
        ASN1Set attributes = signer.getAuthenticatedAttributes();
        if (attributes != null) {
            byte[] der = derOf(attributes);
            signedAttributes = Optional.of(der);
            Set<ASN1ObjectIdentifier> seen = new HashSet<>();
            for (ASN1Encodable e : attributes) {
                Attribute a = Attribute.getInstance(e);
                if (!seen.add(a.getAttrType()) || a.getAttrValues().size() != 1) {
                    throw new Refused("a signed attribute appears twice or has other than one value");
                }
            }
            Attribute type = find(attributes, CMSAttributes.contentType)
                    .orElseThrow(() -> new Refused("the signed attributes have no content-type attribute"));
            if (!contentType.equals(type.getAttrValues().getObjectAt(0))) {
                throw new Refused("the content-type attribute does not match the encapsulated content type");
            }
            Attribute digest = find(attributes, CMSAttributes.messageDigest)
                    .orElseThrow(() -> new Refused("the signed attributes have no message-digest attribute"));
            if (!(digest.getAttrValues().getObjectAt(0) instanceof ASN1OctetString octets)) {
                throw new Refused("the message-digest attribute is not an OCTET STRING");
            }
            messageDigest = Optional.of(octets.getOctets());
            Optional<Attribute> time = find(attributes, CMSAttributes.signingTime);
            if (time.isPresent()) {
                try {
                    signingTime = Optional.of(Time.getInstance(time.get().getAttrValues().getObjectAt(0)).getDate().toInstant());
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new Refused("the signing-time attribute is malformed");
                }
            }
        }
        return new Parts(signer, signerCertificate(signedData, signer.getSID()), signedAttributes, messageDigest, signingTime);
    }

    /** [0] signed attributes right after the digest algorithm, [1] unsigned ones last, both constructed. */
    private static void checkTags(ASN1Sequence raw, SignerInfo signer) throws Refused {
        int expected = 5 + (signer.getAuthenticatedAttributes() != null ? 1 : 0)
                + (signer.getUnauthenticatedAttributes() != null ? 1 : 0);
        if (raw.size() != expected) {
            throw new Refused("the SignerInfo has unexpected fields");
        }
        for (int i = 0; i < raw.size(); i++) {
            if (raw.getObjectAt(i) instanceof ASN1TaggedObject tagged) {
                int tagNo = i == 3 ? 0 : i == raw.size() - 1 ? 1 : -1;
                byte[] encoded;
                try {
                    encoded = tagged.getEncoded();
                } catch (IOException e) {
                    throw new Refused("the SignerInfo cannot be encoded");
                }
                if (tagged.getTagClass() != BERTags.CONTEXT_SPECIFIC || tagged.getTagNo() != tagNo
                        || (encoded[0] & 0x20) == 0) {
                    throw new Refused("the SignerInfo's attributes are not under the tags [0] and [1]");
                }
            }
        }
    }

    private static byte[] derOf(ASN1Set attributes) throws Refused {
        if (containsBer(attributes, 0)) {
            throw new Refused("the signed attributes are not DER (indefinite length)");
        }
        try {
            byte[] der = attributes.getEncoded(ASN1Encoding.DER);
            if (!Arrays.equals(attributes.getEncoded(ASN1Encoding.DL), der)) {
                throw new Refused("the signed attributes are not DER (the set is not in DER order)");
            }
            return der;
        } catch (IOException e) {
            throw new Refused("the signed attributes cannot be encoded");
        }
    }

    private static boolean containsBer(ASN1Encodable value, int depth) throws Refused {
        if (depth > MAX_ATTRIBUTE_DEPTH) {
            throw new Refused("the signed attributes are nested too deeply");
        }
        ASN1Primitive p = value.toASN1Primitive();
        if (p instanceof BERSequence || p instanceof BERSet || p instanceof BERTaggedObject
                || p instanceof BEROctetString || p instanceof BERBitString) {
            return true;
        }
        if (p instanceof ASN1Sequence s) {
            for (ASN1Encodable e : s) {
                if (containsBer(e, depth + 1)) {
                    return true;
                }
            }
        } else if (p instanceof ASN1Set s) {
            for (ASN1Encodable e : s) {
                if (containsBer(e, depth + 1)) {
                    return true;
                }
            }
        } else if (p instanceof ASN1TaggedObject t) {
            return containsBer(t.getBaseObject(), depth + 1);
        }
        return false;
    }

    private static Optional<Attribute> find(ASN1Set attributes, ASN1ObjectIdentifier type) {
        for (ASN1Encodable e : attributes) {
            Attribute a = Attribute.getInstance(e);
            if (type.equals(a.getAttrType())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private static void onlyPlainSequences(ASN1Set set, String what) throws Refused {
        if (set == null) {
            return;
        }
        for (ASN1Encodable e : set) {
            if (!(e.toASN1Primitive() instanceof ASN1Sequence)) {
                throw new Refused("the " + what + " hold a format other than X.509");
            }
        }
    }

    private static Certificate signerCertificate(SignedData signedData, SignerIdentifier sid) throws Refused {
        if (signedData.getCertificates() == null) {
            throw new Refused("the signer's certificate is not included");
        }
        for (ASN1Encodable e : signedData.getCertificates()) {
            Certificate c;
            try {
                c = Certificate.getInstance(e);
            } catch (IllegalArgumentException | IllegalStateException | ClassCastException ex) {
                throw new Refused("an included certificate is malformed");
            }
            if (names(sid, c)) {
                return c;
            }
        }
        throw new Refused("the signer's certificate is not included");
    }

    private static boolean names(SignerIdentifier sid, Certificate c) {
        if (sid.isTagged()) {
            Extensions extensions = c.getTBSCertificate().getExtensions();
            SubjectKeyIdentifier ski = extensions == null ? null : SubjectKeyIdentifier.fromExtensions(extensions);
            return ski != null && Arrays.equals(ski.getKeyIdentifier(),
                    ASN1OctetString.getInstance(sid.getId()).getOctets());
        }
        IssuerAndSerialNumber ias = IssuerAndSerialNumber.getInstance(sid.getId());
        return ias.getName().equals(c.getIssuer()) && ias.getSerialNumber().getValue().equals(c.getSerialNumber().getValue());
    }
}
