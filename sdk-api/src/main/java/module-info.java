/**
 * The MobileShield API: what a bank programs against — the {@code MobileShield} entry point and
 * its services, value types, policies, results, the error model, and every SPI a bank or a
 * crypto provider implements. Depends on the JDK only.
 */
module io.mshield.api {
    exports io.mshield;
    exports io.mshield.admin;
    exports io.mshield.audit;
    exports io.mshield.certificate;
    exports io.mshield.crypto;
    exports io.mshield.enrollment;
    exports io.mshield.identity;
    exports io.mshield.limit;
    exports io.mshield.linked;
    exports io.mshield.permission;
    exports io.mshield.persistence;
    exports io.mshield.pin;
    exports io.mshield.qr;
    exports io.mshield.seal;
    exports io.mshield.shield;
    exports io.mshield.signature;
    exports io.mshield.transaction;
}
