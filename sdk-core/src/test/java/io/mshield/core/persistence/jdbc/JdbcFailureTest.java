package io.mshield.core.persistence.jdbc;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.fixtures.World;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.persistence.Persistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Database failures in the middle of an operation leave nothing behind and give a clear error. */
class JdbcFailureTest {
    private final Databases dbs = new Databases();

    @AfterEach
    void close() {
        dbs.close();
    }

    /** A data source whose connections fail on the n-th statement, like a network cut mid-transaction. */
    static final class FailingDataSource extends PlainDataSource {
        private final DataSource target;
        /** Statements left before the failure; negative means never fail. */
        final AtomicInteger statementsLeft = new AtomicInteger(-1);
        /** When true, no connection can be had at all. */
        volatile boolean down;

        FailingDataSource(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                throw new SQLException("connection refused (simulated)", "08001");
            }
            Connection real = target.getConnection();
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class}, (p, m, args) -> {
                if (m.getName().equals("prepareStatement") && statementsLeft.get() >= 0 && statementsLeft.getAndDecrement() == 0) {
                    throw new SQLException("communication link failure (simulated)", "08S01");
                }
                try {
                    return m.invoke(real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        }
    }

    @Test
    @DisplayName("a connection failing mid-transaction gives PERSISTENCE_FAILURE and commits none of the transaction's writes")
    void midTransaction() {
        String url = Databases.h2();
        FailingDataSource ds = new FailingDataSource(dbs.pool(url, "sa", ""));
        Persistence p = JdbcPersistence.migrateAndCreate(ds);
        ds.statementsLeft.set(4);
        assertThatThrownBy(() -> p.inTransaction(s -> {
            s.insert("docs", "k1", "v".getBytes(StandardCharsets.UTF_8), Map.of("i", "x"));
            s.claim("ns", "value", "owner");
            s.addIfAtMost("ctr", 1, 5);
            s.append("log", 1, new byte[]{1});
            return null;
        })).isInstanceOfSatisfying(ShieldException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PERSISTENCE_FAILURE);
            assertThat(e.getMessage()).contains("SQLState 08S01").doesNotContain("INSERT").doesNotContain("owner");
        });
        ds.statementsLeft.set(-1);
        p.inTransaction(s -> {
            assertThat(s.get("docs", "k1")).isEmpty();
            assertThat(s.claimOwner("ns", "value")).isEmpty();
            assertThat(s.counter("ctr")).isZero();
            assertThat(s.last("log")).isEmpty();
            return null;
        });
    }

    @Test
    @DisplayName("R2.10 an enrollment cut by a database failure leaves no shield, binding or audit entry, and can start again")
    void engineLeavesNoPartialState() {
        String url = Databases.h2();
        FailingDataSource ds = new FailingDataSource(dbs.pool(url, "sa", ""));
        World w = new World(b -> b.coolingOff(CoolingOffPolicy.none()), JdbcPersistence.migrateAndCreate(ds));
        long auditBefore = w.sdk.audit().verify().entriesChecked();
        ds.statementsLeft.set(12);
        assertThatThrownBy(() -> w.sdk.enrollment().start(w.application(World.BOSS, "dev-1", "acct-boss")))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERSISTENCE_FAILURE));
        ds.statementsLeft.set(-1);
        assertThat(w.sdk.shields().shieldsOf(World.ENTERPRISE, World.BOSS)).isEmpty();
        assertThat(w.sdk.audit().verify().entriesChecked()).isEqualTo(auditBefore);
        assertThat(w.open(World.BOSS, "dev-1", "acct-boss", "135790").status()).isEqualTo(io.mshield.shield.ShieldStatus.ACTIVE);
        assertThat(w.sdk.audit().verify().intact()).isTrue();
    }

    @Test
    @DisplayName("a lost database gives a clear PERSISTENCE_FAILURE and no corruption once it is back")
    void lostConnection() {
        String url = Databases.h2();
        FailingDataSource ds = new FailingDataSource(dbs.pool(url, "sa", ""));
        Persistence p = JdbcPersistence.migrateAndCreate(ds);
        p.inTransaction(s -> s.insert("docs", "k", new byte[]{1}, Map.of()));
        ds.down = true;
        assertThatThrownBy(() -> p.inTransaction(s -> s.get("docs", "k"))).isInstanceOfSatisfying(ShieldException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PERSISTENCE_FAILURE);
            assertThat(e.getMessage()).contains("cannot open a database transaction");
        });
        ds.down = false;
        java.util.Optional<io.mshield.persistence.Document> back = p.inTransaction(s -> s.get("docs", "k"));
        assertThat(back).isPresent();
    }
}
