package io.mshield.crypto.internal.keys;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Random key aliases and storage ids. An alias is a prefix that tells the kind of key and 128
 * random bits in hex, so aliases reveal nothing and never collide in practice.
 */
public final class Aliases {
    /** Prefix of key-pair aliases. */
    public static final String KEY_PAIR_PREFIX = "kp-";
    /** Prefix of MAC-key aliases. */
    public static final String MAC_PREFIX = "mac-";
    /** The prefix of a two-party SM2 share's storage entry. */
    public static final String SHARE_PREFIX = "sh-";
    /** How many random bytes an alias carries unless told otherwise. */
    public static final int DEFAULT_RANDOM_BYTES = 16;

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private Aliases() {
    }

    /**
     * A new random alias.
     *
     * @param prefix {@link #KEY_PAIR_PREFIX} or {@link #MAC_PREFIX}
     * @param random the randomness source
     * @return the alias
     */
    public static String random(String prefix, SecureRandom random) {
        return random(prefix, random, DEFAULT_RANDOM_BYTES);
    }

    /**
     * A new random alias with a given number of random bytes.
     *
     * @param prefix      the prefix
     * @param random      the randomness source
     * @param randomBytes how many random bytes (hex-encoded after the prefix)
     * @return the alias
     */
    public static String random(String prefix, SecureRandom random, int randomBytes) {
        Objects.requireNonNull(prefix, "prefix");
        byte[] bytes = new byte[randomBytes];
        random.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    /**
     * Whether a string may serve as a storage id or alias in a {@link io.mshield.crypto.KeyHandle}.
     *
     * @param value the candidate
     * @return true when it is 1–128 characters of {@code [A-Za-z0-9._:-]}
     */
    public static boolean isValidToken(String value) {
        return value != null && TOKEN.matcher(value).matches();
    }
}
