package io.mshield.seal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.identity.ShieldNumber;

import java.util.Objects;

/** The medium a seal is bound to: a USB key or a mobile shield (R8.1). */
public sealed interface SealMedium permits SealMedium.UsbKey, SealMedium.MobileShield {

    /**
     * A stable key naming the medium, unique across both kinds.
     *
     * @return {@code usb:<id>} or {@code shield:<number>}
     */
    String key();

    /**
     * A USB key, by the identifier its middleware reports (its serial number).
     *
     * @param id 1-64 characters of {@code [A-Za-z0-9_-]}
     */
    record UsbKey(String id) implements SealMedium {
        /**
         * Validates.
         *
         * @param id the id
         */
        public UsbKey {
            Objects.requireNonNull(id, "id");
            if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new ShieldException(ErrorCode.INVALID_IDENTIFIER, "a USB key id is 1-64 of [A-Za-z0-9_-]");
            }
        }

        @Override
        public String key() {
            return "usb:" + id;
        }
    }

    /**
     * A mobile shield.
     *
     * @param shield the shield number
     */
    record MobileShield(ShieldNumber shield) implements SealMedium {
        /**
         * Validates.
         *
         * @param shield the shield
         */
        public MobileShield {
            Objects.requireNonNull(shield, "shield");
        }

        @Override
        public String key() {
            return "shield:" + shield.value();
        }
    }
}
