package io.mshield.crypto.internal.ca;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.persistence.Document;
import io.mshield.persistence.LogEntry;
import io.mshield.persistence.Persistence;
import io.mshield.persistence.Store;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The CA's records in this process's memory, for a {@link io.mshield.crypto.bc.BouncyCastleCrypto}
 * built without a {@code Persistence}: development and tests only — nothing survives the process
 * and nothing is shared with other nodes. One transaction at a time; a failed one is undone.
 * Only what the CA uses is offered: the append-only logs are not.
 */
public final class LocalCaStore implements Persistence {
    private final ReentrantLock lock = new ReentrantLock();
    /** collection → key → document. */
    private final Map<String, TreeMap<String, Document>> documents = new HashMap<>();
    private final Map<String, String> claims = new HashMap<>();
    private final Map<String, Long> counters = new HashMap<>();
    private final ThreadLocal<Deque<Runnable>> undo = new ThreadLocal<>();

    /** An empty store. */
    public LocalCaStore() {
    }

    @Override
    public <T> T inTransaction(TransactionalWork<T> work) {
        Objects.requireNonNull(work, "work");
        if (undo.get() != null) {
            return work.run(new LocalStore());
        }
        lock.lock();
        Deque<Runnable> journal = new ArrayDeque<>();
        undo.set(journal);
        try {
            return work.run(new LocalStore());
        } catch (RuntimeException | Error e) {
            journal.forEach(Runnable::run);
            throw e;
        } finally {
            undo.remove();
            lock.unlock();
        }
    }

    @Override
    public void close() {
        // nothing to release
    }

    private void onUndo(Runnable r) {
        undo.get().push(r);
    }

    private final class LocalStore implements Store {
        private TreeMap<String, Document> collection(String name) {
            return documents.computeIfAbsent(name, k -> new TreeMap<>());
        }

        private void put(String collection, Document d) {
            Document old = collection(collection).put(d.key(), d);
            onUndo(() -> {
                if (old == null) {
                    collection(collection).remove(d.key());
                } else {
                    collection(collection).put(d.key(), old);
                }
            });
        }

        private List<Document> matching(String collection, Predicate<Document> p, int offset, int limit) {
            if (limit < 1 || limit > 1000 || offset < 0) {
                throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "offset must be 0 or more and limit 1-1000");
            }
            return collection(collection).values().stream().filter(p).skip(offset).limit(limit).toList();
        }

        @Override
        public Optional<Document> get(String collection, String key) {
            return Optional.ofNullable(collection(collection).get(key));
        }

        @Override
        public Document insert(String collection, String key, byte[] body, Map<String, String> index) {
            if (collection(collection).containsKey(key)) {
                throw new ShieldException(ErrorCode.ALREADY_EXISTS, collection + " already holds the key");
            }
            Document d = new Document(collection, key, 1, body, index);
            put(collection, d);
            return d;
        }

        @Override
        public Document update(String collection, String key, long expectedVersion, byte[] body, Map<String, String> index) {
            Document old = collection(collection).get(key);
            if (old == null || old.version() != expectedVersion) {
                throw new ShieldException(ErrorCode.CONCURRENT_MODIFICATION, "a concurrent change won (" + collection + ")");
            }
            Document d = new Document(collection, key, expectedVersion + 1, body, index);
            put(collection, d);
            return d;
        }

        @Override
        public List<Document> find(String collection, String index, String value, int offset, int limit) {
            return matching(collection, d -> value.equals(d.index().get(index)), offset, limit);
        }

        @Override
        public List<Document> findRange(String collection, String index, String fromInclusive, String toExclusive, int limit) {
            return matching(collection, d -> {
                String v = d.index().get(index);
                return v != null && v.compareTo(fromInclusive) >= 0 && v.compareTo(toExclusive) < 0;
            }, 0, limit).stream().sorted((a, b) -> a.index().get(index).compareTo(b.index().get(index))).toList();
        }

        @Override
        public long count(String collection, String index, String value) {
            return collection(collection).values().stream().filter(d -> value.equals(d.index().get(index))).count();
        }

        @Override
        public void claim(String namespace, String value, String owner) {
            String k = namespace + '\u0000' + value;
            String held = claims.get(k);
            if (held != null && !held.equals(owner)) {
                throw new ShieldException(ErrorCode.ALREADY_EXISTS, namespace + " is claimed by another owner");
            }
            if (held == null) {
                claims.put(k, owner);
                onUndo(() -> claims.remove(k));
            }
        }

        @Override
        public Optional<String> claimOwner(String namespace, String value) {
            return Optional.ofNullable(claims.get(namespace + '\u0000' + value));
        }

        @Override
        public void release(String namespace, String value, String owner) {
            String k = namespace + '\u0000' + value;
            if (owner.equals(claims.get(k))) {
                claims.remove(k);
                onUndo(() -> claims.put(k, owner));
            }
        }

        @Override
        public OptionalLong addIfAtMost(String counter, long delta, long ceiling) {
            long old = counters.getOrDefault(counter, 0L);
            long next = Math.max(0L, Math.addExact(old, delta));
            if (next > ceiling) {
                return OptionalLong.empty();
            }
            counters.put(counter, next);
            onUndo(() -> counters.put(counter, old));
            return OptionalLong.of(next);
        }

        @Override
        public long counter(String counter) {
            return counters.getOrDefault(counter, 0L);
        }

        @Override
        public void resetCounter(String counter) {
            addIfAtMost(counter, -counter(counter), Long.MAX_VALUE);
        }

        @Override
        public LogEntry append(String log, long sequence, byte[] body) {
            throw new ShieldException(ErrorCode.ILLEGAL_STATE, "the CA's local store keeps no logs");
        }

        @Override
        public List<LogEntry> read(String log, long fromSequence, int limit) {
            return List.of();
        }

        @Override
        public Optional<LogEntry> last(String log) {
            return Optional.empty();
        }
    }
}
