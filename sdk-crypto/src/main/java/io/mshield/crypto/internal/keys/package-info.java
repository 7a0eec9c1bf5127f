/**
 * Internals of the key storages: key generation and identification for every
 * {@link io.mshield.crypto.KeyAlgorithm}, the shared engine of the software storages, SM2 and
 * ECIES public-key encryption, HMAC-SM3, and the self-signed holder certificates a
 * {@link java.security.KeyStore} needs beside a private key. Not exported: nothing here is API,
 * and nothing here registers a provider or keeps static mutable state.
 */
package io.mshield.crypto.internal.keys;
