/**
 * The BouncyCastle implementation of the crypto SPIs ({@link io.mshield.crypto.bc.BouncyCastleCrypto})
 * and the phone-side operations a simulator or test needs ({@link io.mshield.crypto.bc.Phone}).
 * BouncyCastle types never appear in these signatures.
 */
package io.mshield.crypto.bc;
