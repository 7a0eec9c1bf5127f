package io.mshield.core.internal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.audit.AuditCheckpoint;
import io.mshield.audit.AuditEntry;
import io.mshield.audit.AuditSink;
import io.mshield.certificate.RenewalPolicy;
import io.mshield.core.internal.audit.AuditChain;
import io.mshield.core.internal.shield.ShieldRepository;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.ShieldCrypto;
import io.mshield.enrollment.BindingPolicy;
import io.mshield.enrollment.FacePolicy;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.OtpPolicy;
import io.mshield.enrollment.SmsSender;
import io.mshield.identity.IdentityRegistry;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.limit.CumulativeLimits;
import io.mshield.limit.ScenarioLimits;
import io.mshield.persistence.Persistence;
import io.mshield.pin.PinPolicy;
import io.mshield.transaction.HardwareKeyDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything an SDK instance is made of: the bank's SPIs, the policies, the clock and the
 * randomness. Immutable; one per {@link io.mshield.MobileShield} instance, shared by its services.
 *
 * @param persistence   the store
 * @param crypto        the crypto SPIs
 * @param sms           the SMS gateway
 * @param face          the face verifier
 * @param registry      the identity registry
 * @param hardwareKeys  the hardware-key directory
 * @param auditSink     the optional audit copy
 * @param pinPolicy     the PIN policy
 * @param bindingPolicy the binding policy
 * @param otpPolicy     the one-time-code policy
 * @param facePolicy    the face policy
 * @param renewalPolicy the renewal policy
 * @param scenarioLimits the per-scenario caps
 * @param cumulativeLimits the cumulative limits
 * @param coolingOff    the cooling-off policy
 * @param clock         the clock
 * @param random        the randomness
 * @param json          the JSON codec
 * @param auditChain    the audit chain
 * @param shields       the shield repository
 * @param systemKeys    the bank's own keys for PIN and one-time codes
 */
