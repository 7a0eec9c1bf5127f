/**
 * The hash-chained audit log; internal to sdk-core.
 */
package io.mshield.core.internal.audit;
