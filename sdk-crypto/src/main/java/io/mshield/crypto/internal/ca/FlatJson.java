package io.mshield.crypto.internal.ca;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CA's stored documents: one flat JSON object of string values, so that a bank reading the
 * database sees JSON like the engine's documents, without a JSON library in sdk-crypto.
 */
public final class FlatJson {
    private FlatJson() {
    }

    /**
     * Writes an object.
     *
     * @param fields name → value; null values are left out
     * @return UTF-8 JSON
     */
    public static byte[] write(Map<String, String> fields) {
        StringBuilder b = new StringBuilder("{");
        new TreeMap<>(fields).forEach((k, v) -> {
            if (v == null) {
                return;
            }
            if (b.length() > 1) {
                b.append(',');
            }
            quote(b, k).append(':');
            quote(b, v);
        });
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"');
    }

    /**
     * Reads an object written by {@link #write}.
     *
     * @param json UTF-8 JSON
     * @return name → value
     * @throws ShieldException {@link ErrorCode#PERSISTENCE_FAILURE} when it is not such an object
     */
    public static Map<String, String> read(byte[] json) {
        String s = new String(json, StandardCharsets.UTF_8).strip();
        Map<String, String> out = new TreeMap<>();
        int[] at = {0};
        expect(s, at, '{');
        if (peek(s, at) == '}') {
            at[0]++;
        } else {
            while (true) {
                String k = string(s, at);
                expect(s, at, ':');
                out.put(k, string(s, at));
                char c = next(s, at);
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw damaged();
                }
            }
        }
        if (at[0] != s.length()) {
            throw damaged();
        }
        return out;
    }

    private static char peek(String s, int[] at) {
        while (at[0] < s.length() && Character.isWhitespace(s.charAt(at[0]))) {
            at[0]++;
        }
        if (at[0] >= s.length()) {
            throw damaged();
        }
        return s.charAt(at[0]);
    }

    private static char next(String s, int[] at) {
        char c = peek(s, at);
        at[0]++;
        return c;
    }

    private static void expect(String s, int[] at, char c) {
        if (next(s, at) != c) {
            throw damaged();
        }
    }

    private static String string(String s, int[] at) {
        expect(s, at, '"');
        StringBuilder b = new StringBuilder();
        while (true) {
            if (at[0] >= s.length()) {
                throw damaged();
            }
            char c = s.charAt(at[0]++);
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (at[0] >= s.length()) {
                throw damaged();
            }
            char e = s.charAt(at[0]++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'u' -> {
                    if (at[0] + 4 > s.length()) {
                        throw damaged();
                    }
                    try {
                        b.append((char) Integer.parseInt(s.substring(at[0], at[0] + 4), 16));
                    } catch (NumberFormatException x) {
                        throw damaged();
                    }
                    at[0] += 4;
                }
                default -> throw damaged();
            }
        }
    }

    private static ShieldException damaged() {
        return new ShieldException(ErrorCode.PERSISTENCE_FAILURE, "a stored CA record is not the CA's JSON");
    }
}
