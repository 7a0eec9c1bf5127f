package io.mshield.persistence;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A transaction's view of the store, given to {@link Persistence.TransactionalWork}.
 *
 * <p>Every guarantee below MUST hold across threads and across SDK instances on one database.
 * A method that throws {@link io.mshield.ShieldException} leaves the transaction usable only for
 * rollback: the caller lets the exception escape the work, and nothing is committed.
 * Names follow {@link Names}. Methods MUST NOT return null. Lists are in ascending key (or
 * sequence) order.
 */
public interface Store {

    /**
     * Reads a document.
     *
     * @param collection the collection
     * @param key        the key
     * @return the document, or empty
     */
    Optional<Document> get(String collection, String key);

    /**
     * Inserts a new document at version 1.
     *
     * @param collection the collection
     * @param key        the key
     * @param body       the body
     * @param index      index values
     * @return the stored document
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#ALREADY_EXISTS} when the key exists
     */
    Document insert(String collection, String key, byte[] body, Map<String, String> index);

    /**
     * Replaces a document if its version is still the expected one (optimistic locking).
     *
     * @param collection      the collection
     * @param key             the key
     * @param expectedVersion the version the caller read
     * @param body            the new body
     * @param index           the new index values (replacing the old ones)
     * @return the stored document, at {@code expectedVersion + 1}
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#CONCURRENT_MODIFICATION} when the
     *         document is missing or at another version
     */
    Document update(String collection, String key, long expectedVersion, byte[] body, Map<String, String> index);

    /**
     * Documents whose index has exactly a value.
     *
     * @param collection the collection
     * @param index      the index name
     * @param value      the value
     * @param offset     how many to skip, zero or more
     * @param limit      how many at most, 1 to 1000
     * @return the matching documents in ascending key order
     */
    List<Document> find(String collection, String index, String value, int offset, int limit);

    /**
     * Documents whose index value lies in a range, compared as strings (so store sortable values,
     * such as ISO-8601 instants of equal length).
     *
     * @param collection    the collection
     * @param index         the index name
     * @param fromInclusive lower bound
     * @param toExclusive   upper bound
     * @param limit         how many at most, 1 to 1000
     * @return the matching documents in ascending order of index value, then key
     */
    List<Document> findRange(String collection, String index, String fromInclusive, String toExclusive, int limit);

    /**
     * Counts documents whose index has exactly a value.
     *
     * @param collection the collection
     * @param index      the index name
     * @param value      the value
     * @return the count
     */
    long count(String collection, String index, String value);

    /**
     * Claims a unique value: a uniqueness rule such as "one shield per person per enterprise".
     *
     * @param namespace the rule's name
     * @param value     the value that must be unique
     * @param owner     what holds the claim (for example a shield number)
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#ALREADY_EXISTS} when another owner holds it;
     *         claiming again for the same owner is a no-op
     */
    void claim(String namespace, String value, String owner);

    /**
     * The owner of a claim.
     *
     * @param namespace the rule's name
     * @param value     the value
     * @return the owner, or empty
     */
    Optional<String> claimOwner(String namespace, String value);

    /**
     * Releases a claim held by an owner; a no-op when it holds none.
     *
     * @param namespace the rule's name
     * @param value     the value
     * @param owner     the owner
     */
    void release(String namespace, String value, String owner);

    /**
     * Atomically adds to a counter if the result stays at or below a ceiling. A counter that
     * does not exist counts as zero. Implementations MUST NOT read and then write: two
     * concurrent calls can never both pass a ceiling that only one fits under.
     *
     * @param counter the counter's name (a key per {@link Names#requireKey})
     * @param delta   what to add; may be negative (the result never goes below zero: it is then clamped to zero)
     * @param ceiling the highest allowed result
     * @return the new value, or empty when the ceiling would be passed (nothing changed)
     */
    OptionalLong addIfAtMost(String counter, long delta, long ceiling);

    /**
     * A counter's value.
     *
     * @param counter the counter's name
     * @return the value; zero for a counter that does not exist
     */
    long counter(String counter);

    /**
     * Sets a counter to zero.
     *
     * @param counter the counter's name
     */
    void resetCounter(String counter);

    /**
     * Appends an entry at an expected position. Two appends at the same position cannot both
     * commit: that is how a hash chain stays a chain across nodes.
     *
     * @param log      the log's name
     * @param sequence the next sequence (1 for an empty log)
     * @param body     the entry
     * @return the stored entry
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#CONCURRENT_MODIFICATION} when the
     *         position is taken or not the next one
     */
    LogEntry append(String log, long sequence, byte[] body);

    /**
     * Reads log entries in order.
     *
     * @param log          the log's name
     * @param fromSequence the first sequence to read
     * @param limit        how many at most, 1 to 1000
     * @return the entries
     */
    List<LogEntry> read(String log, long fromSequence, int limit);

    /**
     * The last entry of a log.
     *
     * @param log the log's name
     * @return the entry, or empty for an empty log
     */
    Optional<LogEntry> last(String log);
}
