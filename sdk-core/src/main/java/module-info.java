/**
 * The MobileShield engine: lifecycle, enrollment, PIN policy, limits, transactions, audit and
 * persistence. Never sees BouncyCastle: cryptography comes through the SPIs of io.mshield.api.
 */
@SuppressWarnings("requires-automatic") // Flyway ships no module descriptor
module io.mshield.core {
    requires transitive io.mshield.api;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires transitive java.sql;
    requires flyway.core;

    exports io.mshield.core;
    exports io.mshield.core.persistence.memory;
    exports io.mshield.core.persistence.jdbc;

    // Flyway reads the migrations from this module
    opens db.mshield.h2;
    opens db.mshield.postgresql;
    opens db.mshield.mariadb;

    // stored state is (de)serialized by Jackson through field access
    opens io.mshield.core.internal to com.fasterxml.jackson.databind;
    opens io.mshield.core.internal.shield to com.fasterxml.jackson.databind;
    opens io.mshield.core.internal.pin to com.fasterxml.jackson.databind;
    opens io.mshield.core.internal.enrollment to com.fasterxml.jackson.databind;
    opens io.mshield.core.internal.permission to com.fasterxml.jackson.databind;
    opens io.mshield.core.internal.transaction to com.fasterxml.jackson.databind;
    opens io.mshield.core.internal.qr to com.fasterxml.jackson.databind;
    opens io.mshield.core.internal.seal to com.fasterxml.jackson.databind;
    opens io.mshield.core.internal.linked to com.fasterxml.jackson.databind;
}
