/**
 * Signature history and evidence for non-repudiation (R6.6). Creating signatures is
 * {@link io.mshield.transaction.TransactionService}'s job.
 */
package io.mshield.signature;
