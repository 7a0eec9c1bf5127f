package io.mshield.samples.server;

import io.mshield.crypto.KeyAlgorithm;
import io.mshield.samples.phone.BankClient;
import io.mshield.samples.phone.SimPhone;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every server test shares: one Spring context on a random port (the same annotations on
 * every class, so Spring's test context cache starts the server once), its H2 database in a new
 * folder under target/, and a clock the tests can move forward. Each test opens its shields for
 * people of the sandbox filing not used before in this JVM.
 */
@SpringBootTest(classes = BankServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"mshield.data=target/test-data/${random.uuid}", "logging.level.io.mshield=DEBUG"})
@Import(ServerTest.Clocks.class)
abstract class ServerTest {
    /** The next sandbox operator to use (1 to 40; 0 is the legal representative, used by the browser test). */
    private static final AtomicInteger NEXT_PERSON = new AtomicInteger(1);

    @LocalServerPort
    int port;

    @Autowired
    MovableClock clock;

    /** A clock that tests move forward (never back, so that tests sharing it stay independent). */
    static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        MovableClock movableClock() {
            return new MovableClock();
        }
    }

    BankClient bank() {
        return new BankClient(URI.create("http://localhost:" + port));
    }

    /** A phone of a person not used before, enrolled. */
    SimPhone enrolled(String custody, KeyAlgorithm algorithm, String pin) {
        SimPhone phone = newPhone();
        phone.enroll(custody, algorithm, pin);
        return phone;
    }

    SimPhone newPhone() {
        int n = NEXT_PERSON.getAndIncrement();
        if (n > SandboxBank.OPERATORS) {
            throw new IllegalStateException("the sandbox filing has no operator left; raise SandboxBank.OPERATORS");
        }
        SimPhone.Person p = SimPhone.sandboxPerson(bank(), n);
        return new SimPhone(bank(), p, "test-phone-" + n);
    }
}
