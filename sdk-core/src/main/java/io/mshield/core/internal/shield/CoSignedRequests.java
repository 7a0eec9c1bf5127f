package io.mshield.core.internal.shield;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * COLLABORATIVE certificate requests (R10.6): the bank co-signs a CertificationRequestInfo it
 * hashed itself and later accepts only the CSR whose to-be-signed part is exactly those bytes —
 * at enrollment and at renewal.
 */
public final class CoSignedRequests {
    private CoSignedRequests() {
    }

    /**
     * SHA-256, hex.
     *
     * @param b the bytes
     * @return lowercase hex
     */
    public static String sha256Hex(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * Whether the CSR's first element (after the outer SEQUENCE header) hashes to what was co-signed.
     *
     * @param csr          the DER CSR
     * @param expectedHash the SHA-256 of the co-signed CertificationRequestInfo, hex
     * @return true when it is that request
     */
    public static boolean containsRequestInfo(byte[] csr, String expectedHash) {
        if (csr.length < 4 || csr[0] != 0x30) {
            return false;
        }
        int offset = (csr[1] & 0x80) == 0 ? 2 : 2 + (csr[1] & 0x7f);
        if (offset + 1 >= csr.length || csr[offset] != 0x30) {
            return false;
        }
        int lenByte = csr[offset + 1] & 0xff;
        int header = 2;
        int length;
        if (lenByte < 0x80) {
            length = lenByte;
        } else {
            int n = lenByte & 0x7f;
            if (n < 1 || n > 3 || offset + 2 + n > csr.length) {
                return false;
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | (csr[offset + 2 + i] & 0xff);
            }
            header += n;
        }
        if (offset + header + length > csr.length) {
            return false;
        }
        byte[] info = Arrays.copyOfRange(csr, offset, offset + header + length);
        return MessageDigest.isEqual(HexFormat.of().parseHex(sha256Hex(info)), HexFormat.of().parseHex(expectedHash));
    }
}
