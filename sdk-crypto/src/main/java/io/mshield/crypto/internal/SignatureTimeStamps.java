package io.mshield.crypto.internal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.CertificateAuthority;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.RevocationStatus;
import io.mshield.crypto.TimeStamping;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TimeStampToken;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Signature-time-stamp tokens in CMS (RFC 3161 appendix A, the CAdES-T attribute
 * id-aa-signatureTimeStampToken): adding one over the signer's signature value, and deciding
 * whether the one a CMS carries gives a trusted time.
 *
 * <p>A token is trusted only when it is the one signature-time-stamp attribute of the signer; it
 * parses; its signer's certificate was issued by this SDK's CA (its path validates at the token's
 * time, and it is not revoked then), says timeStamping and nothing else in a critical extended key
 * usage, and verifies the token's signature; and its message imprint — SHA-256 or SM3 — is the
 * digest of this signer's signature value. Anything else is an untrusted token, and a CMS carrying
 * one is invalid: a bad token never silently turns into "no token".
 */
final class SignatureTimeStamps {
    private static final Set<String> IMPRINT_ALGORITHMS = Set.of(NISTObjectIdentifiers.id_sha256.getId(), GMObjectIdentifiers.sm3.getId());

    private SignatureTimeStamps() {
    }

    /** What a signer's signature-time-stamp attribute says. */
    sealed interface Result permits Absent, Trusted, Untrusted {
    }

    /** No token. */
    record Absent() implements Result {
    }

    /**
     * A valid token from a trusted unit.
     *
     * @param time the token's genTime
     * @param unit the unit's certificate
     */
    record Trusted(Instant time, X509Certificate unit) implements Result {
    }

    /**
     * A token that gives no trusted time.
     *
     * @param why the reason
     */
    record Untrusted(String why) implements Result {
    }

