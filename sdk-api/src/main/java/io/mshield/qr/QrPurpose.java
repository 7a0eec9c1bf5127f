package io.mshield.qr;

/** What a QR challenge asks the holder to do. */
public enum QrPurpose {
    /** Log the PC session in (R7.2). */
    LOGIN,
    /** Sign the business content shown on the PC (R7.3). */
    SIGN
}
