package io.mshield.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of verifying the audit chain.
 *
 * @param entriesChecked how many entries were read
 * @param intact         true when every entry's hash and link are right and sequences have no gaps
 * @param firstBadEntry  the sequence of the first entry that fails, when not intact
 * @param problem        what is wrong with it (modified, missing, inserted, reordered), when not intact
 */
public record AuditVerification(long entriesChecked, boolean intact, Optional<Long> firstBadEntry, Optional<String> problem) {
    /**
     * Validates the fields.
     * @param entriesChecked how many entries were read
     * @param intact true when every entry's hash and link are right and sequences have no gaps
     * @param firstBadEntry the sequence of the first entry that fails, when not intact
     * @param problem what is wrong with it (modified, missing, inserted, reordered), when not intact
     */
    public AuditVerification {
        Objects.requireNonNull(firstBadEntry, "firstBadEntry");
        Objects.requireNonNull(problem, "problem");
        if (intact == firstBadEntry.isPresent() || intact == problem.isPresent()) {
            throw new IllegalArgumentException("firstBadEntry and problem are present exactly when not intact");
        }
    }
}