    /**
     * Adds a signature-time-stamp token over the only signer's signature value.
     *
     * @param cms       the DER SignedData
     * @param authority the time-stamping authority
     * @param family    the signer's key family
     * @return the DER SignedData with the attribute
     */
    static byte[] add(byte[] cms, TimeStamping authority, KeyAlgorithm.Family family) {
        Objects.requireNonNull(cms, "cms");
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(family, "family");
        CMSSignedData sd;
        SignerInformation si;
        try {
            sd = new CMSSignedData(cms);
            Collection<SignerInformation> signers = sd.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                throw new ShieldException(ErrorCode.CMS_INVALID, "expected exactly one signer, found " + signers.size());
            }
            si = signers.iterator().next();
        } catch (org.bouncycastle.cms.CMSException | RuntimeException e) {
            if (e instanceof ShieldException se) {
                throw se;
            }
            throw new ShieldException(ErrorCode.CMS_INVALID, "the CMS to time-stamp does not parse", e);
        }
        byte[] token = authority.timeStamp(si.getSignature(), family);
        try {
            ASN1Primitive tokenAsn1 = ASN1Primitive.fromByteArray(token);
            AttributeTable unsigned = si.getUnsignedAttributes() != null ? si.getUnsignedAttributes() : new AttributeTable(new ASN1EncodableVector());
            if (unsigned.get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken) != null) {
                throw new ShieldException(ErrorCode.CMS_INVALID, "the CMS already carries a signature-time-stamp token");
            }
            AttributeTable next = unsigned.add(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken, tokenAsn1);
            SignerInformation stamped = SignerInformation.replaceUnsignedAttributes(si, next);
            // DL keeps every parsed element's bytes as they came (a DER CMS stays DER; the new
            // attribute's sets are DER sets of one element): re-sorting the certificates' and
            // the token's sets for "DER" cost about as much as the rest of the re-encoding, and
            // could only change bytes the signer's signature may cover
            return CMSSignedData.replaceSigners(sd, new SignerInformationStore(stamped)).getEncoded("DL");
        } catch (java.io.IOException e) {
            throw new ShieldException(ErrorCode.CMS_INVALID, "the time-stamp token is not DER", e);
        }
    }

    /**
     * Decides what the signer's token says.
     *
     * @param unsigned  the signer's unsigned attributes, or null
     * @param signature the signer's signature value
     * @param ca        the CA that must have issued the unit's certificate
     * @param decode    the strict certificate decoder
     * @param paths     the path validator
     * @return absent, trusted with its time, or untrusted with the reason
     */
    static Result trustedTime(AttributeTable unsigned, byte[] signature, CertificateAuthority ca,
                              Function<byte[], X509Certificate> decode, PathValidator paths) {
        if (unsigned == null || unsigned.get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken) == null) {
            return new Absent();
        }
        if (unsigned.getAll(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken).size() != 1) {
            return new Untrusted("more than one signature-time-stamp attribute");
        }
        Attribute attr = unsigned.get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        if (attr.getAttrValues().size() != 1) {
            return new Untrusted("the signature-time-stamp attribute must hold exactly one token");
        }
        TimeStampToken token;
        try {
            ASN1Encodable value = attr.getAttrValues().getObjectAt(0);
            token = new TimeStampToken(ContentInfo.getInstance(value));
        } catch (Exception e) {
            return new Untrusted("the time-stamp token does not parse");
        }
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = token.getCertificates().getMatches(token.getSID());
        if (matches.isEmpty()) {
            return new Untrusted("the time-stamp token does not carry its unit's certificate");
        }
        X509Certificate unit;
        try {
            unit = decode.apply(matches.iterator().next().getEncoded());
        } catch (Exception e) {
            return new Untrusted("the time-stamping unit's certificate does not parse");
        }
        Instant time = token.getTimeStampInfo().getGenTime().toInstant();
        List<X509Certificate> chain;
        try {
            chain = ca.chain(unit);
        } catch (ShieldException e) {
            return new Untrusted("the time-stamp token is from an unknown time-stamping authority");
        }
        try {
            List<String> eku = unit.getExtendedKeyUsage();
            if (eku == null || !eku.equals(List.of(KeyPurposeId.id_kp_timeStamping.getId()))
                    || unit.getCriticalExtensionOIDs() == null
                    || !unit.getCriticalExtensionOIDs().contains(Extension.extendedKeyUsage.getId())) {
                return new Untrusted("the time-stamping unit's certificate lacks the critical extended key usage timeStamping");
            }
        } catch (java.security.cert.CertificateParsingException e) {
            return new Untrusted("the time-stamping unit's extended key usage does not parse");
        }
        PathValidator.Result path = paths.validate(unit, chain.get(0), chain.get(chain.size() - 1), time);
        if (!path.valid()) {
            return new Untrusted("the time-stamping unit's certificate does not validate at the token's time: " + path.failure().orElseThrow());
        }
        if (ca.status(unit.getSerialNumber(), time).state() != RevocationStatus.State.GOOD) {
            return new Untrusted("the time-stamping unit's certificate was revoked at the token's time");
        }
        try {
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Bc.provider()).build(unit));
        } catch (Exception e) {
            return new Untrusted("the time-stamp token's signature does not verify");
        }
        String imprintAlg = token.getTimeStampInfo().getMessageImprintAlgOID().getId();
        if (!IMPRINT_ALGORITHMS.contains(imprintAlg)) {
            return new Untrusted("the time-stamp token's imprint algorithm " + imprintAlg + " is not SHA-256 or SM3");
        }
        try {
            DigestCalculator d = new JcaDigestCalculatorProviderBuilder().setProvider(Bc.provider()).build()
                    .get(new AlgorithmIdentifier(token.getTimeStampInfo().getMessageImprintAlgOID()));
            d.getOutputStream().write(signature);
            d.getOutputStream().close();
            if (!MessageDigest.isEqual(d.getDigest(), token.getTimeStampInfo().getMessageImprintDigest())) {
                return new Untrusted("the time-stamp token is over other data than this signature");
            }
        } catch (Exception e) {
            return new Untrusted("the time-stamp token's imprint cannot be computed");
        }
        return new Trusted(time, unit);
    }

}
