package io.mshield.enrollment;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.Objects;

/**
 * The binding limits between people, enterprises and devices (R2.7) and the reaction to a
 * duplicate application (R2.8).
 *
 * <p>Presets {@link #seed000()} and {@link #seed001()} follow one seed each. {@link #defaults()} combines seeds 000 and 001: one shield per person per enterprise (000),
 * one per person per device (001), at most 5 shields on one device across enterprises (000), at
 * most 6 devices per person (001), and a duplicate application is rejected without touching the
 * existing shield (001, where the legal representative must cancel the old one first). The
 * combination is stricter than either seed: with one shield per person per device, seed 000's one
 * person holding shields of several enterprises on one phone is impossible; choose
 * {@link #seed000()} for that.
 *
 * <p>{@link Builder#build()} refuses, with {@link ErrorCode#INVALID_POLICY}: limits outside
 * 1–{@value #MAX_LIMIT}, and {@link DuplicateAction#REJECT_AND_SUSPEND_EXISTING} without the
 * one-per-person-per-device rule (without it there is no duplicate to react to).
 */
public final class BindingPolicy {
    /** The largest count limit a policy accepts. */
    public static final int MAX_LIMIT = 1000;

    private final boolean onePerPersonPerEnterprise;
    private final boolean onePerPersonPerDevice;
    private final int maxShieldsPerDevice;
    private final int maxDevicesPerPerson;
    private final DuplicateAction duplicateAction;

    private BindingPolicy(Builder b) {
        this.onePerPersonPerEnterprise = b.onePerPersonPerEnterprise;
        this.onePerPersonPerDevice = b.onePerPersonPerDevice;
        this.maxShieldsPerDevice = b.maxShieldsPerDevice;
        this.maxDevicesPerPerson = b.maxDevicesPerPerson;
        this.duplicateAction = b.duplicateAction;
        requireRange("maxShieldsPerDevice", maxShieldsPerDevice);
        requireRange("maxDevicesPerPerson", maxDevicesPerPerson);
        if (duplicateAction == DuplicateAction.REJECT_AND_SUSPEND_EXISTING && !onePerPersonPerDevice) {
            throw new ShieldException(ErrorCode.INVALID_POLICY, "duplicateAction " + duplicateAction
                    + " contradicts onePerPersonPerDevice false");
        }
    }

    private static void requireRange(String name, int value) {
        if (value < 1 || value > MAX_LIMIT) {
            throw new ShieldException(ErrorCode.INVALID_POLICY, name + " must be 1-" + MAX_LIMIT + ", got " + value);
        }
    }

    /**
     * Seeds 000 and 001 combined, as described on the type.
     *
     * @return the default policy
     */
    public static BindingPolicy defaults() {
        return builder().build();
    }

    /**
     * Seed 000 (Xiamen Bank 手机U宝): one shield per person per enterprise, and one person's device
     * may hold shields of up to 5 enterprises ("单一用户的同一移动设备能够以不同企业名义申请开通不超过5个").
     * The seed limits neither the devices per person nor one shield per person per device, so the
     * one-per-device rule is off (it would forbid the 5 enterprises on one phone) and the device
     * count is {@value #MAX_LIMIT}; a duplicate application is rejected.
     *
     * @return the policy of seed 000
     */
    public static BindingPolicy seed000() {
        return builder().onePerPersonPerEnterprise(true).onePerPersonPerDevice(false).maxShieldsPerDevice(5)
                .maxDevicesPerPerson(MAX_LIMIT).duplicateAction(DuplicateAction.REJECT).build();
    }

    /**
     * Seed 001 (China E-Port 手机盾): one shield per person per device, on up to 6 devices
     * ("在多个设备(最多6个)上可分别申请"); a repeated application on the same device is rejected
     * until the legal representative cancels the old shield. The seed does not limit a person to one
     * shield per enterprise (one per device, several devices) nor the shields on a device (which is
     * locked to one account), so those rules are off and at {@value #MAX_LIMIT}.
     *
     * @return the policy of seed 001
     */
    public static BindingPolicy seed001() {
        return builder().onePerPersonPerEnterprise(false).onePerPersonPerDevice(true).maxShieldsPerDevice(MAX_LIMIT)
                .maxDevicesPerPerson(6).duplicateAction(DuplicateAction.REJECT).build();
    }

