package io.mshield.pin;

/**
 * How a holder confirms a signature, besides possessing the certificate's key: certificate + PIN,
 * certificate + fingerprint or certificate + face (R2.3). The holder chooses among the methods
 * the device supports and may change it later (R3.2).
 *
 * <p>With a biometric method the phone's secure module releases the key after its own biometric
 * check; the bank still counts failures where the custody mode lets it.
 */
public enum AuthMethod {
    /** Certificate + PIN. */
    PIN,
    /** Certificate + fingerprint, checked by the device. */
    FINGERPRINT,
    /** Certificate + face, checked by the device. */
    FACE;

    /**
     * Whether the method is biometric (checked by the device, not by the bank).
     *
     * @return true for {@link #FINGERPRINT} and {@link #FACE}
     */
    public boolean biometric() {
        return this != PIN;
    }
}
