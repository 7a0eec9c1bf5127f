package io.mshield.crypto.internal.csr;

import java.util.Objects;
import java.util.Optional;

/**
 * A walk over the tag-length-value structure of DER bytes, iterative and bounded, that rejects
 * what a strict DER parser must: indefinite lengths, non-minimal lengths, lengths beyond the
 * enclosing value, constructed BIT STRING and OCTET STRING, nesting deeper than a limit, and
 * anything after the single outer value. It runs before BouncyCastle parses the bytes, so a
 * hostile input cannot drive the parser's recursion or its allocations.
 */
public final class DerShape {
    private DerShape() {
    }

    /**
     * Checks the shape.
     *
     * @param der      the bytes
     * @param maxDepth the deepest nesting of constructed values allowed (the outer value is 1)
     * @return empty when well-formed, else why not
     */
    public static Optional<String> problem(byte[] der, int maxDepth) {
        Objects.requireNonNull(der, "der");
        if (der.length < 2) {
            return Optional.of("too short");
        }
        int[] ends = new int[maxDepth + 1];
        int depth = 0;
        ends[0] = der.length;
        int pos = 0;
        boolean first = true;
        while (true) {
            while (depth > 0 && pos == ends[depth]) {
                depth--;
            }
            if (pos == ends[depth]) {
                return depth == 0 && !first ? Optional.empty() : Optional.of("empty input");
            }
            if (depth == 0 && !first) {
                return Optional.of("data after the outer value");
            }
            first = false;
            int tag = der[pos++] & 0xff;
            boolean constructed = (tag & 0x20) != 0;
            if ((tag & 0x1f) == 0x1f) {
                int bytes = 0;
                int b;
                do {
                    if (pos >= ends[depth]) {
                        return Optional.of("truncated tag");
                    }
                    b = der[pos++] & 0xff;
                    if (bytes == 0 && b == 0x80) {
                        return Optional.of("non-minimal tag number");
                    }
                    if (++bytes > 4) {
                        return Optional.of("tag number too large");
                    }
                } while ((b & 0x80) != 0);
            } else if ((tag == 0x23 || tag == 0x24) && constructed) {
                return Optional.of("constructed BIT STRING or OCTET STRING");
            }
            if (pos >= ends[depth]) {
                return Optional.of("truncated length");
            }
            int lengthByte = der[pos++] & 0xff;
            long length;
            if (lengthByte < 0x80) {
                length = lengthByte;
            } else if (lengthByte == 0x80) {
                return Optional.of("indefinite length");
            } else {
                int count = lengthByte & 0x7f;
                if (count > 4) {
                    return Optional.of("length too large");
                }
                if (ends[depth] - pos < count) {
                    return Optional.of("truncated length");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (der[pos++] & 0xff);
                }
                if (length < 0x80 || length >> (8 * (count - 1)) == 0) {
                    return Optional.of("non-minimal length");
                }
            }
            if (length > ends[depth] - pos) {
                return Optional.of("length beyond the enclosing value");
            }
            int end = pos + (int) length;
            if (constructed) {
                if (depth + 1 > maxDepth) {
                    return Optional.of("nested too deeply");
                }
                ends[++depth] = end;
            } else {
                pos = end;
            }
        }
    }
}
