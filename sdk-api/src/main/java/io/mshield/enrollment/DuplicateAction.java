package io.mshield.enrollment;

/**
 * What happens when a person applies again on a device that already holds their shield (R2.8).
 * The application fails either way.
 */
public enum DuplicateAction {
    /** Refuse the new application; the existing shield is untouched (seed 001: the legal representative must cancel it first). */
    REJECT,
    /**
     * Refuse the new application and suspend (freeze) the existing shield as a possible cloning
     * attempt, until an administrator looks at it.
     */
    REJECT_AND_SUSPEND_EXISTING
}
