package io.mshield.core;

import io.mshield.ErrorCode;
import io.mshield.MobileShield;
import io.mshield.ShieldException;
import io.mshield.audit.AuditSink;
import io.mshield.audit.CheckpointPolicy;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.KeyStorage;
import io.mshield.certificate.RenewalPolicy;
import io.mshield.core.internal.Context;
import io.mshield.core.internal.DefaultMobileShield;
import io.mshield.core.internal.Json;
import io.mshield.core.internal.SystemKeys;
import io.mshield.core.internal.audit.AuditChain;
import io.mshield.core.internal.shield.ShieldRepository;
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
import io.mshield.linked.IdentityChallengePolicy;
import io.mshield.linked.LinkedAppPolicy;
import io.mshield.seal.SealMediaTrust;
import io.mshield.seal.SealPolicy;
import io.mshield.persistence.Persistence;
import io.mshield.pin.PinPolicy;
import io.mshield.transaction.HardwareKeyDirectory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a {@link MobileShield}: the bank's SPIs are required, policies default to the seeds'
 * presets, the clock to UTC system time and randomness to a strong {@link SecureRandom}.
 *
 * <pre>{@code
 * MobileShield sdk = MobileShields.builder()
 *         .persistence(JdbcPersistence.embeddedH2(dataDir))
 *         .crypto(BouncyCastleCrypto.create(keyStorage))
 *         .smsSender(bankSms)
 *         .faceVerifier(bankFace)
 *         .identityRegistry(bankFilings)
 *         .hardwareKeys(bankUsbKeys)
 *         .pinPolicy(PinPolicy.seed002())
 *         .build();
 * }</pre>
 *
 * The result is immutable and thread-safe; two instances share nothing, and many instances on
 * many nodes may share one database.
 */
public final class MobileShields {
    /** How long a QR challenge lives unless the builder says otherwise: 3 minutes. */
    public static final Duration DEFAULT_QR_LIFETIME = Duration.ofMinutes(3);

