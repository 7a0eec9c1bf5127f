package io.mshield.crypto.internal.keys;

import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.internal.Bc;
import io.mshield.crypto.internal.Signatures;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Published known answers, reproduced exactly: SM3 (GB/T 32905 Appendix A), SM2 signatures on the
 * example curve of GB/T 32918.2 Annex A and on the recommended curve sm2p256v1 (GM/T 0003.5 /
 * GB/T 32918.5 Annex A), SM2 encryption on sm2p256v1 (GM/T 0003.5 Annex C), and Ed25519
 * (RFC 8032 section 7.1, TEST 1–3).
 */
@DisplayName("R10.1 known answers: SM3, SM2 (GB/T 32918, GM/T 0003.5), Ed25519 (RFC 8032)")
class KnownAnswerTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] MESSAGE_DIGEST = "message digest".getBytes(StandardCharsets.US_ASCII);

    private static byte[] hex(String value) {
        return HEX.parseHex(value.replace(" ", ""));
    }

    private static BigInteger big(String value) {
        return new BigInteger(value.replace(" ", ""), 16);
    }

    /** Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) of GB/T 32918.2 §5.5. */
    private static byte[] za(byte[] id, ECDomainParameters domain, ECPoint publicKey) {
        SM3Digest digest = new SM3Digest();
        int bits = id.length * 8;
        digest.update((byte) (bits >> 8));
        digest.update((byte) bits);
        digest.update(id, 0, id.length);
        ECPoint g = domain.getG().normalize();
        ECPoint q = publicKey.normalize();
        for (byte[] part : new byte[][]{
                domain.getCurve().getA().getEncoded(), domain.getCurve().getB().getEncoded(),
                g.getAffineXCoord().getEncoded(), g.getAffineYCoord().getEncoded(),
                q.getAffineXCoord().getEncoded(), q.getAffineYCoord().getEncoded()}) {
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    private static BigInteger[] sign(SM2Signer signer, byte[] message) throws Exception {
        signer.update(message, 0, message.length);
        ASN1Sequence sequence = ASN1Sequence.getInstance(signer.generateSignature());
        return new BigInteger[]{ASN1Integer.getInstance(sequence.getObjectAt(0)).getValue(),
                ASN1Integer.getInstance(sequence.getObjectAt(1)).getValue()};
    }

    private static byte[] der(BigInteger r, BigInteger s) throws java.io.IOException {
        return new DERSequence(new ASN1Integer[]{new ASN1Integer(r), new ASN1Integer(s)}).getEncoded(ASN1Encoding.DER);
    }

    private static byte[] sm3(byte[]... parts) throws Exception {
        MessageDigest sm3 = MessageDigest.getInstance("SM3", Bc.provider());
        for (byte[] part : parts) {
            sm3.update(part);
        }
        return sm3.digest();
    }

    @Test
    @DisplayName("R10.1 SM3 (GB/T 32905 A.1, A.2): \"abc\" and \"abcd\"×16")
    void sm3() throws Exception {
        assertThat(HEX.formatHex(sm3("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
        assertThat(HEX.formatHex(sm3("abcd".repeat(16).getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
    }

    @Test
    @DisplayName("R10.1 SM2 signature on the GB/T 32918.2 Annex A example curve (ALICE123@YAHOO.COM) with the published k gives the published r, s")
    void sm2ExampleCurve() throws Exception {
        ECCurve curve = new ECCurve.Fp(
                big("8542D69E 4C044F18 E8B92435 BF6FF7DE 45728391 5C45517D 722EDB8B 08F1DFC3"),
                big("787968B4 FA32C3FD 2417842E 73BBFEFF 2F3C848B 6831D7E0 EC65228B 3937E498"),
                big("63E4C6D3 B23B0C84 9CF84241 484BFE48 F61D59A5 B16BA06E 6E12D1DA 27C5249A"),
                big("8542D69E 4C044F18 E8B92435 BF6FF7DD 29772063 0485628D 5AE74EE7 C32E79B7"), BigInteger.ONE);
        ECPoint g = curve.createPoint(
                big("421DEBD6 1B62EAB6 746434EB C3CC315E 32220B3B ADD50BDC 4C4E6C14 7FEDD43D"),
                big("0680512B CBB42C07 D47349D2 153B70C4 E5D7FDFC BFA36EA1 A85841B9 E46E09A2"));
        ECDomainParameters domain = new ECDomainParameters(curve, g, curve.getOrder());
        BigInteger d = big("128B2FA8 BD433C6C 068C8D80 3DFF7979 2A519A55 171B1B65 0C23661D 15897263");
        ECPoint publicKey = g.multiply(d).normalize();
        byte[] id = "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII);

        assertThat(publicKey.getAffineXCoord().toBigInteger()).isEqualTo(big("0AE4C779 8AA0F119 471BEE11 825BE462 02BB79E2 A5844495 E97C04FF 4DF2548A"));
        assertThat(publicKey.getAffineYCoord().toBigInteger()).isEqualTo(big("7C0240F8 8F1CD4E1 6352A73C 17B7F16F 07353E53 A176D684 A9FE0C6B B798E857"));
        assertThat(za(id, domain, publicKey)).isEqualTo(hex("F4A38489 E32B45B6 F876E3AC 2168CA39 2362DC8F 23459C1D 1146FC3D BFB7BC9A"));

        SM2Signer signer = new SM2Signer();
        signer.init(true, new ParametersWithID(new ParametersWithRandom(new ECPrivateKeyParameters(d, domain),
                new FixedRandom(hex("6CB28D99 385C175C 94F94E93 4817663F C176D925 DD72B727 260DBAAE 1FB2F96F"))), id));
        BigInteger[] rs = sign(signer, MESSAGE_DIGEST);
        assertThat(rs[0]).isEqualTo(big("40F1EC59 F793D9F4 9E09DCEF 49130D41 94F79FB1 EED2CAA5 5BACDB49 C4E755D1"));
        assertThat(rs[1]).isEqualTo(big("6FC6DAC3 2C5D5CF1 0C77DFB2 0F7C2EB6 67A45787 2FB09EC5 6327A67E C7DEEBE7"));

        signer.init(false, new ParametersWithID(new ECPublicKeyParameters(publicKey, domain), id));
        signer.update(MESSAGE_DIGEST, 0, MESSAGE_DIGEST.length);
        assertThat(signer.verifySignature(der(rs[0], rs[1]))).isTrue();
    }

    /** The private key d_B of GM/T 0003.5 Annex A and C on sm2p256v1. */
    private static final BigInteger RECOMMENDED_D = big("3945208F 7B2144B1 3F36E38A C6D39F95 88939369 2860B51A 42FB81EF 4DF7C5B8");
    /** The k of the same annexes. */
    private static final byte[] RECOMMENDED_K = hex("59276E27 D506861A 16680F3A D9C02DCC EF3CC1FA 3CDBE4CE 6D54B80D EAC1BC21");

    private static ECDomainParameters sm2p256v1() {
        X9ECParameters x9 = GMNamedCurves.getByName(KeyAlgorithms.SM2_CURVE);
        return new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
    }

    private static KeyFactory ecKeys() throws Exception {
        return KeyFactory.getInstance("EC", Bc.provider());
    }

    private static ECNamedCurveParameterSpec sm2Spec() {
        return org.bouncycastle.jce.ECNamedCurveTable.getParameterSpec(KeyAlgorithms.SM2_CURVE);
    }

    @Test
    @DisplayName("R10.1 SM2 signature on sm2p256v1 (GM/T 0003.5 Annex A, ID 1234567812345678) is reproduced and verifies through Signatures")
    void sm2RecommendedCurve() throws Exception {
        ECDomainParameters domain = sm2p256v1();
        ECPoint publicKey = domain.getG().multiply(RECOMMENDED_D).normalize();
        assertThat(publicKey.getAffineXCoord().toBigInteger()).isEqualTo(big("09F9DF31 1E5421A1 50DD7D16 1E4BC5C6 72179FAD 1833FC07 6BB08FF3 56F35020"));
        assertThat(publicKey.getAffineYCoord().toBigInteger()).isEqualTo(big("CCEA490C E26775A5 2DC6EA71 8CC1AA60 0AED05FB F35E084A 6632F607 2DA9AD13"));
        byte[] id = Signatures.DEFAULT_SM2_USER_ID.getBytes(StandardCharsets.US_ASCII);
        byte[] z = za(id, domain, publicKey);
        assertThat(z).isEqualTo(hex("B2E14C5C 79C6DF5B 85F4FE7E D8DB7A26 2B9DA7E0 7CCB0EA9 F4747B8C CDA8A4F3"));
        assertThat(sm3(z, MESSAGE_DIGEST)).isEqualTo(hex("F0B43E94 BA45ACCA ACE692ED 534382EB 17E6AB5A 19CE7B31 F4486FDF C0D28640"));

        SM2Signer signer = new SM2Signer();
        signer.init(true, new ParametersWithID(new ParametersWithRandom(new ECPrivateKeyParameters(RECOMMENDED_D, domain),
                new FixedRandom(RECOMMENDED_K)), id));
        BigInteger[] rs = sign(signer, MESSAGE_DIGEST);
        BigInteger r = big("F5A03B06 48D2C463 0EEAC513 E1BB81A1 5944DA38 27D5B741 43AC7EAC EEE720B3");
        BigInteger s = big("B1B6AA29 DF212FD8 763182BC 0D421CA1 BB9038FD 1F7F42D4 840B69C4 85BBC1AA");
        assertThat(rs).containsExactly(r, s);

        PublicKey jcaKey = ecKeys().generatePublic(new ECPublicKeySpec(publicKey, sm2Spec()));
        byte[] der = der(r, s);
        Signatures signatures = Signatures.withDefaultUserId();
        assertThat(signatures.verify(jcaKey, SignatureScheme.SM2_SM3, MESSAGE_DIGEST, der)).isTrue();
        assertThat(signatures.verify(jcaKey, SignatureScheme.SM2_SM3, "message digesT".getBytes(StandardCharsets.US_ASCII), der)).isFalse();
        assertThat(new Signatures("ALICE123@YAHOO.COM").verify(jcaKey, SignatureScheme.SM2_SM3, MESSAGE_DIGEST, der)).isFalse();
    }

    @Test
    @DisplayName("R7.4 SM2 encryption on sm2p256v1 (GM/T 0003.5 Annex C, \"encryption standard\") is reproduced in C1C3C2 and decrypts")
    void sm2Encryption() throws Exception {
        byte[] expected = hex("04"
                + "04EBFC71 8E8D1798 62043226 8E77FEB6 415E2EDE 0E073C0F 4F640ECD 2E149A73"
                + "E858F9D8 1E5430A5 7B36DAAB 8F950A3C 64E6EE6A 63094D99 283AFF76 7E124DF0"
                + "59983C18 F809E262 923C53AE C295D303 83B54E39 D609D160 AFCB1908 D0BD8766"
                + "21886CA9 89CA9C7D 58087307 CA93092D 651EFA");
        byte[] plaintext = "encryption standard".getBytes(StandardCharsets.US_ASCII);
        ECDomainParameters domain = sm2p256v1();
        PublicKey publicKey = ecKeys().generatePublic(new ECPublicKeySpec(domain.getG().multiply(RECOMMENDED_D), sm2Spec()));
        PrivateKey privateKey = ecKeys().generatePrivate(new ECPrivateKeySpec(RECOMMENDED_D, sm2Spec()));

        assertThat(Sm2Encryption.encrypt(publicKey, plaintext, new FixedRandom(RECOMMENDED_K))).isEqualTo(expected);
        assertThat(Sm2Encryption.decrypt(privateKey, expected)).isEqualTo(plaintext);
        assertThat(KeyAlgorithms.identify(publicKey)).contains(io.mshield.crypto.KeyAlgorithm.SM2);
    }

    @ParameterizedTest(name = "RFC 8032 7.1 {0}")
    @CsvSource({
        "TEST 1, 9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60, d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '', e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        "TEST 2, 4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb, 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72, 92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        "TEST 3, c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7, fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025, af82, 6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"})
    @DisplayName("R10.1 Ed25519 signatures are exactly those of RFC 8032")
    void ed25519(String name, String secret, String publicKey, String message, String signature) throws Exception {
        Ed25519PrivateKeyParameters parameters = new Ed25519PrivateKeyParameters(hex(secret), 0);
        assertThat(HEX.formatHex(parameters.generatePublicKey().getEncoded())).as(name).isEqualTo(publicKey);
        KeyFactory keys = KeyFactory.getInstance("Ed25519", Bc.provider());
        PrivateKey privateKey = keys.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(
                PrivateKeyInfoFactory.createPrivateKeyInfo(parameters).getEncoded()));
        PublicKey jcaPublic = keys.generatePublic(new java.security.spec.X509EncodedKeySpec(
                org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(parameters.generatePublicKey()).getEncoded()));
        Signatures signatures = Signatures.withDefaultUserId();
        byte[] produced = signatures.sign(privateKey, SignatureScheme.ED25519, hex(message));
        assertThat(HEX.formatHex(produced)).isEqualTo(signature);
        assertThat(signatures.verify(jcaPublic, SignatureScheme.ED25519, hex(message), produced)).isTrue();
    }
}
