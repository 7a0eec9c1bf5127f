package io.mshield.persistence;

/**
 * The transactional store behind an SDK instance.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>{@link #inTransaction} runs the work in one transaction: on normal return everything the
 *       work did through the {@link Store} is committed atomically; if the work throws, nothing it
 *       did is kept and the exception propagates unchanged.</li>
 *   <li>The guarantees of {@link Store} (uniqueness, optimistic versions, conditional counters,
 *       gap-free log sequences) MUST hold across threads and across processes sharing the
 *       same database.</li>
 *   <li>Storage failures are thrown as {@link io.mshield.ShieldException} with
 *       {@link io.mshield.ErrorCode#PERSISTENCE_FAILURE}, after rolling back.</li>
 *   <li>Thread-safe; nested calls of {@code inTransaction} on the same thread join the outer
 *       transaction.</li>
 *   <li>Methods MUST NOT return null.</li>
 * </ul>
 */
public interface Persistence extends AutoCloseable {

    /**
     * Runs work in a transaction.
     *
     * @param work the work; receives a store valid only during the call
     * @param <T>  the result type
     * @return what the work returned
     */
    <T> T inTransaction(TransactionalWork<T> work);

    /** Releases resources; throws nothing checked. */
    @Override
    void close();

    /**
     * Work run inside a transaction.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    interface TransactionalWork<T> {
        /**
         * Does the work.
         *
         * @param store the transaction's view of the store
         * @return the result
         */
        T run(Store store);
    }
}
