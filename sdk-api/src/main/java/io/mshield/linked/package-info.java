/**
 * One credential, two apps on one device (R9): a shield's code enabled in one app is synced to a
 * second app on the same device, biometric login is enabled per app with the code, an SMS code
 * and the biometric key, disabling in either app disables both, and a frozen credential can be
 * neither synced nor enabled.
 */
package io.mshield.linked;
