package io.mshield.identity;

/** A person's role on an enterprise's filing (R1.3). */
public enum UserType {
    /** The enterprise's legal representative. */
    LEGAL_REPRESENTATIVE,
    /** An operator. */
    OPERATOR
}
