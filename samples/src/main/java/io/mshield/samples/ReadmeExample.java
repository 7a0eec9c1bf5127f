package io.mshield.samples;

import io.mshield.ErrorCode;
import io.mshield.MobileShield;
import io.mshield.ShieldException;
import io.mshield.core.MobileShields;
import io.mshield.core.persistence.memory.InMemoryPersistence;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.identity.IdDocumentType;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.limit.ScenarioLimits;
import io.mshield.pin.PinPolicy;

/**
 * The README's embedding example, compiled and run by {@code ReadmeExampleTest} so that the
 * snippet cannot rot. The lines between the markers are the README's code block, verbatim.
 */
public final class ReadmeExample {
    private ReadmeExample() {
    }

    /**
     * Runs the example with the demo's stand-ins for the bank's adapters.
     *
     * @return whether the example amount needs a hardware key
     */
    public static boolean run() {
        DemoBank bank = new DemoBank(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        var smsGateway = bank;
        var faceService = bank;
        var filings = bank;
        var usbKeys = bank;
        // README-BEGIN
        // One immutable, thread-safe SDK per node: the bank's adapters in, policies from the seeds.
        MobileShield sdk = MobileShields.builder()
                .persistence(new InMemoryPersistence())          // or JDBC: H2, PostgreSQL, MariaDB
                .crypto(BouncyCastleCrypto.create())             // or the bank's HSM vendor's ShieldCrypto
                .smsSender(smsGateway).faceVerifier(faceService)
                .identityRegistry(filings).hardwareKeys(usbKeys)
                .pinPolicy(PinPolicy.seed002())                  // 6 wrong PINs → locked until the bank resets it
                .build();

        // Values are validated where they are made; every refusal has a stable code (docs/errors.md).
        try {
            ResidentIdNumber.of(IdDocumentType.PASSPORT, "E12345678");
        } catch (ShieldException e) {
            assert e.code() == ErrorCode.UNSUPPORTED_ID_DOCUMENT;
        }
        boolean needsUsbKey = ScenarioLimits.seed000().cap(Scenario.TRANSFER)
                .map(cap -> Money.cny("1000000.01").isGreaterThan(cap)).orElse(false);   // true: above the cap
        // README-END
        sdk.close();
        return needsUsbKey;
    }
}
