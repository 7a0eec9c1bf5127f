package io.mshield.core.persistence.memory;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.persistence.Document;
import io.mshield.persistence.LogEntry;
import io.mshield.persistence.Names;
import io.mshield.persistence.Persistence;
import io.mshield.persistence.Store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Persistence} in memory, for tests, demos and quick starts. Nothing survives the JVM.
 *
 * <p>Transactions are serialized by one lock per instance, and undone from a journal when the
 * work throws, so every guarantee of {@link Store} holds trivially across threads (there is only
 * one process). Keep the work inside a transaction short: cryptography belongs outside it.
 */
public final class InMemoryPersistence implements Persistence {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, TreeMap<String, Document>> documents = new HashMap<>();
    /** collection → index name → value → keys, so that find and count cost a lookup, not a scan. */
    private final Map<String, Map<String, Map<String, TreeSet<String>>>> indexes = new HashMap<>();
    private final Map<String, Map<String, String>> claims = new HashMap<>();
    private final Map<String, Long> counters = new HashMap<>();
    private final Map<String, List<LogEntry>> logs = new HashMap<>();
    private final ThreadLocal<Deque<Runnable>> journal = new ThreadLocal<>();
    private volatile boolean closed;

    /** Creates an empty store. */
    public InMemoryPersistence() {
    }

