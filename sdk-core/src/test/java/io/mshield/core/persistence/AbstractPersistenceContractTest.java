package io.mshield.core.persistence;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.persistence.Document;
import io.mshield.persistence.LogEntry;
import io.mshield.persistence.Persistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of {@link Persistence} and {@link io.mshield.persistence.Store}, published in
 * sdk-core's test-jar: a bank's own adapter extends this class and implements
 * {@link #newPersistence()} (and, to prove rules across nodes, {@link #secondNode()}).
 *
 * <p>Each test uses fresh, random names, so an implementation backed by a shared database need
 * not be emptied between tests.
 */
public abstract class AbstractPersistenceContractTest {
    /** The store under test. */
    protected Persistence persistence;
    private String prefix;

    /**
     * Creates the store under test.
     *
     * @return a new store, empty or with unrelated data
     */
    protected abstract Persistence newPersistence();

    /**
     * A second instance on the same data, as a second SDK node would have; the default is the
     * same instance (single-process stores).
     *
     * @return the second node's store
     */
    protected Persistence secondNode() {
        return persistence;
    }

    @BeforeEach
    void open() {
        persistence = newPersistence();
        prefix = "t" + Long.toHexString(System.nanoTime()) + Integer.toHexString(System.identityHashCode(this));
    }

    @AfterEach
    void closeStore() {
        if (secondNode() != persistence) {
            secondNode().close();
        }
        persistence.close();
    }

    private String name(String n) {
        return (prefix + "_" + n).toLowerCase();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("insert, get and update with optimistic versions")
    void insertGetUpdate() {
        String c = name("docs");
        Document d = persistence.inTransaction(s -> s.insert(c, "k1", b("one"), Map.of("owner", "alice")));
        assertThat(d.version()).isEqualTo(1);
        Document u = persistence.inTransaction(s -> s.update(c, "k1", 1, b("two"), Map.of("owner", "bob")));
        assertThat(u.version()).isEqualTo(2);
        Optional<Document> read = persistence.inTransaction(s -> s.get(c, "k1"));
        assertThat(read).get().satisfies(r -> {
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("two");
            assertThat(r.index()).containsEntry("owner", "bob");
        });
        assertThatThrownBy(() -> persistence.inTransaction(s -> s.update(c, "k1", 1, b("stale"), Map.of())))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION));
        assertThatThrownBy(() -> persistence.inTransaction(s -> s.update(c, "missing", 1, b("x"), Map.of())))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION));
        Optional<Document> after = persistence.inTransaction(s -> s.get(c, "k1"));
        assertThat(after).get().extracting(Document::version).isEqualTo(2L);
    }

    @Test
    @DisplayName("a duplicate key is refused with ALREADY_EXISTS and the first document stays")
    void duplicateKey() {
        String c = name("docs");
        persistence.inTransaction(s -> s.insert(c, "k", b("first"), Map.of()));
        assertThatThrownBy(() -> persistence.inTransaction(s -> s.insert(c, "k", b("second"), Map.of())))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        Optional<Document> kept = persistence.inTransaction(s -> s.get(c, "k"));
        assertThat(kept).get().extracting(x -> new String(x.body(), StandardCharsets.UTF_8)).isEqualTo("first");
    }

    @Test
    @DisplayName("keys that differ only in case or trailing spaces are different keys")
    void exactKeys() {
        String c = name("docs");
        String ns = name("ns");
        persistence.inTransaction(s -> {
            s.insert(c, "k", b("1"), Map.of());
            s.insert(c, "k ", b("2"), Map.of());
            s.insert(c, "K", b("3"), Map.of());
            s.claim(ns, "v", "a");
            s.claim(ns, "v ", "b");
            return null;
        });
        Optional<Document> spaced = persistence.inTransaction(s -> s.get(c, "k "));
        assertThat(spaced).get().extracting(d -> new String(d.body(), StandardCharsets.UTF_8)).isEqualTo("2");
    }

    @Test
    @DisplayName("a transaction that throws leaves nothing behind")
    void rollback() {
        String c = name("docs");
        String ctr = name("ctr");
        String log = name("log");
        String ns = name("ns");
        persistence.inTransaction(s -> s.insert(c, "keep", b("v1"), Map.of()));
        assertThatThrownBy(() -> persistence.inTransaction(s -> {
            s.insert(c, "new", b("x"), Map.of());
            s.update(c, "keep", 1, b("v2"), Map.of());
            s.addIfAtMost(ctr, 3, 10);
            s.claim(ns, "value", "owner");
            s.append(log, 1, b("entry"));
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        persistence.inTransaction(s -> {
            assertThat(s.get(c, "new")).isEmpty();
            assertThat(s.get(c, "keep")).get().extracting(Document::version).isEqualTo(1L);
            assertThat(s.counter(ctr)).isZero();
            assertThat(s.claimOwner(ns, "value")).isEmpty();
            assertThat(s.last(log)).isEmpty();
            return null;
        });
    }

    @Test
    @DisplayName("find and count by index, paged in key order; findRange by string order")
    void indexes() {
        String c = name("docs");
        persistence.inTransaction(s -> {
            for (int i = 0; i < 5; i++) {
                s.insert(c, "k" + i, b("v" + i), Map.of("group", i % 2 == 0 ? "even" : "odd", "at", "2026-01-0" + (5 - i)));
            }
            return null;
        });
        persistence.inTransaction(s -> {
            assertThat(s.find(c, "group", "even", 0, 10)).extracting(Document::key).containsExactly("k0", "k2", "k4");
            assertThat(s.find(c, "group", "even", 1, 1)).extracting(Document::key).containsExactly("k2");
            assertThat(s.count(c, "group", "odd")).isEqualTo(2);
            assertThat(s.findRange(c, "at", "2026-01-02", "2026-01-05", 10)).extracting(Document::key)
                    .containsExactly("k3", "k2", "k1");
            return null;
        });
    }

    @Test
    @DisplayName("claims are unique per namespace and value; the same owner may claim again")
    void claims() {
        String ns = name("ns");
        persistence.inTransaction(s -> {
            s.claim(ns, "v", "a");
            s.claim(ns, "v", "a");
            return null;
        });
        assertThatThrownBy(() -> persistence.inTransaction(s -> {
            s.claim(ns, "v", "b");
            return null;
        })).isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        persistence.inTransaction(s -> {
            s.release(ns, "v", "b");
            assertThat(s.claimOwner(ns, "v")).contains("a");
            s.release(ns, "v", "a");
            assertThat(s.claimOwner(ns, "v")).isEmpty();
            s.claim(ns, "v", "b");
            return null;
        });
    }

    @Test
    @DisplayName("counters add only up to the ceiling and never below zero")
    void counters() {
        String ctr = name("ctr");
        persistence.inTransaction(s -> {
            assertThat(s.addIfAtMost(ctr, 4, 5)).hasValue(4);
            assertThat(s.addIfAtMost(ctr, 2, 5)).isEmpty();
            assertThat(s.counter(ctr)).isEqualTo(4);
            assertThat(s.addIfAtMost(ctr, -10, 5)).hasValue(0);
            assertThat(s.addIfAtMost(ctr, 5, 5)).hasValue(5);
            s.resetCounter(ctr);
            assertThat(s.counter(ctr)).isZero();
            return null;
        });
    }

    @Test
    @DisplayName("logs append at the next sequence only and read in order")
    void logs() {
        String log = name("log");
        persistence.inTransaction(s -> {
            s.append(log, 1, b("a"));
            s.append(log, 2, b("b"));
            return null;
        });
        assertThatThrownBy(() -> persistence.inTransaction(s -> s.append(log, 2, b("dup"))))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION));
        assertThatThrownBy(() -> persistence.inTransaction(s -> s.append(log, 4, b("gap"))))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION));
        persistence.inTransaction(s -> {
            assertThat(s.read(log, 1, 10)).extracting(LogEntry::sequence).containsExactly(1L, 2L);
            assertThat(s.read(log, 2, 10)).extracting(e -> new String(e.body(), StandardCharsets.UTF_8)).containsExactly("b");
            assertThat(s.last(log)).get().extracting(LogEntry::sequence).isEqualTo(2L);
            return null;
        });
    }

    @Test
    @DisplayName("R5.3 64 concurrent increments against a ceiling of 5, from two nodes: exactly 5 pass")
    void concurrentCounter() throws Exception {
        String ctr = name("pin");
        List<Boolean> results = race(64, i -> node(i).inTransaction(s -> s.addIfAtMost(ctr, 1, 5)).isPresent());
        assertThat(results.stream().filter(x -> x).count()).isEqualTo(5);
        long value = persistence.inTransaction(s -> s.counter(ctr));
        assertThat(value).isEqualTo(5);
    }

    @Test
    @DisplayName("64 concurrent claims of one value, from two nodes: exactly one wins")
    void concurrentClaims() throws Exception {
        String ns = name("ns");
        List<Boolean> results = race(64, i -> {
            try {
                node(i).inTransaction(s -> {
                    s.claim(ns, "device-1", "owner-" + i);
                    return null;
                });
                return true;
            } catch (ShieldException e) {
                assertThat(e.code()).isIn(ErrorCode.ALREADY_EXISTS, ErrorCode.CONCURRENT_MODIFICATION);
                return false;
            }
        });
        assertThat(results.stream().filter(x -> x).count()).isEqualTo(1);
    }

    @Test
    @DisplayName("64 concurrent appends at the same position, from two nodes: exactly one commits")
    void concurrentAppends() throws Exception {
        String log = name("log");
        List<Boolean> results = race(64, i -> {
            try {
                node(i).inTransaction(s -> s.append(log, 1, b("entry-" + i)));
                return true;
            } catch (ShieldException e) {
                assertThat(e.code()).isIn(ErrorCode.CONCURRENT_MODIFICATION, ErrorCode.ALREADY_EXISTS);
                return false;
            }
        });
        assertThat(results.stream().filter(x -> x).count()).isEqualTo(1);
        List<LogEntry> entries = persistence.inTransaction(s -> s.read(log, 1, 10));
        assertThat(entries).hasSize(1);
    }

    @Test
    @DisplayName("64 concurrent optimistic updates of one version: exactly one wins")
    void concurrentUpdates() throws Exception {
        String c = name("docs");
        persistence.inTransaction(s -> s.insert(c, "k", b("v1"), Map.of()));
        AtomicInteger wins = new AtomicInteger();
        race(64, i -> {
            try {
                node(i).inTransaction(s -> s.update(c, "k", 1, b("v" + i), Map.of()));
                wins.incrementAndGet();
                return true;
            } catch (ShieldException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION);
                return false;
            }
        });
        assertThat(wins).hasValue(1);
        Optional<Document> winner = persistence.inTransaction(s -> s.get(c, "k"));
        assertThat(winner).get().extracting(Document::version).isEqualTo(2L);
    }

    @Test
    @DisplayName("bad names are refused with INVALID_ARGUMENT")
    void badNames() {
        assertThatThrownBy(() -> persistence.inTransaction(s -> s.get("Bad-Name", "k")))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> persistence.inTransaction(s -> s.get(name("c"), "")))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> persistence.inTransaction(s -> s.read(name("log"), 1, 0)))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    private Persistence node(int i) {
        return i % 2 == 0 ? persistence : secondNode();
    }

    /** Work of one racing thread. */
    @FunctionalInterface
    public interface Racer {
        /**
         * Runs once in thread {@code i}.
         *
         * @param i the thread's number
         * @return whether it succeeded
         * @throws Exception anything
         */
        boolean run(int i) throws Exception;
    }

    /**
     * Starts {@code n} threads at once on a latch and collects their results.
     *
     * @param n     how many threads
     * @param racer the work
     * @return the results in thread order
     * @throws Exception when a thread failed unexpectedly
     */
    public static List<Boolean> race(int n, Racer racer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                Callable<Boolean> task = () -> {
                    start.await();
                    return racer.run(id);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<Boolean> out = new ArrayList<>();
            for (Future<Boolean> f : futures) {
                out.add(f.get(2, TimeUnit.MINUTES));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

}
