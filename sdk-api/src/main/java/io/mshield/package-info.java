/**
 * The entry point of the SDK and its error model: {@link io.mshield.ShieldException} with its
 * stable {@link io.mshield.ErrorCode}. Capabilities live in sub-packages, one per capability.
 */
package io.mshield;
