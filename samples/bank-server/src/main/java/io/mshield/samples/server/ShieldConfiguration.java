package io.mshield.samples.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mshield.MobileShield;
import io.mshield.core.MobileShields;
import io.mshield.core.persistence.jdbc.JdbcPersistence;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.persistence.Persistence;
import io.mshield.pin.PinPolicy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The SDK as Spring beans: one {@link MobileShield} per server, closed with the context.
 *
 * <p>By default the store is an embedded H2 database and the bank's keys a password-protected key
 * store file, both in {@code mshield.data} (default {@code ./mshield-data}). Setting
 * {@code mshield.database.url} (with {@code mshield.database.user} and
 * {@code mshield.database.password}) uses that JDBC database instead, e.g. PostgreSQL; its schema
 * is migrated on start. A {@link Clock} bean, where the context has one, is the SDK's clock.
 */
@Configuration(proxyBeanMethods = false)
public class ShieldConfiguration {

    /**
     * The bank's stand-in systems.
     *
     * @return the sandbox
     */
    @Bean
    public SandboxBank sandboxBank() {
        return new SandboxBank();
    }

    /**
     * The crypto provider, its key storage a key store file in the data folder; the embedded CA keeps
     * its records in the SDK's store, so that it survives restarts (docs/ca.md).
     *
     * @param data             the data folder
     * @param keyStorePassword the key store's password
     * @param persistence      the SDK's store
     * @return the provider
     */
    @Bean
    public BouncyCastleCrypto shieldCrypto(@Value("${mshield.data:mshield-data}") Path data,
                                           @Value("${mshield.keystore-password:sample-only-password}") String keyStorePassword,
                                           Persistence persistence) {
        createDirectories(data);
        return BouncyCastleCrypto.builder()
                .keyStorage(BouncyCastleCrypto.keyStoreFile(data.resolve("bank-keys.mks"), keyStorePassword.toCharArray()))
                .persistence(persistence)
                .build();
    }

    /**
     * The store: embedded H2 in the data folder, or the database named by {@code mshield.database.url}.
     *
     * @param data     the data folder
     * @param url      a JDBC URL, empty for the embedded default
     * @param user     the database user
     * @param password the database password
     * @return the store
     */
    @Bean
    public Persistence shieldPersistence(@Value("${mshield.data:mshield-data}") Path data,
                                         @Value("${mshield.database.url:}") String url,
                                         @Value("${mshield.database.user:}") String user,
                                         @Value("${mshield.database.password:}") String password) {
        if (url.isBlank()) {
            createDirectories(data);
            return JdbcPersistence.embeddedH2(data);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(8);
        return JdbcPersistence.migrateAndCreate(new HikariDataSource(config));
    }

    /**
     * The SDK, built once and closed with the context.
     *
     * @param persistence the store
     * @param crypto      the crypto provider
     * @param bank        the bank's systems
     * @param clock       a clock bean, if the context has one (tests); otherwise UTC system time
     * @return the SDK
     */
    @Bean(destroyMethod = "close")
    public MobileShield mobileShield(Persistence persistence, BouncyCastleCrypto crypto, SandboxBank bank, ObjectProvider<Clock> clock) {
        return MobileShields.builder()
                .persistence(persistence)
                .crypto(crypto)
                .smsSender(bank).faceVerifier(bank).identityRegistry(bank).hardwareKeys(bank)
                .pinPolicy(PinPolicy.seed002())
                .coolingOff(CoolingOffPolicy.seed004())
                .clock(clock.getIfAvailable(Clock::systemUTC))
                .random(new SecureRandom())
                .build();
    }

    private static void createDirectories(Path data) {
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + data, e);
        }
    }
}
