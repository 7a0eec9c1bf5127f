/**
 * Who and what a shield belongs to: validated identity values — the shield number (R2.6), the
 * holder's mainland resident ID number (R1.2), the enterprise's unified social credit code (R1.3),
 * a mobile phone number, a person's name and opaque enterprise, user and device identifiers.
 *
 * <p>Every type validates its input when it is created and throws
 * {@link io.mshield.ShieldException} with a specific {@link io.mshield.ErrorCode} otherwise, so a
 * value that exists is well formed. Personal data (ID number, phone number, name) is masked in
 * {@code toString()} and never echoed in exception messages.
 *
 * <p>This package does not check that a person or an enterprise exists or that the values match
 * a filing record; that is the job of the {@code IdentityRegistry} SPI and the enrollment service.
 */
package io.mshield.identity;
