package io.mshield.linked;

import io.mshield.enrollment.OneTimeCode;
import io.mshield.identity.DeviceId;
import io.mshield.identity.ShieldNumber;
import io.mshield.pin.PinProof;

/**
 * One credential in two apps on one device (R9.1–R9.5). The credential's "code" is the shield's
 * PIN, checked under the shield's PIN policy (so wrong codes count, and freeze the credential
 * for 24 hours or permanently under seed 004). A frozen, locked, lost or revoked credential can be
 * neither enabled nor synced.
 */
public interface LinkedAppService {

    /**
     * Asks for digits of the holder's ID number at random positions (R9.4); answered within
     * {@link #enable}. Limited per person per day by the {@link IdentityChallengePolicy}.
     *
     * @param shield the shield
     * @return the challenge
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#IDENTITY_CHALLENGE_LIMIT} once the
     *         holder's challenges for today are used up (nothing is issued), or a status code
     */
    IdentityChallenge identityChallenge(ShieldNumber shield);

    /**
     * Sends an SMS code to the holder's phone for enabling an app or its biometric login.
     *
     * @param shield the shield
     */
    void sendSmsCode(ShieldNumber shield);

    /**
     * Enables the credential in an app on the shield's device: ID digits, SMS code and the code.
     *
     * @param shield         the shield
     * @param app            the app id
     * @param device         the device the app runs on (must be the shield's)
     * @param identity       the identity challenge answered
     * @param identityDigits the digits at the challenge's positions, in order
     * @param sms            the SMS code
     * @param code           the code (PIN block)
     * @return the credential
     */
    LinkedCredential enable(ShieldNumber shield, String app, DeviceId device, String identity, String identityDigits,
                            OneTimeCode sms, PinProof.EncryptedPin code);

    /**
     * Syncs the credential enabled in one app to a second app on the same device, confirmed with
     * the code (R9.1).
     *
     * @param shield  the shield
     * @param fromApp the app it is enabled in
     * @param toApp   the app to enable it in
     * @param device  the device both apps run on
     * @param code    the code (PIN block)
     * @return the credential
     */
    LinkedCredential sync(ShieldNumber shield, String fromApp, String toApp, DeviceId device, PinProof.EncryptedPin code);

    /**
     * A nonce for the app's biometric key to sign.
     *
     * @param shield the shield
     * @param app    the app
     * @return 32 random bytes, valid for 2 minutes, used once
     */
    byte[] biometricChallenge(ShieldNumber shield, String app);

    /**
     * Enables biometric login in an app (R9.2): the code, an SMS code, and the app's biometric
     * key (a P-256 key the device unlocks only with the biometric) signing the latest challenge.
     *
     * @param shield       the shield
     * @param app          the app
     * @param code         the code (PIN block)
     * @param sms          the SMS code
     * @param biometricKey the biometric key, X.509 SubjectPublicKeyInfo
     * @param signature    its ECDSA-SHA256 signature over the challenge
     * @return the credential
     */
    LinkedCredential enableBiometric(ShieldNumber shield, String app, PinProof.EncryptedPin code, OneTimeCode sms,
                                     byte[] biometricKey, byte[] signature);

    /**
     * Biometric login: the app's biometric key signed the latest challenge.
     *
     * @param shield    the shield
     * @param app       the app
     * @param signature the signature over the challenge
     * @return the credential
     */
    LinkedCredential biometricLogin(ShieldNumber shield, String app, byte[] signature);

    /**
     * Disables the credential in an app, and so in every app on the device, biometrics included
     * (R9.3). Only the holder disables, proven with an SMS code sent by {@link #sendSmsCode} to the
     * holder's phone (seed 004: the holder, logged in with SMS-OTP, taps "停用"; the code stands for
     * that login and works when the code is forgotten). Effective at once on every node: from then
     * on no payment through a channel of those apps is authorized or signed
     * ({@link io.mshield.ErrorCode#LINKED_APP_DISABLED}).
     *
     * @param shield the shield
     * @param app    the app the holder disables it in
     * @param sms    the SMS code
     * @return the credential, enabled nowhere
     * @throws io.mshield.ShieldException {@code OTP_INCORRECT}, {@code OTP_EXPIRED}, or
     *         {@code ILLEGAL_STATE} when it is not enabled in that app; nothing changes
     */
    LinkedCredential disable(ShieldNumber shield, String app, OneTimeCode sms);

    /**
     * The credential's apps.
     *
     * @param shield the shield
     * @return the credential
     */
    LinkedCredential status(ShieldNumber shield);

    /**
     * Refuses a high-risk transaction in an app still in its cooling-off, or where the credential is not enabled.
     *
     * @param shield the shield
     * @param app    the app
     */
    void requireEffective(ShieldNumber shield, String app);
}
