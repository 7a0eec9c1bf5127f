package io.mshield.crypto.internal;

import io.mshield.crypto.KeyHandle;

import java.math.BigInteger;

/**
 * Where a key storage keeps the bank's two-party SM2 shares d2 for {@link Sm2BankHalf}. A production
 * vault keeps d2 wrapped under a key that lives in the storage (an AES key on a PKCS#11 token, the
 * key store file's entry encryption) and unwraps it only for the one operation that needs it.
 * Implementations MUST be thread-safe and MUST NOT put d2 in a message or {@code toString()}.
 */
public interface ShareVault {

    /**
     * Stores a new share.
     *
     * @param d2 the share, in [1, n−1]
     * @return its handle
     */
    KeyHandle store(BigInteger d2);

    /**
     * Unwraps a share for one operation; the caller drops it as soon as the operation is done.
     *
     * @param share the handle
     * @return d2
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#KEY_NOT_FOUND} for an unknown handle
     */
    BigInteger unwrap(KeyHandle share);

    /**
     * Destroys a share; unknown handles are ignored.
     *
     * @param share the handle
     */
    void destroy(KeyHandle share);
}
