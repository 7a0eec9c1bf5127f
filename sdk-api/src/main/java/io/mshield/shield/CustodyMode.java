package io.mshield.shield;

/**
 * Where a shield's private key lives, and so who checks the PIN and what a stolen phone can do.
 */
public enum CustodyMode {
    /**
     * The key lives whole in the phone's secure module; the bank sees only the CSR and signatures.
     * The bank checks the PIN before it accepts a signature. A stolen phone can do nothing without
     * the PIN, and the bank still rejects signatures of a frozen shield.
     */
    DEVICE,
    /**
     * The key is split (SM2 two-party signing, the default for SM2; R10.6): share d1 on the phone,
     * share d2 in the bank's {@code KeyStorage}; the whole key never exists. The bank checks the
     * PIN by counting: every co-sign request counts as a failed attempt until a valid final
     * signature comes back, and the phone stores nothing that can test a PIN guess offline. A
     * stolen phone can do nothing: the bank will not co-sign past the limit.
     */
    COLLABORATIVE,
    /**
     * "Cloud certificate": the key lives whole in the bank's {@code KeyStorage} (HSM). The bank
     * checks the PIN before it signs. A stolen phone can do nothing.
     */
    HOSTED
}
