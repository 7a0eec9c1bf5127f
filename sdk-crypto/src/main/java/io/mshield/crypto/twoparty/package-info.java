/**
 * The phone's half of two-party SM2 (R10.6): share generation, the signing round and the final
 * signature, joint decryption, share refresh, and the PIN-masked share the phone stores. The
 * bank's half is behind {@link io.mshield.crypto.CollaborativeSm2} in the key storage. See
 * {@code docs/sm2-two-party.md}.
 */
package io.mshield.crypto.twoparty;
