package io.mshield.core.seal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mshield.Actor;
import io.mshield.core.fixtures.World;
import io.mshield.core.persistence.AbstractPersistenceContractTest;
import io.mshield.core.persistence.jdbc.JdbcPersistence;
import io.mshield.core.seal.SealBank.UsbCert;
import io.mshield.identity.IdDocumentType;
import io.mshield.identity.PersonName;
import io.mshield.identity.PhoneNumber;
import io.mshield.pin.LockoutAction;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinProof;
import io.mshield.seal.Seal;
import io.mshield.seal.SealHolder;
import io.mshield.seal.SealMedium;
import io.mshield.seal.SealOperation;
import io.mshield.seal.SealType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.mshield.core.fixtures.World.ENTERPRISE;
import static io.mshield.core.fixtures.World.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R8.5 across nodes: two SDK instances, each with its own connection pool, on one H2 database;
 * concurrent wrong seal PINs on both never get more evaluations than the policy's limit, because
 * each is reserved by a conditional UPDATE of the shared counter before the PIN is evaluated.
 */
class SealPinRaceTest {
    private static final String SEAL_PIN = "258036";
    private static final Actor BOSS_ACTOR = World.legalRep(ENTERPRISE);
    private final List<HikariDataSource> pools = new ArrayList<>();

    private javax.sql.DataSource pool(String url) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername("sa");
        c.setPassword("");
        c.setMaximumPoolSize(10);
        HikariDataSource ds = new HikariDataSource(c);
        pools.add(ds);
        return ds;
    }

    @AfterEach
    void close() {
        pools.forEach(HikariDataSource::close);
    }

    @Test
    @DisplayName("R8.5 48 concurrent wrong seal PINs across two SDK instances on one H2 database: exactly 5 are evaluated, then locked on both")
    void wrongPinsAcrossTwoNodes() throws Exception {
        String url = "jdbc:h2:mem:seal" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000";
        SealBank a = new SealBank(JdbcPersistence.migrateAndCreate(pool(url)), b -> b);
        SealBank b = a.secondNode(JdbcPersistence.create(pool(url)), x -> x);
        SealBank[] nodes = {a, b};
        Seal seal = a.register(ENTERPRISE, SealType.OFFICIAL, "厦门测试有限公司", SEAL_PIN);
        UsbCert cert = a.trusted.issue("UK0001", a.clock.instant());
        SealOperation op = b.w.sdk.seals().startBinding(BOSS_ACTOR, ENTERPRISE, seal.id(), new SealMedium.UsbKey("UK0001"), cert.der(),
                new SealHolder(PersonName.of("李四"), IdDocumentType.MAINLAND_RESIDENT_ID, OPERATOR, PhoneNumber.of("13900000002")), false);
        int n = 48;
        List<PinProof.EncryptedPin> blocks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SealBank node = nodes[i % 2];
            blocks.add(node.pinBlock(node.w.sdk.seals().pinChallenge(BOSS_ACTOR, op.id()), "81624" + (i % 10)));
        }
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger locked = new AtomicInteger();
        AbstractPersistenceContractTest.race(n, i -> {
            PinCheck c = nodes[i % 2].w.sdk.seals().verifyPin(BOSS_ACTOR, op.id(), blocks.get(i));
            if (c instanceof PinCheck.Rejected) {
                rejected.incrementAndGet();
            } else if (c instanceof PinCheck.Locked l && l.action() == LockoutAction.LOCK_CONTACT_CA) {
                locked.incrementAndGet();
            }
            return true;
        });
        long evaluated = a.w.sdk.audit().read(1, 1000).stream()
                .filter(e -> e.action().equals("seal.pin_rejected") || e.action().equals("seal.pin_locked")).count();
        assertThat(evaluated).as("PINs evaluated").isEqualTo(5);
        assertThat(rejected).hasValue(4);
        assertThat(locked).hasValue(n - 4);
        assertThat(a.w.sdk.seals().seal(seal.id()).pinLocked()).isTrue();
        assertThat(b.w.sdk.seals().seal(seal.id()).pinLocked()).isTrue();
        assertThat(b.w.sdk.seals().verifyPin(BOSS_ACTOR, op.id(), b.pinBlock(b.w.sdk.seals().pinChallenge(BOSS_ACTOR, op.id()), SEAL_PIN)))
                .as("the right PIN, after the lock").isInstanceOf(PinCheck.Locked.class);
        assertThat(a.w.sdk.audit().verify().intact()).isTrue();
    }
}