public record Context(Persistence persistence, ShieldCrypto crypto, SmsSender sms, FaceVerifier face,
                      IdentityRegistry registry, HardwareKeyDirectory hardwareKeys, Optional<AuditSink> auditSink,
                      PinPolicy pinPolicy, BindingPolicy bindingPolicy, OtpPolicy otpPolicy, FacePolicy facePolicy,
                      RenewalPolicy renewalPolicy, ScenarioLimits scenarioLimits, CumulativeLimits cumulativeLimits,
                      CoolingOffPolicy coolingOff, Clock clock, SecureRandom random, Json json, AuditChain auditChain,
                      ShieldRepository shields, SystemKeys systemKeys) {
    private static final Logger LOG = LoggerFactory.getLogger(Context.class);
    private static final int MAX_RETRIES = 30;

    /**
     * Validates.
     */
    public Context {
        Objects.requireNonNull(persistence, "persistence");
        Objects.requireNonNull(crypto, "crypto");
        Objects.requireNonNull(sms, "sms");
        Objects.requireNonNull(face, "face");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(hardwareKeys, "hardwareKeys");
        Objects.requireNonNull(auditSink, "auditSink");
        Objects.requireNonNull(pinPolicy, "pinPolicy");
        Objects.requireNonNull(bindingPolicy, "bindingPolicy");
        Objects.requireNonNull(otpPolicy, "otpPolicy");
        Objects.requireNonNull(facePolicy, "facePolicy");
        Objects.requireNonNull(renewalPolicy, "renewalPolicy");
        Objects.requireNonNull(scenarioLimits, "scenarioLimits");
        Objects.requireNonNull(cumulativeLimits, "cumulativeLimits");
        Objects.requireNonNull(coolingOff, "coolingOff");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(auditChain, "auditChain");
        Objects.requireNonNull(shields, "shields");
        Objects.requireNonNull(systemKeys, "systemKeys");
    }

    /**
     * Runs work in a transaction, retrying it from the start when a concurrent change wins
     * (an optimistic version, an audit position), and hands the audit entries it wrote to the
     * sink after the commit. The work MUST be safe to repeat: it reads everything it decides on
     * from the store, and its calls outside the store are idempotent.
     *
     * @param work the work
     * @param <T>  the result type
     * @return the result
     */
    public <T> T transaction(Function<Tx, T> work) {
        for (int attempt = 1; ; attempt++) {
            Tx[] holder = new Tx[1];
            try {
                T result = persistence.inTransaction(store -> {
                    holder[0] = new Tx(store, auditChain);
                    return work.apply(holder[0]);
                });
                deliver(holder[0]);
                return result;
            } catch (ShieldException e) {
                if (e.code() != ErrorCode.CONCURRENT_MODIFICATION || attempt >= MAX_RETRIES) {
                    throw e;
                }
                LOG.debug("transaction retried after a concurrent change (attempt {})", attempt);
                // back off a little, with jitter, so that racing nodes do not collide again in step
                long maxMicros = Math.min(20_000L, 100L << Math.min(attempt, 8));
                java.util.concurrent.locks.LockSupport.parkNanos(1_000L * (1 + random.nextInt((int) maxMicros)));
            }
        }
    }

    private void deliver(Tx tx) {
        auditSink.ifPresent(sink -> {
            for (AuditEntry e : tx.written()) {
                try {
                    sink.accept(e);
                } catch (RuntimeException ex) {
                    LOG.warn("audit sink refused entry {}: {}", e.sequence(), ex.getClass().getName());
                }
            }
            for (AuditCheckpoint c : tx.checkpoints()) {
                try {
                    sink.acceptCheckpoint(c);
                } catch (RuntimeException ex) {
                    LOG.warn("audit sink refused checkpoint {}: {}", c.number(), ex.getClass().getName());
                }
            }
        });
    }

    /**
     * The current time, truncated to seconds so that stored, indexed instants sort as strings.
     *
     * @return now
     */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * The current time, not truncated: the time a hold, a release or a revocation takes effect at
     * the CA. It must come after the time-stamp of every signature accepted before the change
     * committed, and {@link #now()} can be up to a second earlier than that time-stamp (the soak
     * of issue 19 found evidence that no longer verified because a freeze in the same second was
     * dated at the start of that second). The CA publishes it in CRLs rounded up to the whole
     * second.
     *
     * @return now, exact to the clock's precision
     */
    public Instant exactNow() {
        return clock.instant();
    }

    /**
     * Random bytes.
     *
     * @param n how many
     * @return the bytes
     */
    public byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /**
     * A random id of 32 lowercase hex characters.
     *
     * @return the id
     */
    public String randomId() {
        return HexFormat.of().formatHex(randomBytes(16));
    }

    /**
     * The keyed hash of a secret (a PIN, a one-time code) in the bank's key storage:
     * MAC(key, domain ‖ "|" ‖ owner ‖ "|" ‖ secret), in hex. The secret's bytes and the MAC
     * input are wiped before it returns.
     *
     * @param key    the MAC key
     * @param domain what is hashed, so that one key never hashes two kinds of secret alike
     * @param owner  whose secret it is (a shield number, an enrollment id)
     * @param secret the secret's UTF-8 bytes; wiped
     * @return the MAC in lowercase hex
     */
    public String keyedHash(KeyHandle key, String domain, String owner, byte[] secret) {
        byte[] prefix = (domain + "|" + owner + "|").getBytes(StandardCharsets.UTF_8);
        byte[] data = new byte[prefix.length + secret.length];
        System.arraycopy(prefix, 0, data, 0, prefix.length);
        System.arraycopy(secret, 0, data, prefix.length, secret.length);
        try {
            return HexFormat.of().formatHex(crypto.keyStorage().mac(key, data));
        } finally {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(data, (byte) 0);
        }
    }
}
