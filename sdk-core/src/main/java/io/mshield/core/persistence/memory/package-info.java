/**
 * The in-memory {@link io.mshield.persistence.Persistence}: for unit tests, demos and quick
 * starts. Not for production — nothing survives the process, and it serves one process only.
 */
package io.mshield.core.persistence.memory;
