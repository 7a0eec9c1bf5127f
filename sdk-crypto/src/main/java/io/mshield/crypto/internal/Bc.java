package io.mshield.crypto.internal;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.Provider;

/**
 * The one BouncyCastle provider instance of this module. It is passed explicitly to every JCA
 * call and never registered with {@code Security.addProvider}, so the host application's
 * provider list is untouched.
 */
public final class Bc {
    private static final Provider PROVIDER = new BouncyCastleProvider();

    private Bc() {
    }

    /**
     * The provider instance.
     *
     * @return the shared, immutable provider
     */
    public static Provider provider() {
        return PROVIDER;
    }
}
