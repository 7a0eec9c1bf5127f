/**
 * The MobileShield engine: lifecycle, enrollment, PIN policy, limits, transactions, audit and
 * persistence. Never sees BouncyCastle: cryptography comes through the SPIs of io.mshield.api.
 */
module io.mshield.core {
    requires transitive io.mshield.api;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;

    exports io.mshield.core.persistence.memory;
}
