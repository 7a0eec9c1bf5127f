/**
 * The crypto SPIs sdk-core needs — key storage, the CA, CSR checking, signature verification and
 * CMS, the bank's half of two-party SM2 — and their value types. sdk-crypto implements them with
 * BouncyCastle; a bank may plug in its HSM vendor's implementation instead. Nothing here exposes a
 * third-party type.
 */
package io.mshield.crypto;