    /**
     * A builder starting from {@link #defaults()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this policy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().onePerPersonPerEnterprise(onePerPersonPerEnterprise)
                .onePerPersonPerDevice(onePerPersonPerDevice).maxShieldsPerDevice(maxShieldsPerDevice)
                .maxDevicesPerPerson(maxDevicesPerPerson).duplicateAction(duplicateAction);
    }

    /**
     * Whether a person may hold at most one shield in one enterprise (000).
     *
     * @return true if so
     */
    public boolean onePerPersonPerEnterprise() {
        return onePerPersonPerEnterprise;
    }

    /**
     * Whether a person may hold at most one shield on one device (001).
     *
     * @return true if so
     */
    public boolean onePerPersonPerDevice() {
        return onePerPersonPerDevice;
    }

    /**
     * The most shields one device may hold, across people and enterprises (000: 5).
     *
     * @return 1 to {@value #MAX_LIMIT}
     */
    public int maxShieldsPerDevice() {
        return maxShieldsPerDevice;
    }

    /**
     * The most devices on which one person may hold shields (001: 6).
     *
     * @return 1 to {@value #MAX_LIMIT}
     */
    public int maxDevicesPerPerson() {
        return maxDevicesPerPerson;
    }

    /**
     * What happens on a duplicate application (R2.8).
     *
     * @return the action
     */
    public DuplicateAction duplicateAction() {
        return duplicateAction;
    }

    /**
     * Policies are equal when all their values are.
     *
     * @param o the other object
     * @return true if equal
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BindingPolicy)) {
            return false;
        }
        BindingPolicy p = (BindingPolicy) o;
        return onePerPersonPerEnterprise == p.onePerPersonPerEnterprise && onePerPersonPerDevice == p.onePerPersonPerDevice
                && maxShieldsPerDevice == p.maxShieldsPerDevice && maxDevicesPerPerson == p.maxDevicesPerPerson
                && duplicateAction == p.duplicateAction;
    }

    /**
     * A hash of all values.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(onePerPersonPerEnterprise, onePerPersonPerDevice, maxShieldsPerDevice,
                maxDevicesPerPerson, duplicateAction);
    }

    /**
     * All values, for logs.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "BindingPolicy[onePerPersonPerEnterprise=" + onePerPersonPerEnterprise + ", onePerPersonPerDevice="
                + onePerPersonPerDevice + ", maxShieldsPerDevice=" + maxShieldsPerDevice + ", maxDevicesPerPerson="
                + maxDevicesPerPerson + ", duplicateAction=" + duplicateAction + "]";
    }

    /**
     * Collects the values of a {@link BindingPolicy}. Not thread-safe.
     */
    public static final class Builder {
        private boolean onePerPersonPerEnterprise = true;
        private boolean onePerPersonPerDevice = true;
        private int maxShieldsPerDevice = 5;
        private int maxDevicesPerPerson = 6;
        private DuplicateAction duplicateAction = DuplicateAction.REJECT;

        private Builder() {
        }

        /**
         * Sets whether a person may hold at most one shield per enterprise.
         *
         * @param value true to limit
         * @return this builder
         */
        public Builder onePerPersonPerEnterprise(boolean value) {
            this.onePerPersonPerEnterprise = value;
            return this;
        }

        /**
         * Sets whether a person may hold at most one shield per device.
         *
         * @param value true to limit
         * @return this builder
         */
        public Builder onePerPersonPerDevice(boolean value) {
            this.onePerPersonPerDevice = value;
            return this;
        }

        /**
         * Sets the most shields one device may hold.
         *
         * @param value 1 to {@value BindingPolicy#MAX_LIMIT}
         * @return this builder
         */
        public Builder maxShieldsPerDevice(int value) {
            this.maxShieldsPerDevice = value;
            return this;
        }

        /**
         * Sets the most devices per person.
         *
         * @param value 1 to {@value BindingPolicy#MAX_LIMIT}
         * @return this builder
         */
        public Builder maxDevicesPerPerson(int value) {
            this.maxDevicesPerPerson = value;
            return this;
        }

        /**
         * Sets what happens on a duplicate application.
         *
         * @param value the action
         * @return this builder
         */
        public Builder duplicateAction(DuplicateAction value) {
            this.duplicateAction = Objects.requireNonNull(value, "duplicateAction");
            return this;
        }

        /**
         * Validates the values together and builds the policy.
         *
         * @return the policy
         * @throws ShieldException with {@link ErrorCode#INVALID_POLICY} naming the rejected value
         */
        public BindingPolicy build() {
            return new BindingPolicy(this);
        }
    }
}
