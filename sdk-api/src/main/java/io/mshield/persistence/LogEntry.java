package io.mshield.persistence;

import java.util.Arrays;
import java.util.Objects;

/**
 * An entry of an append-only log.
 *
 * @param log      the log's name
 * @param sequence the entry's position, starting at 1, without gaps
 * @param body     the entry; copied
 */
public record LogEntry(String log, long sequence, byte[] body) {
    /**
     * Validates and copies.
     * @param log the log's name
     * @param sequence the entry's position, starting at 1, without gaps
     * @param body the entry; copied
     */
    public LogEntry {
        Names.requireName(log, "log");
        Objects.requireNonNull(body, "body");
        body = body.clone();
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1: " + sequence);
        }
    }

    /**
     * The entry.
     *
     * @return a copy
     */
    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogEntry e && log.equals(e.log) && sequence == e.sequence && Arrays.equals(body, e.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(log, sequence, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "LogEntry[" + log + "#" + sequence + ", " + body.length + " bytes]";
    }
}
