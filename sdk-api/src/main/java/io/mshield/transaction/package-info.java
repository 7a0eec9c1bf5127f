/**
 * Transaction authorization and signing (R6, R7.1, R7.5): the transaction, the decision, the
 * custody-specific signing flows, and the {@link io.mshield.transaction.HardwareKeyDirectory} SPI
 * for step-up.
 */
package io.mshield.transaction;
