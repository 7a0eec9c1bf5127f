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
    private static final int INDEFINITE = -1;

    private DerShape() {
    }

    /**
     * Checks the shape of DER.
     *
     * @param der      the bytes
     * @param maxDepth the deepest nesting of constructed values allowed (the outer value is 1)
     * @return empty when well-formed, else why not
     */
    public static Optional<String> problem(byte[] der, int maxDepth) {
        return problem(der, maxDepth, false);
    }

    /**
     * Checks the shape of DER, or of BER's indefinite-length form when allowed (CMS made by a
     * streaming encoder uses it): an indefinite length must be on a constructed value and be
     * closed by an end-of-contents marker inside the enclosing value; an end-of-contents marker
     * anywhere else is refused.
     *
     * @param der             the bytes
     * @param maxDepth        the deepest nesting of constructed values allowed (the outer value is 1)
     * @param allowIndefinite whether indefinite lengths are accepted
     * @return empty when well-formed, else why not
     */
    public static Optional<String> problem(byte[] der, int maxDepth, boolean allowIndefinite) {
        Objects.requireNonNull(der, "der");
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1");
        }
        if (der.length < 2) {
            return Optional.of("too short");
        }
        // ends[d] is the end of the value open at depth d, or INDEFINITE; limits[d] is the
        // nearest definite end at or above d, which no inner value may cross.
        int[] ends = new int[maxDepth + 1];
        int[] limits = new int[maxDepth + 1];
        int depth = 0;
        ends[0] = der.length;
        limits[0] = der.length;
        int pos = 0;
        boolean first = true;
        while (true) {
            while (depth > 0 && ends[depth] != INDEFINITE && pos == ends[depth]) {
                depth--;
            }
            int limit = limits[depth];
            if (depth == 0 && pos == ends[0]) {
                return !first ? Optional.empty() : Optional.of("empty input");
            }
            if (pos == limit) {
                return Optional.of("missing end-of-contents");
            }
            if (depth == 0 && !first) {
                return Optional.of("data after the outer value");
            }
            first = false;
            if (ends[depth] == INDEFINITE && limit - pos >= 2 && der[pos] == 0 && der[pos + 1] == 0) {
                pos += 2;
                depth--;
                continue;
            }
            int tag = der[pos++] & 0xff;
            boolean constructed = (tag & 0x20) != 0;
            if (tag == 0) {
                return Optional.of("unexpected end-of-contents or tag zero");
            }
            if ((tag & 0x1f) == 0x1f) {
                int bytes = 0;
                int b;
                do {
                    if (pos >= limit) {
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
            } else if ((tag == 0x23 || tag == 0x24) && constructed && !allowIndefinite) {
                return Optional.of("constructed BIT STRING or OCTET STRING");
            }
            if (pos >= limit) {
                return Optional.of("truncated length");
            }
            int lengthByte = der[pos++] & 0xff;
            long length;
            if (lengthByte < 0x80) {
                length = lengthByte;
            } else if (lengthByte == 0x80) {
                if (!allowIndefinite) {
                    return Optional.of("indefinite length");
                }
                if (!constructed) {
                    return Optional.of("indefinite length on a primitive value");
                }
                if (depth + 1 > maxDepth) {
                    return Optional.of("nested too deeply");
                }
                depth++;
                ends[depth] = INDEFINITE;
                limits[depth] = limit;
                continue;
            } else {
                int count = lengthByte & 0x7f;
                if (count > 4) {
                    return Optional.of("length too large");
                }
                if (limit - pos < count) {
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
            if (length > limit - pos) {
                return Optional.of("length beyond the enclosing value");
            }
            int end = pos + (int) length;
            if (constructed) {
                if (depth + 1 > maxDepth) {
                    return Optional.of("nested too deeply");
                }
                depth++;
                ends[depth] = end;
                limits[depth] = end;
            } else {
                pos = end;
            }
        }
    }
}
