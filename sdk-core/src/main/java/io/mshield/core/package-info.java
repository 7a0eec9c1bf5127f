/**
 * Building the SDK: {@link io.mshield.core.MobileShields#builder()} wires the bank's SPIs and the
 * policies into an immutable, thread-safe {@link io.mshield.MobileShield}. Everything else in
 * sdk-core is internal, except the persistence implementations.
 */
package io.mshield.core;
