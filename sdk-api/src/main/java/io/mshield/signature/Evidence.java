package io.mshield.signature;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to check one signature offline, years later (R6.6): the content, the
 * detached CMS (which carries the signing time and the signer's certificate), the chain up to
 * the root, and the revocation data valid at signing time.
 *
 * @param signatureId   the signature's id in the history
 * @param content       the signed content (canonical transaction bytes); copied
 * @param cms           the DER detached CMS SignedData; copied
 * @param chain         DER certificates: the signer, the issuing CA, the root; copied
 * @param revocationData DER CRLs or OCSP responses valid at the signing time; copied
 */
public record Evidence(String signatureId, byte[] content, byte[] cms, List<byte[]> chain, List<byte[]> revocationData) {
    /**
     * Validates and copies.
     * @param signatureId the signature's id in the history
     * @param content the signed content (canonical transaction bytes); copied
     * @param cms the DER detached CMS SignedData; copied
     * @param chain DER certificates: the signer, the issuing CA, the root; copied
     * @param revocationData DER CRLs or OCSP responses valid at the signing time; copied
     */
    public Evidence {
        Objects.requireNonNull(signatureId, "signatureId");
        content = Objects.requireNonNull(content, "content").clone();
        cms = Objects.requireNonNull(cms, "cms").clone();
        chain = Objects.requireNonNull(chain, "chain").stream().map(byte[]::clone).toList();
        revocationData = Objects.requireNonNull(revocationData, "revocationData").stream().map(byte[]::clone).toList();
    }

    /**
     * The content.
     *
     * @return a copy
     */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /**
     * The CMS.
     *
     * @return a copy
     */
    @Override
    public byte[] cms() {
        return cms.clone();
    }

    /**
     * The chain.
     *
     * @return copies
     */
    @Override
    public List<byte[]> chain() {
        return chain.stream().map(byte[]::clone).toList();
    }

    /**
     * The revocation data.
     *
     * @return copies
     */
    @Override
    public List<byte[]> revocationData() {
        return revocationData.stream().map(byte[]::clone).toList();
    }

    /**
     * The evidence as one self-contained text file of PEM blocks, for archiving and for checks
     * without this SDK: a first line {@code signature-id: ID}, then the content
     * ({@code MSHIELD CONTENT}), the CMS with its time-stamp token ({@code CMS}, which
     * {@code openssl cms -inform PEM} reads), the chain ({@code CERTIFICATE}, signer first) and the
     * revocation data ({@code X509 CRL}). docs/evidence.md shows the offline check.
     *
     * @return the bundle, US-ASCII
     */
    public byte[] bundle() {
        StringBuilder sb = new StringBuilder("signature-id: ").append(signatureId).append('\n');
        pem(sb, CONTENT_LABEL, content);
        pem(sb, CMS_LABEL, cms);
        chain.forEach(c -> pem(sb, CERTIFICATE_LABEL, c));
        revocationData.forEach(c -> pem(sb, CRL_LABEL, c));
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Reads a bundle made by {@link #bundle()}.
     *
     * @param bundle the bundle
     * @return the evidence
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#INVALID_ARGUMENT} when it is not such a bundle
     */
    public static Evidence fromBundle(byte[] bundle) {
        Objects.requireNonNull(bundle, "bundle");
        String text = new String(bundle, java.nio.charset.StandardCharsets.US_ASCII);
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\\Asignature-id: ([^\\n]{1,128})\n").matcher(text);
        if (!id.find()) {
            throw invalidBundle("it does not start with a signature-id line");
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "-----BEGIN ([A-Z0-9 ]{1,40})-----\n([A-Za-z0-9+/=\n]*)-----END \\1-----\n").matcher(text);
        byte[] content = null;
        byte[] cms = null;
        java.util.List<byte[]> chain = new java.util.ArrayList<>();
        java.util.List<byte[]> revocation = new java.util.ArrayList<>();
        int at = id.end();
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw invalidBundle("unexpected text at offset " + at);
            }
            byte[] der;
            try {
                der = java.util.Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw invalidBundle("a block is not Base64");
            }
            switch (m.group(1)) {
                case CONTENT_LABEL -> content = single(content, der, CONTENT_LABEL);
                case CMS_LABEL -> cms = single(cms, der, CMS_LABEL);
                case CERTIFICATE_LABEL -> chain.add(der);
                case CRL_LABEL -> revocation.add(der);
                default -> throw invalidBundle("unknown block " + m.group(1));
            }
            at = m.end();
        }
        if (content == null || cms == null || chain.isEmpty()) {
            throw invalidBundle("it lacks the content, the CMS or the chain");
        }
        return new Evidence(id.group(1), content, cms, chain, revocation);
    }

    private static final String CONTENT_LABEL = "MSHIELD CONTENT";
    private static final String CMS_LABEL = "CMS";
    private static final String CERTIFICATE_LABEL = "CERTIFICATE";
    private static final String CRL_LABEL = "X509 CRL";

    private static byte[] single(byte[] existing, byte[] der, String label) {
        if (existing != null) {
            throw invalidBundle("more than one " + label + " block");
        }
        return der;
    }

    private static io.mshield.ShieldException invalidBundle(String why) {
        return new io.mshield.ShieldException(io.mshield.ErrorCode.INVALID_ARGUMENT, "not an evidence bundle: " + why);
    }

    private static void pem(StringBuilder sb, String label, byte[] der) {
        sb.append("-----BEGIN ").append(label).append("-----\n")
                .append(java.util.Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der));
        if (der.length > 0) {
            sb.append('\n');
        }
        sb.append("-----END ").append(label).append("-----\n");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Evidence e && signatureId.equals(e.signatureId) && Arrays.equals(content, e.content)
                && Arrays.equals(cms, e.cms) && Arrays.deepEquals(chain.toArray(), e.chain.toArray())
                && Arrays.deepEquals(revocationData.toArray(), e.revocationData.toArray());
    }

    @Override
    public int hashCode() {
        return Objects.hash(signatureId, Arrays.hashCode(content), Arrays.hashCode(cms));
    }

    @Override
    public String toString() {
        return "Evidence[signatureId=" + signatureId + ", content=" + content.length + " bytes, cms=" + cms.length
                + " bytes, chain=" + chain.size() + ", revocationData=" + revocationData.size() + "]";
    }
}
