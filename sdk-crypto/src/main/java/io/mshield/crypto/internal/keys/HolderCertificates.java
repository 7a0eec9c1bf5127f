package io.mshield.crypto.internal.keys;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.internal.Bc;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Objects;

/**
 * Self-signed "holder" certificates. A {@link java.security.KeyStore} (BCFKS, PKCS#11) stores a
 * private key only together with a certificate chain; these certificates exist for that alone,
 * carry the public key, and are never shown to anyone or trusted for anything. Their validity is
 * fixed (1970 to 9999-12-31, the RFC 5280 "no well-defined expiration" value), so no clock is
 * involved.
 */
public final class HolderCertificates {
    private static final Date NOT_BEFORE = new Date(0L);
    private static final Date NOT_AFTER = new Date(253402300799000L);

    private HolderCertificates() {
    }

    /**
     * The JCA signature algorithm a holder certificate of this algorithm is signed with.
     *
     * @param algorithm the key algorithm
     * @return the JCA name
     */
    public static String signatureAlgorithm(KeyAlgorithm algorithm) {
        switch (algorithm.family()) {
            case SM2:
                return "SM3withSM2";
            case EC:
                return "SHA256withECDSA";
            case EDDSA:
                return "Ed25519";
            default:
                return "SHA256withRSA";
        }
    }

    /**
     * Creates a holder certificate, signed with the private key through the given provider (the
     * private BouncyCastle provider for software keys, the PKCS#11 provider for token keys).
     *
     * @param alias           the key's alias, written as the subject's CN
     * @param algorithm       the key's algorithm
     * @param publicKey       the public key
     * @param privateKey      the private key that signs
     * @param signingProvider the provider that can sign with the private key
     * @param random          the source of the serial number and signature randomness
     * @return the DER encoding
     */
    public static byte[] create(String alias, KeyAlgorithm algorithm, PublicKey publicKey, PrivateKey privateKey,
                                Provider signingProvider, SecureRandom random) {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(signingProvider, "signingProvider");
        Objects.requireNonNull(random, "random");
        byte[] serial = new byte[16];
        random.nextBytes(serial);
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "MobileShield key holder, not a real certificate")
                .addRDN(BCStyle.CN, alias)
                .build();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(1, serial),
                NOT_BEFORE, NOT_AFTER, name, publicKey);
        try {
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm(algorithm))
                    .setProvider(signingProvider)
                    .setSecureRandom(random)
                    .build(privateKey);
            return builder.build(signer).getEncoded();
        } catch (OperatorCreationException | IOException | RuntimeException e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE,
                    "cannot create the holder certificate of a " + algorithm + " key", e);
        }
    }

    /**
     * Parses a certificate with the private BouncyCastle provider.
     *
     * @param der the encoding
     * @return the certificate
     */
    public static X509Certificate parse(byte[] der) {
        try {
            return parse(der, CertificateFactory.getInstance("X.509", Bc.provider()));
        } catch (CertificateException e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "cannot parse a holder certificate", e);
        }
    }

    /**
     * Parses a certificate with the JDK's default {@code X.509} factory (what a PKCS#11 key
     * store expects).
     *
     * @param der the encoding
     * @return the certificate
     */
    public static X509Certificate parseWithJdk(byte[] der) {
        try {
            return parse(der, CertificateFactory.getInstance("X.509"));
        } catch (CertificateException e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "cannot parse a holder certificate", e);
        }
    }

    private static X509Certificate parse(byte[] der, CertificateFactory factory) throws CertificateException {
        return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
    }
}
