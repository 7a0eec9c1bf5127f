/**
 * E-seal binding (R8): an enterprise's electronic seal is bound to one medium — a USB key
 * certificate or a mobile shield certificate — and afterwards stamps only through it. Binding and
 * unbinding take the medium's proof of possession, the seal's PIN (5 wrong → locked until the CA
 * resets it) and the legal representative's face. The binding is expressed as GB/T 38540's
 * {@code certList}, the certificates allowed to stamp.
 */
package io.mshield.seal;
