/**
 * PINs and the PIN policy: the {@link io.mshield.pin.Pin} secret type, the authentication methods
 * a holder may choose (R2.3), the lockout policy with the presets of the seeds (R5.2), the weak-PIN
 * rules (R3.3) and the {@link io.mshield.pin.PinCheck} result of checking a PIN (R5.1).
 *
 * <p>Types here are values and pure rules: they neither count failures nor store anything. The
 * retry counter lives on the bank's side, in persistence, and is enforced by sdk-core (R5.3); the
 * PIN's transport encryption is sdk-crypto's job (R5.4). No type in this package logs, and no PIN
 * digit ever appears in a {@code toString()} or an exception message.
 */
package io.mshield.pin;
