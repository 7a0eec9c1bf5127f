/**
 * Shields themselves: the lifecycle status with its transition table and the key-custody modes.
 *
 * <p>This package holds values only. Who may make which transition (holder, enterprise
 * administrator, legal representative, bank staff; R4.4), and writing each transition to the
 * audit log in the same transaction, is sdk-core's job.
 */
package io.mshield.shield;
