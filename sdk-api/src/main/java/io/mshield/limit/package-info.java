/**
 * Transaction limits: amounts of money, transaction scenarios, the per-scenario single-transaction
 * caps above which a hardware key is required (R6.1, R6.2), optional daily and monthly cumulative
 * limits, the cooling-off period of a newly enabled credential (R6.5), and the
 * {@link io.mshield.limit.LimitDecision} these rules produce.
 *
 * <p>Types here are immutable values and pure rules. They do not count usage: the running daily
 * and monthly totals are kept by persistence as atomic counters and passed in by sdk-core, which
 * also decides which rule applies to which request.
 */
package io.mshield.limit;
