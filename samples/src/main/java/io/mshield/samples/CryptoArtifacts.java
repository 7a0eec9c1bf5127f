package io.mshield.samples;

import io.mshield.certificate.RevocationReason;
import io.mshield.crypto.CertificateSubject;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.RawSigner;
import io.mshield.crypto.ShieldCrypto;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.bc.Phone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes, for each algorithm family, the files anyone can check with OpenSSL: the root and
 * issuing CA, a shield certificate, a revoked one, the CRL that lists the revoked one, some data
 * and its detached CMS signature by the shield certificate's key.
 */
final class CryptoArtifacts {
    static final Map<String, KeyAlgorithm> ALGORITHMS = new LinkedHashMap<>();

    static {
        ALGORITHMS.put("sm2", KeyAlgorithm.SM2);
        ALGORITHMS.put("p256", KeyAlgorithm.EC_P256);
        ALGORITHMS.put("ed25519", KeyAlgorithm.ED25519);
        ALGORITHMS.put("rsa2048", KeyAlgorithm.RSA_2048);
    }

    private CryptoArtifacts() {
    }

    static List<String> write(Path dir, ShieldCrypto crypto, Phone phone, Clock clock) {
        List<String> written = new java.util.ArrayList<>();
        for (Map.Entry<String, KeyAlgorithm> e : ALGORITHMS.entrySet()) {
            String name = e.getKey();
            KeyAlgorithm alg = e.getValue();
            Instant now = clock.instant();
            // the CA remembers request ids across runs on one --data: each run's artifacts are new requests
            String run = java.util.UUID.randomUUID().toString();
            List<X509Certificate> chain = crypto.certificateAuthority().chain(alg.family());
            KeyPair leafKeys = alg == KeyAlgorithm.SM2 ? null : phone.generate(alg);
            TwoParty twoParty = alg == KeyAlgorithm.SM2 ? new TwoParty(crypto) : null;
            java.security.PublicKey leafKey = twoParty != null ? twoParty.key.publicKey() : leafKeys.getPublic();
            X509Certificate leaf = crypto.certificateAuthority().issue(new IssueRequest(leafKey, alg,
                    new CertificateSubject("张三", DemoBank.CREDIT_CODE.value(), "0".repeat(64), "MS00000000001"), now.minusSeconds(60),
                    now.plus(Duration.ofDays(365 * 5)), "artifacts-leaf-" + name + "-" + run));
            KeyPair otherKeys = phone.generate(alg);
            X509Certificate revoked = crypto.certificateAuthority().issue(new IssueRequest(otherKeys.getPublic(), alg,
                    new CertificateSubject("李四", DemoBank.CREDIT_CODE.value(), "1".repeat(64), "MS00000000002"), now.minusSeconds(60),
                    now.plus(Duration.ofDays(365 * 5)), "artifacts-revoked-" + name + "-" + run));
            crypto.certificateAuthority().revoke(revoked.getSerialNumber(), RevocationReason.KEY_COMPROMISE, now.minusSeconds(30));
            byte[] crl = crypto.certificateAuthority().crl(alg.family());
            byte[] data = ("MobileShield " + name + " sample data, signed " + now).getBytes(StandardCharsets.UTF_8);
            SignatureScheme scheme = alg.defaultScheme();
            byte[] p7s = crypto.signatures().signCms(RawSigner.of(scheme,
                    bytes -> twoParty != null ? twoParty.sign(bytes) : phone.sign(leafKeys, scheme, bytes)), leaf, chain, data, now);
            write(dir, name + "-root.pem", pem("CERTIFICATE", der(chain.get(chain.size() - 1))), written);
            write(dir, name + "-issuing.pem", pem("CERTIFICATE", der(chain.get(0))), written);
            write(dir, name + "-leaf.pem", pem("CERTIFICATE", der(leaf)), written);
            write(dir, name + "-revoked.pem", pem("CERTIFICATE", der(revoked)), written);
            write(dir, name + "-crl.pem", pem("X509 CRL", crl), written);
            write(dir, name + "-data.bin", data, written);
            write(dir, name + "-data.p7s", p7s, written);
        }
        return written;
    }

    /** SM2 data is signed by the two-party protocol: a phone share and the bank's share in its key storage. */
    private static final class TwoParty {
        final io.mshield.crypto.twoparty.Sm2TwoPartyPhone phone = new io.mshield.crypto.twoparty.Sm2TwoPartyPhone(
                new java.security.SecureRandom(), "1234567812345678");
        final io.mshield.crypto.twoparty.Sm2TwoPartyPhone.Share share = phone.newShare();
        final io.mshield.crypto.CollaborativeSm2 bank;
        final io.mshield.crypto.CollaborativeSm2.SharedKey key;

        TwoParty(ShieldCrypto crypto) {
            bank = crypto.keyStorage().collaborativeSm2().orElseThrow();
            key = bank.generateShare(share.p1());
        }

        byte[] sign(byte[] data) {
            var round = phone.startRound();
            var c = bank.coSign(key.share(), bank.digest(key.publicKey(), data), round.q1());
            return phone.finish(share, round, c.r(), c.s2(), c.s3());
        }
    }

    static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    static void write(Path dir, String file, byte[] content, List<String> written) {
        try {
            Files.write(dir.resolve(file), content);
            written.add(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes what {@code openssl ts -verify} needs to check an evidence's time-stamp token:
     * {@code evidence-NAME.sig} (the signature value the token covers), {@code evidence-NAME.tst}
     * (the DER TimeStampToken) and {@code tsa-NAME-chain.pem} (the unit, its issuing CA, the root).
     *
     * @param dir      the directory
     * @param name     {@code p256} or {@code sm2}
     * @param cms      the evidence's CMS, with its signature-time-stamp token
     * @param tsaChain the time-stamping unit's chain
     * @return the files written
     */
    static List<String> writeTimeStamp(Path dir, String name, byte[] cms, List<X509Certificate> tsaChain) {
        List<String> written = new java.util.ArrayList<>();
        try {
            org.bouncycastle.cms.SignerInformation si = new org.bouncycastle.cms.CMSSignedData(cms).getSignerInfos().getSigners()
                    .iterator().next();
            org.bouncycastle.asn1.cms.Attribute token = si.getUnsignedAttributes()
                    .get(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
            write(dir, "evidence-" + name + ".sig", si.getSignature(), written);
            write(dir, "evidence-" + name + ".tst", token.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded("DER"), written);
            java.io.ByteArrayOutputStream chain = new java.io.ByteArrayOutputStream();
            for (X509Certificate c : tsaChain) {
                chain.write(pem("CERTIFICATE", c.getEncoded()));
            }
            write(dir, "tsa-" + name + "-chain.pem", chain.toByteArray(), written);
            return written;
        } catch (org.bouncycastle.cms.CMSException | IOException | CertificateEncodingException e) {
            throw new IllegalStateException("the evidence's time-stamp token cannot be written", e);
        }
    }
}
