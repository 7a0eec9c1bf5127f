/**
 * Opening a shield (R2): the binding limits between people, enterprises and devices (R2.7, R2.8),
 * and the rules of the SMS one-time code and the face comparison steps (R2.2).
 *
 * <p>The policies here are immutable values. Counting shields, devices, codes and tries, and
 * enforcing the order of the steps, is sdk-core's job, with persistence guaranteeing the counts
 * across instances.
 */
package io.mshield.enrollment;
