/**
 * Shield certificates: their status and its transitions, RFC 5280 revocation reasons, and the
 * renewal policy. Issuing and publishing status is the {@link io.mshield.crypto.CertificateAuthority}'s job.
 */
package io.mshield.certificate;
