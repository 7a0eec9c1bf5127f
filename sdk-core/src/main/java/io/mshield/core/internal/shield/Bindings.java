package io.mshield.core.internal.shield;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.internal.Context;
import io.mshield.core.internal.Tx;
import io.mshield.persistence.Store;

import java.util.OptionalLong;

/**
 * The binding rules of R2.7–R2.9, held by the store's unique claims and conditional counters so
 * that they hold across threads and nodes:
 * <ul>
 *   <li>{@code device_account}: a device is locked to the account that applied (R2.9);</li>
 *   <li>{@code person_enterprise}: one shield per person per enterprise (000);</li>
 *   <li>{@code person_device}: one shield per person per device (001, R2.8);</li>
 *   <li>{@code device_shields:*}: at most N shields on one device (000);</li>
 *   <li>{@code person_devices:*}: at most N devices per person (001).</li>
 * </ul>
 * A binding is taken when an application starts (so two concurrent applications cannot both
 * pass) and released when the shield is revoked.
 */
public final class Bindings {
    /** Claim namespace of R2.9. */
    public static final String DEVICE_ACCOUNT = "device_account";
    /** Claim namespace of one shield per person per enterprise. */
    public static final String PERSON_ENTERPRISE = "person_enterprise";
    /** Claim namespace of one shield per person per device. */
    public static final String PERSON_DEVICE = "person_device";

    private Bindings() {
    }

    /**
     * Takes every binding for a new (pending) shield, or refuses with the rule's code.
     *
     * @param ctx the context
     * @param tx  the transaction
     * @param s   the pending shield
     * @param reissue true when the shield replaces another of the same holder in the same
     *                enterprise: the per-enterprise binding passes over at completion
     *                ({@link #takeEnterprise})
     */
    public static void take(Context ctx, Tx tx, ShieldState s, boolean reissue) {
        Store st = tx.store();
        String person = ShieldRepository.personKey(s.holderId);
        try {
            st.claim(DEVICE_ACCOUNT, s.device, s.account);
        } catch (ShieldException e) {
            throw refine(e, ErrorCode.DEVICE_LOCKED_TO_OTHER_ACCOUNT,
                    "device " + s.device + " is locked to another account (R2.9)");
        }
        if (ctx.bindingPolicy().onePerPersonPerDevice()) {
            try {
                st.claim(PERSON_DEVICE, person + "|" + s.device, s.number);
            } catch (ShieldException e) {
                throw refine(e, ErrorCode.DUPLICATE_APPLICATION, "the applicant already holds a shield on this device (R2.8)");
            }
        }
        if (!reissue) {
            takeEnterprise(ctx, tx, s);
        }
        if (st.addIfAtMost(deviceShields(s.device), 1, ctx.bindingPolicy().maxShieldsPerDevice()).isEmpty()) {
            throw new ShieldException(ErrorCode.BINDING_LIMIT_REACHED,
                    "device " + s.device + " already holds " + ctx.bindingPolicy().maxShieldsPerDevice() + " shields (R2.7)");
        }
        OptionalLong onDevice = st.addIfAtMost(personDeviceShields(person, s.device), 1, Long.MAX_VALUE);
        if (onDevice.orElseThrow() == 1
                && st.addIfAtMost(personDevices(person), 1, ctx.bindingPolicy().maxDevicesPerPerson()).isEmpty()) {
            throw new ShieldException(ErrorCode.BINDING_LIMIT_REACHED,
                    "the applicant already uses " + ctx.bindingPolicy().maxDevicesPerPerson() + " devices (R2.7)");
        }
    }

    /**
     * Takes the one-shield-per-person-per-enterprise binding (000), where the policy has it.
     *
     * @param ctx the context
     * @param tx  the transaction
     * @param s   the shield
     */
    public static void takeEnterprise(Context ctx, Tx tx, ShieldState s) {
        if (ctx.bindingPolicy().onePerPersonPerEnterprise()) {
            try {
                tx.store().claim(PERSON_ENTERPRISE, ShieldRepository.holderKey(s.enterprise, s.holderId), s.number);
            } catch (ShieldException e) {
                throw refine(e, ErrorCode.BINDING_LIMIT_REACHED, "the applicant already holds a shield in this enterprise (R2.7)");
            }
        }
    }

    /**
     * Releases the bindings of a shield that was revoked. Idempotent per shield only if called
     * once per revocation, which {@link Transitions#revoke} guarantees.
     *
     * @param ctx the context
     * @param tx  the transaction
     * @param s   the revoked shield
     */
    public static void release(Context ctx, Tx tx, ShieldState s) {
        Store st = tx.store();
        String person = ShieldRepository.personKey(s.holderId);
        st.release(PERSON_DEVICE, person + "|" + s.device, s.number);
        st.release(PERSON_ENTERPRISE, ShieldRepository.holderKey(s.enterprise, s.holderId), s.number);
        long left = st.addIfAtMost(deviceShields(s.device), -1, Long.MAX_VALUE).orElseThrow();
        if (left == 0) {
            st.release(DEVICE_ACCOUNT, s.device, s.account);
        }
        long mine = st.addIfAtMost(personDeviceShields(person, s.device), -1, Long.MAX_VALUE).orElseThrow();
        if (mine == 0) {
            st.addIfAtMost(personDevices(person), -1, Long.MAX_VALUE);
        }
    }

    /**
     * The owner (a shield number) of the person-device binding, if any.
     *
     * @param tx       the transaction
     * @param holderId the person
     * @param device   the device
     * @return the shield number holding it
     */
    public static java.util.Optional<String> personDeviceOwner(Tx tx, String holderId, String device) {
        return tx.store().claimOwner(PERSON_DEVICE, ShieldRepository.personKey(holderId) + "|" + device);
    }

    private static String deviceShields(String device) {
        return "device_shields:" + device;
    }

    private static String personDeviceShields(String person, String device) {
        return "person_device_shields:" + person + "|" + device;
    }

    private static String personDevices(String person) {
        return "person_devices:" + person;
    }

    private static ShieldException refine(ShieldException e, ErrorCode code, String message) {
        if (e.code() != ErrorCode.ALREADY_EXISTS) {
            return e;
        }
        return new ShieldException(code, message);
    }
}
