package io.mshield.core.internal.transaction;

import java.util.ArrayList;
import java.util.List;

/** A stored authorization: the canonical bytes, the reserved limits, and where signing stands. */
public final class AuthorizationState {
    /** Reserved, waiting for a signature. */
    public static final String RESERVED = "RESERVED";
    /** Signed and accepted; the limits are used. */
    public static final String COMMITTED = "COMMITTED";
    /** Cancelled, failed or expired; the limits were given back. */
    public static final String RELEASED = "RELEASED";

    /** The id. */
    public String id;
    /** The shield. */
    public String shield;
    /** The enterprise. */
    public String enterprise;
    /** The canonical bytes, base64. */
    public String content;
    /** Scenario name. */
    public String scenario;
    /** Amount, plain decimal. */
    public String amount;
    /** Currency code. */
    public String currency;
    /** The text shown to the user. */
    public String display;
    /** Status. */
    public String status;
    /** Issued at, ISO-8601. */
    public String issuedAt;
    /** Expiry, ISO-8601. */
    public String expiresAt;
    /** Counters reserved, as name=amount in minor units. */
    public List<String> reservations = new ArrayList<>();
    /** COLLABORATIVE: a co-sign round is waiting for its final signature. */
    public boolean coSignPending;
    /** COLLABORATIVE: the failure count the round reserved. */
    public long reservedFailures;
    /** The linked app whose channel the payment came through (R6.5, R9.3), or null. */
    public String linkedApp;

    /** For the JSON codec. */
    public AuthorizationState() {
    }
}
