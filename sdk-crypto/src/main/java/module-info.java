/**
 * BouncyCastle implementations of MobileShield's crypto SPIs. Holds its own provider instance and
 * never registers it globally.
 */
module io.mshield.crypto {
    requires transitive io.mshield.api;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.util;

    exports io.mshield.crypto.bc;
    exports io.mshield.crypto.twoparty;
    exports io.mshield.crypto.keys;
    exports io.mshield.crypto.csr;
}
