/**
 * The MobileShield engine: lifecycle, enrollment, PIN policy, limits, transactions, audit and
 * persistence. Never sees BouncyCastle: cryptography comes through the SPIs of io.mshield.api.
 */
module io.mshield.core {
    requires transitive io.mshield.api;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;

    exports io.mshield.core;
    exports io.mshield.core.persistence.memory;

    // stored state is (de)serialized by Jackson through field access
    opens io.mshield.core.internal to com.fasterxml.jackson.databind;
    opens io.mshield.core.internal.shield to com.fasterxml.jackson.databind;
    opens io.mshield.core.internal.pin to com.fasterxml.jackson.databind;
    opens io.mshield.core.internal.enrollment to com.fasterxml.jackson.databind;
    opens io.mshield.core.internal.permission to com.fasterxml.jackson.databind;
    opens io.mshield.core.internal.transaction to com.fasterxml.jackson.databind;
}
