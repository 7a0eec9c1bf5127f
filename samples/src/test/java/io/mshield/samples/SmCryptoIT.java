package io.mshield.samples;

import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.jce.interfaces.ECPublicKey;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Node's {@code sm-crypto}, an SM2 implementation we did not write, verifies the SM2 CMS signature
 * the demo makes by the two-party protocol (OpenSSL 3.0 cannot verify SM2 CMS).
 */
class SmCryptoIT {
    @TempDir
    static Path dir;
    static Path node;

    @BeforeAll
    static void setUp() throws Exception {
        node = Path.of(System.getProperty("basedir", "."), "target", "node-verify");
        Files.createDirectories(node);
        int installed = run(node, "npm", "install", "--no-audit", "--no-fund", "--silent", "sm-crypto@0.3.13");
        Assumptions.assumeTrue(installed == 0 && Files.isDirectory(node.resolve("node_modules/sm-crypto")),
                "npm could not install sm-crypto; skipping the Node cross-check");
        int status = Demo.run(new String[]{"--out", dir.toString()}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
    }

    static int run(Path cwd, String... cmd) throws Exception {
        try {
            Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(180, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    static String nodeVerify(String messageHex, String signatureHex, String publicKeyHex) throws Exception {
        String script = "const sm2=require('sm-crypto').sm2;"
                + "const m=Array.from(Buffer.from(process.argv[1],'hex'));"
                + "console.log(sm2.doVerifySignature(m,process.argv[2],process.argv[3],{der:true,hash:true,userId:'1234567812345678'}));";
        Process p = new ProcessBuilder(List.of("node", "-e", script, messageHex, signatureHex, publicKeyHex)).directory(node.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    @Test
    @DisplayName("R6.6 sm-crypto verifies the two-party SM2 payment evidence over the canonical bytes, and refuses a changed payment")
    void sm2Evidence() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] content = Files.readAllBytes(dir.resolve("evidence-sm2.bin"));
        CMSSignedData cms = new CMSSignedData(new org.bouncycastle.cms.CMSProcessableByteArray(content), Files.readAllBytes(dir.resolve("evidence-sm2.p7s")));
        SignerInformation si = cms.getSignerInfos().getSigners().iterator().next();
        assertThat(si.getSignedAttributes()).as("the signature covers the content itself").isNull();
        X509CertificateHolder leaf;
        try (PEMParser pem = new PEMParser(new StringReader(Files.readString(dir.resolve("evidence-sm2-leaf.pem"))))) {
            leaf = (X509CertificateHolder) pem.readObject();
        }
        ECPublicKey key = (ECPublicKey) new JcaX509CertificateConverter().setProvider(new BouncyCastleProvider()).getCertificate(leaf).getPublicKey();
        String pub = hex.formatHex(key.getQ().getEncoded(false));
        assertThat(new String(content, StandardCharsets.UTF_8)).startsWith("MSTX/1").contains("20000.00");
        assertThat(nodeVerify(hex.formatHex(content), hex.formatHex(si.getSignature()), pub)).isEqualTo("true");
        byte[] changed = new String(content, StandardCharsets.UTF_8).replace("20000.00", "90000.00").getBytes(StandardCharsets.UTF_8);
        assertThat(nodeVerify(hex.formatHex(changed), hex.formatHex(si.getSignature()), pub)).isEqualTo("false");
    }

    @Test
    @DisplayName("R10.6 sm-crypto verifies the two-party SM2 CMS signature over its signed attributes, and refuses a changed one")
    void sm2Cms() throws Exception {
        HexFormat hex = HexFormat.of();
        CMSSignedData cms = new CMSSignedData(new org.bouncycastle.cms.CMSProcessableByteArray(Files.readAllBytes(dir.resolve("sm2-data.bin"))),
                Files.readAllBytes(dir.resolve("sm2-data.p7s")));
        SignerInformation si = cms.getSignerInfos().getSigners().iterator().next();
        byte[] signedAttributes = ASN1Set.getInstance(si.getSignedAttributes().toASN1Structure()).getEncoded("DER");
        X509CertificateHolder leaf;
        try (PEMParser pem = new PEMParser(new StringReader(Files.readString(dir.resolve("sm2-leaf.pem"))))) {
            leaf = (X509CertificateHolder) pem.readObject();
        }
        ECPublicKey key = (ECPublicKey) new JcaX509CertificateConverter().setProvider(new BouncyCastleProvider()).getCertificate(leaf).getPublicKey();
        String pub = hex.formatHex(key.getQ().getEncoded(false));
        assertThat(nodeVerify(hex.formatHex(signedAttributes), hex.formatHex(si.getSignature()), pub)).isEqualTo("true");
        signedAttributes[signedAttributes.length - 1] ^= 1;
        assertThat(nodeVerify(hex.formatHex(signedAttributes), hex.formatHex(si.getSignature()), pub)).isEqualTo("false");
    }

    @Test
    @DisplayName("R6.6 sm-crypto verifies the SM2 time-stamp token's signature over its signed attributes with the unit's key")
    void sm2TimeStampToken() throws Exception {
        HexFormat hex = HexFormat.of();
        CMSSignedData token = new CMSSignedData(Files.readAllBytes(dir.resolve("evidence-sm2.tst")));
        SignerInformation si = token.getSignerInfos().getSigners().iterator().next();
        byte[] signedAttributes = ASN1Set.getInstance(si.getSignedAttributes().toASN1Structure()).getEncoded("DER");
        X509CertificateHolder unit;
        try (PEMParser pem = new PEMParser(new StringReader(Files.readString(dir.resolve("tsa-sm2-chain.pem"))))) {
            unit = (X509CertificateHolder) pem.readObject();
        }
        assertThat(si.getSID().match(unit)).as("the chain file starts with the unit that signed the token").isTrue();
        ECPublicKey key = (ECPublicKey) new JcaX509CertificateConverter().setProvider(new BouncyCastleProvider()).getCertificate(unit).getPublicKey();
        String pub = hex.formatHex(key.getQ().getEncoded(false));
        assertThat(nodeVerify(hex.formatHex(signedAttributes), hex.formatHex(si.getSignature()), pub)).isEqualTo("true");
        signedAttributes[signedAttributes.length - 1] ^= 1;
        assertThat(nodeVerify(hex.formatHex(signedAttributes), hex.formatHex(si.getSignature()), pub)).isEqualTo("false");
    }
}
