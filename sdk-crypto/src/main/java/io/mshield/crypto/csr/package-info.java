/**
 * PKCS#10 certificate requests (R10.2): {@link io.mshield.crypto.csr.CsrBuilder} makes one on the
 * phone side (or in a phone simulator) from a key pair or from any
 * {@link io.mshield.crypto.RawSigner}; {@link io.mshield.crypto.csr.CsrCheckers} gives the bank the
 * strict {@link io.mshield.crypto.CsrChecker} that checks proof of possession, the algorithm,
 * curve and key-size allowlist, the subject and the size, and turns every malformed input into
 * {@link io.mshield.ErrorCode#CSR_INVALID}.
 *
 * <p>This package does not issue certificates (that is the CA's job) and does not read
 * extension requests: the CA decides what a shield certificate contains.
 */
package io.mshield.crypto.csr;