    private MobileShields() {
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the SPIs and policies; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private Persistence persistence;
        private ShieldCrypto crypto;
        private SmsSender sms;
        private FaceVerifier face;
        private IdentityRegistry registry;
        private HardwareKeyDirectory hardwareKeys;
        private AuditSink auditSink;
        private CheckpointPolicy checkpointPolicy = CheckpointPolicy.defaults();
        private PinPolicy pinPolicy = PinPolicy.defaults();
        private BindingPolicy bindingPolicy = BindingPolicy.defaults();
        private OtpPolicy otpPolicy = OtpPolicy.defaults();
        private FacePolicy facePolicy = FacePolicy.defaults();
        private RenewalPolicy renewalPolicy = RenewalPolicy.defaults();
        private ScenarioLimits scenarioLimits = ScenarioLimits.defaults();
        private CumulativeLimits cumulativeLimits = CumulativeLimits.defaults();
        private CoolingOffPolicy coolingOff = CoolingOffPolicy.defaults();
        private Duration qrLifetime = DEFAULT_QR_LIFETIME;
        private LinkedAppPolicy linkedAppPolicy = LinkedAppPolicy.seed004();
        private SealPolicy sealPolicy = SealPolicy.defaults();
        private SealMediaTrust sealMediaTrust = SealMediaTrust.none();
        private IdentityChallengePolicy identityChallengePolicy = IdentityChallengePolicy.defaults();
        private Clock clock = Clock.systemUTC();
        private SecureRandom random;

        private Builder() {
        }

        /**
         * The store (required). The SDK closes it when it is closed.
         *
         * @param persistence the store
         * @return this
         */
        public Builder persistence(Persistence persistence) {
            this.persistence = Objects.requireNonNull(persistence, "persistence");
            return this;
        }

        /**
         * The crypto SPIs (required). The SDK closes the key storage when it is closed.
         *
         * @param crypto the crypto provider
         * @return this
         */
        public Builder crypto(ShieldCrypto crypto) {
            this.crypto = Objects.requireNonNull(crypto, "crypto");
            return this;
        }

        /**
         * The SMS gateway (required).
         *
         * @param sms the gateway
         * @return this
         */
        public Builder smsSender(SmsSender sms) {
            this.sms = Objects.requireNonNull(sms, "sms");
            return this;
        }

        /**
         * The face verifier (required).
         *
         * @param face the verifier
         * @return this
         */
        public Builder faceVerifier(FaceVerifier face) {
            this.face = Objects.requireNonNull(face, "face");
            return this;
        }

        /**
         * The identity registry (required).
         *
         * @param registry the registry
         * @return this
         */
        public Builder identityRegistry(IdentityRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * The hardware-key directory (required).
         *
         * @param hardwareKeys the directory
         * @return this
         */
        public Builder hardwareKeys(HardwareKeyDirectory hardwareKeys) {
            this.hardwareKeys = Objects.requireNonNull(hardwareKeys, "hardwareKeys");
            return this;
        }

        /**
         * An optional copy of the audit log.
         *
         * @param sink the sink
         * @return this
         */
        public Builder auditSink(AuditSink sink) {
            this.auditSink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /**
         * The PIN policy (default {@link PinPolicy#defaults()}).
         *
         * @param policy the policy
         * @return this
         */
        public Builder pinPolicy(PinPolicy policy) {
            this.pinPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The binding policy (default {@link BindingPolicy#defaults()}).
         *
         * @param policy the policy
         * @return this
         */
        public Builder bindingPolicy(BindingPolicy policy) {
            this.bindingPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The one-time-code policy (default {@link OtpPolicy#defaults()}).
         *
         * @param policy the policy
         * @return this
         */
        public Builder otpPolicy(OtpPolicy policy) {
            this.otpPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The face policy (default {@link FacePolicy#defaults()}).
         *
         * @param policy the policy
         * @return this
         */
        public Builder facePolicy(FacePolicy policy) {
            this.facePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The renewal policy (default {@link RenewalPolicy#defaults()}).
         *
         * @param policy the policy
         * @return this
         */
        public Builder renewalPolicy(RenewalPolicy policy) {
            this.renewalPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The per-scenario caps (default {@link ScenarioLimits#defaults()}).
         *
         * @param limits the caps
         * @return this
         */
        public Builder scenarioLimits(ScenarioLimits limits) {
            this.scenarioLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * The cumulative limits (default {@link CumulativeLimits#defaults()}: none).
         *
         * @param limits the limits
         * @return this
         */
        public Builder cumulativeLimits(CumulativeLimits limits) {
            this.cumulativeLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * The per-app cooling-off of linked apps (default {@link LinkedAppPolicy#seed004()}).
         *
         * @param policy the policy
         * @return this
         */
        public Builder linkedAppPolicy(LinkedAppPolicy policy) {
            this.linkedAppPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * How identity challenges are asked and how many a person gets a day (default
         * {@link IdentityChallengePolicy#defaults()}, seed 004).
         *
         * @param policy the policy
         * @return this
         */
        public Builder identityChallengePolicy(IdentityChallengePolicy policy) {
            this.identityChallengePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The seal PIN's lockout (default {@link SealPolicy#seed003()}: 5 wrong PINs in a row
         * lock the seal until the CA resets its PIN).
         *
         * @param policy the policy
         * @return this
         */
        public Builder sealPolicy(SealPolicy policy) {
            this.sealPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The CAs trusted to certify seal media, USB keys (default {@link SealMediaTrust#none()}:
         * no USB key binds a seal until the bank configures its CAs). Each certificate must be a CA
         * certificate the crypto provider can decode; the check of a medium's certificate is the
         * provider's path validation ({@code SignatureService.validateCertificate}).
         *
         * @param trust the trusted issuing CAs and their CRLs
         * @return this
         * @throws ShieldException {@link ErrorCode#INVALID_ARGUMENT} when a certificate is not a CA certificate
         *         (checked by {@link #build()}, once the crypto provider is known)
         */
        public Builder sealMediaTrust(SealMediaTrust trust) {
            this.sealMediaTrust = Objects.requireNonNull(trust, "trust");
            return this;
        }

        /**
         * How long a scan-to-login or scan-to-sign challenge lives (default
         * {@link #DEFAULT_QR_LIFETIME}; 30 seconds to 15 minutes).
         *
         * @param lifetime the lifetime
         * @return this
         */
        public Builder qrLifetime(Duration lifetime) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.compareTo(Duration.ofSeconds(30)) < 0 || lifetime.compareTo(Duration.ofMinutes(15)) > 0) {
                throw new ShieldException(ErrorCode.INVALID_POLICY, "a QR challenge lives between 30 seconds and 15 minutes");
            }
            this.qrLifetime = lifetime;
            return this;
        }

        /**
         * The cooling-off policy (default {@link CoolingOffPolicy#defaults()}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder coolingOff(CoolingOffPolicy policy) {
            this.coolingOff = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * When the audit log is checkpointed (default {@link CheckpointPolicy#defaults()}: every 100
         * entries or 5 minutes). Checkpoints go to the {@link #auditSink(AuditSink)} too.
         *
         * @param policy the policy
         * @return this
         */
        public Builder checkpointPolicy(CheckpointPolicy policy) {
            this.checkpointPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The clock (default UTC system clock); tests pass a controllable one.
         *
         * @param clock the clock
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The randomness (default a new strong {@link SecureRandom}).
         *
         * @param random the randomness
         * @return this
         */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Validates and builds. Creates the SDK's PIN and one-time-code keys in the key storage the
         * first time it runs against a database.
         *
         * @return the SDK
         * @throws ShieldException {@link ErrorCode#INVALID_ARGUMENT} naming the first missing SPI
         */
        public MobileShield build() {
            require(persistence, "persistence");
            require(crypto, "crypto");
            require(sms, "smsSender");
            require(face, "faceVerifier");
            require(registry, "identityRegistry");
            require(hardwareKeys, "hardwareKeys");
            for (byte[] issuer : sealMediaTrust.issuers()) {
                if (crypto.signatures().decodeCertificate(issuer).getBasicConstraints() < 0) {
                    throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "a trusted seal media issuer is not a CA certificate");
                }
            }
            SecureRandom rnd = random != null ? random : new SecureRandom();
            Json json = new Json();
            SystemKeys keys = SystemKeys.loadOrCreate(persistence, crypto.keyStorage(), json);
            KeyHandle auditKey = SystemKeys.namedMacKey(persistence, crypto.keyStorage(), json, "audit-mac-key",
                    "the audit log's MAC key");
            KeyStorage keyStorage = crypto.keyStorage();
            AuditChain auditChain = new AuditChain(clock, json.mapper(), data -> keyStorage.mac(auditKey, data), checkpointPolicy);
            Context ctx = new Context(persistence, crypto, sms, face, registry, hardwareKeys, Optional.ofNullable(auditSink),
                    pinPolicy, bindingPolicy, otpPolicy, facePolicy, renewalPolicy, scenarioLimits, cumulativeLimits, coolingOff,
                    clock, rnd, json, auditChain, new ShieldRepository(json), keys);
            return new DefaultMobileShield(ctx, qrLifetime, linkedAppPolicy, identityChallengePolicy, sealPolicy, sealMediaTrust);
        }

        private static void require(Object value, String name) {
            if (value == null) {
                throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "MobileShields.builder(): " + name + " is required");
            }
        }
    }
}
