package io.mshield.core.internal.pin;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.internal.Context;
import io.mshield.core.internal.Tx;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.pin.AuthMethod;

import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The device key registered for one biometric method of one shield (R2.3): stored in the
 * collection {@value #COLLECTION} under {@code shield|METHOD}. Public data only — the private key
 * never leaves the phone's secure module.
 *
 * @param shield       the shield number
 * @param method       {@link AuthMethod#FINGERPRINT} or {@link AuthMethod#FACE}
 * @param algorithm    P-256 or SM2
 * @param publicKey    the SubjectPublicKeyInfo DER, base64
 * @param registeredAt when it was registered
 */
public record BiometricRegistration(String shield, AuthMethod method, KeyAlgorithm algorithm, String publicKey, Instant registeredAt) {
    /** The collection of registrations. */
    public static final String COLLECTION = "biometric_keys";

    /**
     * Validates.
     *
     * @param shield       the shield number
     * @param method       a biometric method
     * @param algorithm    P-256 or SM2
     * @param publicKey    the key, base64
     * @param registeredAt when
     */
    public BiometricRegistration {
        Objects.requireNonNull(shield, "shield");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(registeredAt, "registeredAt");
        if (!method.biometric()) {
            throw new IllegalArgumentException("not a biometric method: " + method);
        }
    }

    private static String key(String shield, AuthMethod method) {
        return shield + "|" + method.name();
    }

    /**
     * The registration of a method, if any.
     *
     * @param ctx    the context
     * @param tx     the transaction
     * @param shield the shield
     * @param method the method
     * @return the registration
     */
    public static Optional<BiometricRegistration> find(Context ctx, Tx tx, String shield, AuthMethod method) {
        return tx.store().get(COLLECTION, key(shield, method)).map(d -> {
            Map<?, ?> m = ctx.json().read(d.body(), Map.class);
            return new BiometricRegistration(String.valueOf(m.get("shield")), AuthMethod.valueOf(String.valueOf(m.get("method"))),
                    KeyAlgorithm.valueOf(String.valueOf(m.get("algorithm"))), String.valueOf(m.get("publicKey")),
                    Instant.parse(String.valueOf(m.get("registeredAt"))));
        });
    }

    /**
     * The registration the shield's current method needs for a biometric confirmation.
     *
     * @param ctx        the context
     * @param tx         the transaction
     * @param shield     the shield
     * @param authMethod the shield's current method
     * @param method     the method the confirmation claims
     * @return the registration
     * @throws ShieldException {@link ErrorCode#BIOMETRIC_NOT_REGISTERED} unless the shield's method is that
     *         method and a key is registered for it
     */
    public static BiometricRegistration require(Context ctx, Tx tx, String shield, String authMethod, AuthMethod method) {
        if (!method.name().equals(authMethod)) {
            throw new ShieldException(ErrorCode.BIOMETRIC_NOT_REGISTERED, "shield " + shield + " is confirmed by " + authMethod
                    + ", not " + method + " (R2.3)");
        }
        return find(ctx, tx, shield, method).orElseThrow(() -> new ShieldException(ErrorCode.BIOMETRIC_NOT_REGISTERED,
                "no device key is registered for " + method + " on shield " + shield + " (R2.3)"));
    }

    /**
     * Stores this registration, replacing an earlier one for the same method.
     *
     * @param ctx the context
     * @param tx  the transaction
     */
    public void save(Context ctx, Tx tx) {
        byte[] body = ctx.json().write(Map.of("shield", shield, "method", method.name(), "algorithm", algorithm.name(),
                "publicKey", publicKey, "registeredAt", registeredAt.toString()));
        var existing = tx.store().get(COLLECTION, key(shield, method));
        if (existing.isPresent()) {
            tx.store().update(COLLECTION, key(shield, method), existing.get().version(), body, Map.of("shield", shield));
        } else {
            tx.store().insert(COLLECTION, key(shield, method), body, Map.of("shield", shield));
        }
    }

    /**
     * Verifies a signature made by the registered key; a malformed signature is one that does not verify.
     *
     * @param ctx       the context
     * @param message   the signed bytes
     * @param signature the signature
     * @return true only for a valid signature
     */
    public boolean verifies(Context ctx, byte[] message, byte[] signature) {
        PublicKey key = ctx.crypto().signatures().decodePublicKey(Base64.getDecoder().decode(publicKey));
        try {
            return ctx.crypto().signatures().verify(key, algorithm.defaultScheme(), message, signature);
        } catch (ShieldException e) {
            if (e.code() == ErrorCode.INVALID_ARGUMENT || e.code() == ErrorCode.SIGNATURE_INVALID) {
                return false;
            }
            throw e;
        }
    }
}
