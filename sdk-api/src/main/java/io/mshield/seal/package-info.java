/**
 * E-seal binding (R8): an enterprise's electronic seal is bound to one medium — a USB key
 * certificate from a CA the bank trusts ({@link io.mshield.seal.SealMediaTrust}) or a mobile
 * shield certificate — and afterwards stamps only through it. Binding and unbinding take the
 * medium's proof of possession, the seal's PIN as a PIN block (the {@link io.mshield.seal.SealPolicy}'s
 * wrong PINs in a row lock it until the CA resets it) and the legal representative's face, by an
 * actor for the seal's enterprise. The binding is expressed as GB/T 38540's {@code certList}, the
 * certificates allowed to stamp.
 */
package io.mshield.seal;
