package io.mshield.crypto.bc;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.internal.Bc;
import io.mshield.crypto.internal.KeyPairs;
import io.mshield.crypto.internal.Signatures;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import javax.crypto.Cipher;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * What a phone app does with the same BouncyCastle code: generate a key pair (standing in for
 * the phone's secure module in DEVICE custody), build a PKCS#10 request, sign, and encrypt a PIN
 * block to the bank's PIN key. Used by the demo's phone simulator and by tests; an Android app uses
 * its keystore instead.
 */
public final class Phone {
    private final SecureRandom random;
    private final Signatures signatures = Signatures.withDefaultUserId();

    /**
     * Creates a phone.
     *
     * @param random its randomness
     */
    public Phone(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Generates a key pair.
     *
     * @param algorithm the algorithm
     * @return the pair
     */
    public KeyPair generate(KeyAlgorithm algorithm) {
        return KeyPairs.generate(algorithm, random);
    }

    /**
     * A PKCS#10 request with proof of possession.
     *
     * @param keys       the pair
     * @param algorithm  its algorithm
     * @param commonName the holder's name
     * @return DER
     */
    public byte[] certificateRequest(KeyPair keys, KeyAlgorithm algorithm, String commonName) {
        try {
            String sig = switch (algorithm.family()) {
                case SM2 -> "SM3withSM2";
                case EC -> "SHA256withECDSA";
                case EDDSA -> "Ed25519";
                case RSA -> "SHA256withRSA";
            };
            return new JcaPKCS10CertificationRequestBuilder(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build(),
                    keys.getPublic()).build(new JcaContentSignerBuilder(sig).setProvider(Bc.provider()).build(keys.getPrivate())).getEncoded();
        } catch (Exception e) {
            throw new ShieldException(ErrorCode.CSR_INVALID, "cannot build the certificate request", e);
        }
    }

    /**
     * The to-be-signed part of a PKCS#10 request (CertificationRequestInfo, DER), for a key whose
     * proof of possession is made elsewhere — by the two parties of COLLABORATIVE custody.
     *
     * @param publicKey  the key
     * @param commonName the holder's name
     * @return DER
     */
    public byte[] certificationRequestInfo(PublicKey publicKey, String commonName) {
        try {
            return new org.bouncycastle.asn1.pkcs.CertificationRequestInfo(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build(),
                    org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()), new org.bouncycastle.asn1.DERSet())
                    .getEncoded("DER");
        } catch (java.io.IOException e) {
            throw new ShieldException(ErrorCode.CSR_INVALID, "cannot encode the request", e);
        }
    }

    /**
     * Assembles a PKCS#10 request from its to-be-signed part and an SM2 signature over it.
     *
     * @param certificationRequestInfo the DER from {@link #certificationRequestInfo}
     * @param sm2Signature             the DER SM2 signature
     * @return the DER request
     */
    public byte[] certificateRequest(byte[] certificationRequestInfo, byte[] sm2Signature) {
        try {
            org.bouncycastle.asn1.ASN1EncodableVector v = new org.bouncycastle.asn1.ASN1EncodableVector();
            v.add(org.bouncycastle.asn1.pkcs.CertificationRequestInfo.getInstance(certificationRequestInfo));
            v.add(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.156.10197.1.501")));
            v.add(new org.bouncycastle.asn1.DERBitString(sm2Signature));
            return new org.bouncycastle.asn1.DERSequence(v).getEncoded("DER");
        } catch (java.io.IOException | RuntimeException e) {
            throw new ShieldException(ErrorCode.CSR_INVALID, "cannot assemble the request", e);
        }
    }

    /**
     * Signs with the phone's key.
     *
     * @param keys   the pair
     * @param scheme the scheme
     * @param data   the data
     * @return the signature
     */
    public byte[] sign(KeyPair keys, SignatureScheme scheme, byte[] data) {
        return signatures.sign(keys.getPrivate(), scheme, data);
    }

    /**
     * Encrypts to a public key given as SubjectPublicKeyInfo: SM2 encryption (C1C3C2) for SM2 keys,
     * ECIES for P-256 keys.
     *
     * @param subjectPublicKeyInfo the key
     * @param plaintext            the plaintext
     * @return the ciphertext
     */
    public byte[] encrypt(byte[] subjectPublicKeyInfo, byte[] plaintext) {
        return io.mshield.crypto.internal.Envelopes.encrypt(KeyPairs.decode(subjectPublicKeyInfo), plaintext, random);
    }

}
