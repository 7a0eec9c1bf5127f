package io.mshield.core.internal.shield;

/**
 * The stored state of one shield. Mutable, and only ever changed inside a transaction on a copy
 * read from the store, then written back with an optimistic version check. Holds no secret: the
 * PIN is represented by a keyed hash whose key stays in the key storage, and key material by
 * handles.
 */
public final class ShieldState {
    /** Shield number. */
    public String number;
    /** Enterprise id. */
    public String enterprise;
    /** Holder's resident ID number. */
    public String holderId;
    /** Holder's name. */
    public String holderName;
    /** Holder's phone number. */
    public String holderPhone;
    /** Holder's user type. */
    public String holderType;
    /** Device id. */
    public String device;
    /** The bank account (user id) the device is locked to. */
    public String account;
    /** Supported auth methods of the device, comma-separated. */
    public String deviceMethods;
    /** Custody mode. */
    public String custody;
    /** Key algorithm. */
    public String algorithm;
    /** Authentication method. */
    public String authMethod;
    /** Shield status. */
    public String status;
    /** Role of whoever froze or reported loss; governs who may lift it. */
    public String heldBy;
    /** End of a timed PIN lock (PIN policy 004), ISO-8601; null when the lock is indefinite. */
    public String lockedUntil;
    /** How many timed freezes happened. */
    public int timedFreezes;
    /** Certificate serial, lowercase hex. */
    public String certSerial;
    /** Certificate DER, base64. */
    public String certDer;
    /** Certificate notBefore, ISO-8601. */
    public String notBefore;
    /** Certificate notAfter, ISO-8601. */
    public String notAfter;
    /** Certificate subject DN. */
    public String certSubject;
    /** Key storage id of the bank-held key (share or hosted key). */
    public String keyStorage;
    /** Alias of the bank-held key. */
    public String keyAlias;
    /** Public key, X.509 SubjectPublicKeyInfo DER, base64. */
    public String publicKey;
    /** Keyed hash of the PIN (DEVICE and HOSTED), hex. */
    public String pinMac;
    /** When it became active, ISO-8601. */
    public String activatedAt;
    /** End of the cooling-off period, ISO-8601. */
    public String coolingOffUntil;
    /** The last co-sign counter the phone echoed. */
    public long cosignCounter;
    /** Filing revision at issuance. */
    public long filingRevision;
    /** The enrollment that created it. */
    public String enrollment;

    /** For the JSON codec. */
    public ShieldState() {
    }
}
