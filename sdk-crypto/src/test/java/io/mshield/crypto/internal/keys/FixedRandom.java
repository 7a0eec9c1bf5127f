package io.mshield.crypto.internal.keys;

import java.security.SecureRandom;

/** A "random" source that returns given bytes, to reproduce published examples with a fixed k. */
final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    private final byte[] value;
    private int position;

    FixedRandom(byte[] value) {
        this.value = value.clone();
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        if (position + bytes.length > value.length) {
            throw new IllegalStateException("fixed random exhausted");
        }
        System.arraycopy(value, position, bytes, 0, bytes.length);
        position += bytes.length;
    }
}