    @Override
    public <T> T inTransaction(TransactionalWork<T> work) {
        Objects.requireNonNull(work, "work");
        if (closed) {
            throw new ShieldException(ErrorCode.PERSISTENCE_FAILURE, "the in-memory store is closed");
        }
        if (journal.get() != null) {
            return work.run(new MemoryStore());
        }
        lock.lock();
        Deque<Runnable> undo = new ArrayDeque<>();
        journal.set(undo);
        try {
            T result = work.run(new MemoryStore());
            undo.clear();
            return result;
        } catch (RuntimeException | Error e) {
            while (!undo.isEmpty()) {
                undo.pop().run();
            }
            throw e;
        } finally {
            journal.remove();
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private void indexAdd(String collection, Document d) {
        Map<String, Map<String, TreeSet<String>>> byName = indexes.computeIfAbsent(collection, k -> new HashMap<>());
        d.index().forEach((name, value) -> byName.computeIfAbsent(name, k -> new HashMap<>())
                .computeIfAbsent(value, k -> new TreeSet<>()).add(d.key()));
    }

    private void indexRemove(String collection, Document d) {
        Map<String, Map<String, TreeSet<String>>> byName = indexes.get(collection);
        if (byName == null) {
            return;
        }
        d.index().forEach((name, value) -> {
            Map<String, TreeSet<String>> byValue = byName.get(name);
            TreeSet<String> keys = byValue == null ? null : byValue.get(value);
            if (keys != null) {
                keys.remove(d.key());
                if (keys.isEmpty()) {
                    byValue.remove(value);
                }
            }
        });
    }

    private Set<String> indexed(String collection, String index, String value) {
        return indexes.getOrDefault(collection, Map.of()).getOrDefault(index, Map.of()).getOrDefault(value, new TreeSet<>());
    }

    private void onUndo(Runnable r) {
        Deque<Runnable> undo = journal.get();
        if (undo == null) {
            throw new IllegalStateException("store used outside its transaction");
        }
        undo.push(r);
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > 1000) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "limit must be 1-1000: " + limit);
        }
    }

    private final class MemoryStore implements Store {

        private void requireActive() {
            if (journal.get() == null || !lock.isHeldByCurrentThread()) {
                throw new IllegalStateException("store used outside its transaction");
            }
        }

        @Override
        public Optional<Document> get(String collection, String key) {
            requireActive();
            Names.requireName(collection, "collection");
            Names.requireKey(key, "key");
            TreeMap<String, Document> c = documents.get(collection);
            return c == null ? Optional.empty() : Optional.ofNullable(c.get(key));
        }

        @Override
        public Document insert(String collection, String key, byte[] body, Map<String, String> index) {
            requireActive();
            Document d = new Document(collection, key, 1, body, index);
            TreeMap<String, Document> c = documents.computeIfAbsent(collection, k -> new TreeMap<>());
            if (c.containsKey(key)) {
                throw new ShieldException(ErrorCode.ALREADY_EXISTS, collection + " already has key " + key);
            }
            c.put(key, d);
            indexAdd(collection, d);
            onUndo(() -> {
                c.remove(key);
                indexRemove(collection, d);
            });
            return d;
        }

        @Override
        public Document update(String collection, String key, long expectedVersion, byte[] body, Map<String, String> index) {
            requireActive();
            Names.requireName(collection, "collection");
            TreeMap<String, Document> c = documents.get(collection);
            Document old = c == null ? null : c.get(Names.requireKey(key, "key"));
            if (old == null || old.version() != expectedVersion) {
                throw new ShieldException(ErrorCode.CONCURRENT_MODIFICATION,
                        collection + "/" + key + " is not at version " + expectedVersion);
            }
            Document d = new Document(collection, key, expectedVersion + 1, body, index);
            c.put(key, d);
            indexRemove(collection, old);
            indexAdd(collection, d);
            onUndo(() -> {
                c.put(key, old);
                indexRemove(collection, d);
                indexAdd(collection, old);
            });
            return d;
        }

        @Override
        public List<Document> find(String collection, String index, String value, int offset, int limit) {
            requireActive();
            Names.requireName(collection, "collection");
            Names.requireName(index, "index");
            Names.requireKey(value, "value");
            checkLimit(limit);
            if (offset < 0) {
                throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "offset must not be negative: " + offset);
            }
            TreeMap<String, Document> c = documents.getOrDefault(collection, new TreeMap<>());
            return indexed(collection, index, value).stream().skip(offset).limit(limit).map(c::get).toList();
        }

        @Override
        public List<Document> findRange(String collection, String index, String fromInclusive, String toExclusive, int limit) {
            requireActive();
            Names.requireName(collection, "collection");
            Names.requireName(index, "index");
            Objects.requireNonNull(fromInclusive, "fromInclusive");
            Objects.requireNonNull(toExclusive, "toExclusive");
            checkLimit(limit);
            TreeMap<String, Document> c = documents.getOrDefault(collection, new TreeMap<>());
            return c.values().stream().filter(d -> {
                String v = d.index().get(index);
                return v != null && v.compareTo(fromInclusive) >= 0 && v.compareTo(toExclusive) < 0;
            }).sorted(Comparator.comparing((Document d) -> d.index().get(index)).thenComparing(Document::key))
                    .limit(limit).toList();
        }

        @Override
        public long count(String collection, String index, String value) {
            requireActive();
            Names.requireName(collection, "collection");
            Names.requireName(index, "index");
            Names.requireKey(value, "value");
            return indexed(collection, index, value).size();
        }

        @Override
        public void claim(String namespace, String value, String owner) {
            requireActive();
            Names.requireName(namespace, "namespace");
            Names.requireKey(value, "value");
            Names.requireKey(owner, "owner");
            Map<String, String> ns = claims.computeIfAbsent(namespace, k -> new HashMap<>());
            String current = ns.get(value);
            if (current != null) {
                if (current.equals(owner)) {
                    return;
                }
                throw new ShieldException(ErrorCode.ALREADY_EXISTS, namespace + " is already claimed for this value");
            }
            ns.put(value, owner);
            onUndo(() -> ns.remove(value));
        }

        @Override
        public Optional<String> claimOwner(String namespace, String value) {
            requireActive();
            Names.requireName(namespace, "namespace");
            Names.requireKey(value, "value");
            return Optional.ofNullable(claims.getOrDefault(namespace, Map.of()).get(value));
        }

        @Override
        public void release(String namespace, String value, String owner) {
            requireActive();
            Names.requireName(namespace, "namespace");
            Names.requireKey(value, "value");
            Names.requireKey(owner, "owner");
            Map<String, String> ns = claims.get(namespace);
            if (ns != null && owner.equals(ns.get(value))) {
                ns.remove(value);
                onUndo(() -> ns.put(value, owner));
            }
        }

        @Override
        public OptionalLong addIfAtMost(String counter, long delta, long ceiling) {
            requireActive();
            Names.requireKey(counter, "counter");
            long current = counters.getOrDefault(counter, 0L);
            long next = Math.max(0L, Math.addExact(current, delta));
            if (next > ceiling) {
                return OptionalLong.empty();
            }
            Long old = counters.put(counter, next);
            onUndo(() -> {
                if (old == null) {
                    counters.remove(counter);
                } else {
                    counters.put(counter, old);
                }
            });
            return OptionalLong.of(next);
        }

        @Override
        public long counter(String counter) {
            requireActive();
            Names.requireKey(counter, "counter");
            return counters.getOrDefault(counter, 0L);
        }

        @Override
        public void resetCounter(String counter) {
            requireActive();
            Names.requireKey(counter, "counter");
            Long old = counters.remove(counter);
            if (old != null) {
                onUndo(() -> counters.put(counter, old));
            }
        }

        @Override
        public LogEntry append(String log, long sequence, byte[] body) {
            requireActive();
            LogEntry entry = new LogEntry(log, sequence, body);
            List<LogEntry> entries = logs.computeIfAbsent(log, k -> new ArrayList<>());
            if (sequence != entries.size() + 1L) {
                throw new ShieldException(ErrorCode.CONCURRENT_MODIFICATION,
                        "log " + log + " expects sequence " + (entries.size() + 1) + ", not " + sequence);
            }
            entries.add(entry);
            onUndo(() -> entries.remove(entries.size() - 1));
            return entry;
        }

        @Override
        public List<LogEntry> read(String log, long fromSequence, int limit) {
            requireActive();
            Names.requireName(log, "log");
            checkLimit(limit);
            if (fromSequence < 1) {
                throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "fromSequence must be at least 1: " + fromSequence);
            }
            List<LogEntry> entries = logs.getOrDefault(log, List.of());
            if (fromSequence > entries.size()) {
                return List.of();
            }
            int from = (int) (fromSequence - 1);
            return List.copyOf(entries.subList(from, Math.min(entries.size(), from + limit)));
        }

        @Override
        public Optional<LogEntry> last(String log) {
            requireActive();
            Names.requireName(log, "log");
            List<LogEntry> entries = logs.getOrDefault(log, List.of());
            return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
        }
    }
}
