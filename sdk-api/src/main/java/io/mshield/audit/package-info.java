/**
 * The audit log: an append-only, hash-chained record of every state change and signature, written
 * in the same transaction as the change, and a verify call that detects tampering. Holds no
 * secrets.
 */
package io.mshield.audit;
