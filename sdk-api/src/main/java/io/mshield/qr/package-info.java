/**
 * Scan-to-login and scan-to-sign (R7.2, R7.3): the bank shows a signed QR code on the PC page,
 * the app scans it, shows where the request came from, and approves it with the shield's PIN and
 * signature; the PC session polls and takes the approval exactly once.
 */
package io.mshield.qr;
