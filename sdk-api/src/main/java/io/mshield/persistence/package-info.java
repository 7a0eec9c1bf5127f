/**
 * The persistence SPI: a small transactional store that sdk-core keeps all its state in.
 *
 * <p>It offers exactly what the rules need to hold across threads and across SDK nodes on one
 * database: transactions, versioned documents with optimistic updates and secondary indexes,
 * unique keys, atomic conditional counters and append-only logs. Documents are opaque bytes to
 * the store (sdk-core writes JSON), so a bank's adapter needs no knowledge of the domain.
 * sdk-core ships an in-memory and a JDBC implementation; a bank may write its own and test it
 * with the abstract contract test in sdk-core's test-jar.
 */
package io.mshield.persistence;
