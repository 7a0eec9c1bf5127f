package io.mshield.crypto.internal.keys;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

import java.util.Objects;

/**
 * HMAC (RFC 2104) with SM3 (GB/T 32905): a 32-byte tag.
 */
public final class HmacSm3 {
    /** Tag length in bytes. */
    public static final int TAG_LENGTH = 32;

    private HmacSm3() {
    }

    /**
     * Computes a tag.
     *
     * @param key  the key, any length
     * @param data the data
     * @return the 32-byte tag
     */
    public static byte[] mac(byte[] key, byte[] data) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(data, "data");
        HMac hmac = new HMac(new SM3Digest());
        hmac.init(new KeyParameter(key));
        hmac.update(data, 0, data.length);
        byte[] tag = new byte[TAG_LENGTH];
        hmac.doFinal(tag, 0);
        hmac.reset();
        return tag;
    }
}
