package io.mshield.crypto.vectors;

import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.internal.Bc;
import io.mshield.crypto.internal.Signatures;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** Published examples that nobody here wrote, reproduced exactly. */
class KnownAnswerTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @CsvSource({
            "abc, 1, 66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
            "abcd, 16, debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"})
    @DisplayName("R10.1 SM3: the examples of GB/T 32905 Annex A")
    void sm3(String unit, int repeat, String digest) throws Exception {
        byte[] msg = unit.repeat(repeat).getBytes(StandardCharsets.US_ASCII);
        assertThat(HEX.formatHex(MessageDigest.getInstance("SM3", Bc.provider()).digest(msg))).isEqualTo(digest);
    }

    @ParameterizedTest
    @CsvSource({
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60, d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '',"
                    + " e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb, 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72,"
                    + " 92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"})
    @DisplayName("R10.1 Ed25519: RFC 8032 section 7.1, TEST 1 and TEST 2, signed and verified exactly")
    void ed25519(String secret, String publicKey, String message, String signature) throws Exception {
        KeyFactory kf = KeyFactory.getInstance("Ed25519", Bc.provider());
        PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(HEX.parseHex("302e020100300506032b657004220420" + secret)));
        PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(HEX.parseHex("302a300506032b6570032100" + publicKey)));
        byte[] msg = message == null ? new byte[0] : HEX.parseHex(message);
        Signatures s = Signatures.withDefaultUserId();
        assertThat(HEX.formatHex(s.sign(priv, SignatureScheme.ED25519, msg))).isEqualTo(signature);
        assertThat(s.verify(pub, SignatureScheme.ED25519, msg, HEX.parseHex(signature))).isTrue();
    }
}
