package io.mshield.crypto.keys;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A SecureRandom that remembers every block of 32 bytes or more it hands out. Private scalars,
 * Ed25519 seeds and MAC keys of the software storages are such blocks, so a test can check that
 * none of them shows up anywhere it must not.
 */
final class RecordingRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    private final SecureRandom delegate = new SecureRandom();
    private final transient List<byte[]> blocks = new ArrayList<>();

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        delegate.nextBytes(bytes);
        if (bytes.length >= 32) {
            blocks.add(bytes.clone());
        }
    }

    synchronized List<byte[]> blocks() {
        return List.copyOf(blocks);
    }
}
