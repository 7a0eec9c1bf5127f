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
