/**
 * BouncyCastle internals of sdk-crypto; not exported.
 */
package io.mshield.crypto.internal;
