/**
 * The embedded CA's durable records (issuers, issued certificates, CRL numbers, the published CRL,
 * issuance idempotency) on the {@link io.mshield.persistence.Persistence} SPI, and signing with keys
 * that stay in the {@link io.mshield.crypto.KeyStorage}; not exported.
 */
package io.mshield.crypto.internal.ca;
