/**
 * The PKCS#10 internals: the strict checker behind {@link io.mshield.crypto.csr.CsrCheckers},
 * a DER shape pre-check that runs before any BouncyCastle parser sees the bytes, and the mapping
 * between signature algorithm identifiers and {@link io.mshield.crypto.SignatureScheme}s that the
 * builder and the checker share. Not exported.
 */
package io.mshield.crypto.internal.csr;
