package io.mshield.crypto.bc;

import io.mshield.crypto.CertificateAuthority;
import io.mshield.crypto.CsrChecker;
import io.mshield.crypto.KeyStorage;
import io.mshield.crypto.ShieldCrypto;
import io.mshield.crypto.SignatureService;
import io.mshield.crypto.TimeStamping;
import io.mshield.crypto.csr.CsrCheckers;
import io.mshield.crypto.internal.BcSignatureService;
import io.mshield.crypto.internal.EmbeddedCa;
import io.mshield.crypto.internal.EmbeddedTsa;
import io.mshield.crypto.internal.MemoryKeyStorage;
import io.mshield.crypto.internal.Signatures;
import io.mshield.crypto.internal.ca.LocalCaStore;
import io.mshield.persistence.Persistence;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * MobileShield's crypto SPIs implemented with BouncyCastle 1.86, through a private provider
 * instance (never registered globally): key storage, the embedded CA with CRL and OCSP, CSR
 * checking, signature verification and CMS.
 *
 * <pre>{@code
 * ShieldCrypto crypto = BouncyCastleCrypto.builder().clock(clock).build();
 * MobileShield sdk = MobileShields.builder().crypto(crypto)...build();
 * }</pre>
 *
 * The default key storage keeps keys in memory, for development and demos; a bank passes its own
 * {@link KeyStorage} (an HSM through PKCS#11) to {@link Builder#keyStorage(KeyStorage)}.
 *
 * <p>The embedded CA keeps its keys (a root and an issuing key per family the key storage offers)
 * in that key storage and its records in the {@link Persistence} given to
 * {@link Builder#persistence(Persistence)} — pass the same instance as the SDK's, so that the CA
 * survives restarts, serves every node, and changes a certificate's status in the same
 * transaction as the shield's:
 *
 * <pre>{@code
 * Persistence store = JdbcPersistence.embeddedH2(dataDir);
 * KeyStorage keys = BouncyCastleCrypto.keyStoreFile(dataDir.resolve("bank-keys.mks"), password);
 * ShieldCrypto crypto = BouncyCastleCrypto.builder().keyStorage(keys).persistence(store).build();
 * MobileShield sdk = MobileShields.builder().persistence(store).crypto(crypto)...build();
 * }</pre>
 *
 * Without one, the CA's records live in this object's memory: nothing survives the process.
 */
public final class BouncyCastleCrypto implements ShieldCrypto {
    private final KeyStorage keyStorage;
    private final CertificateAuthority ca;
    private final CsrChecker csrChecker;
    private final SignatureService signatures;
    private final TimeStamping timeStamping;

    private BouncyCastleCrypto(Builder b) {
        SecureRandom random = b.random != null ? b.random : new SecureRandom();
        Signatures sigs = new Signatures(b.sm2UserId);
        this.keyStorage = b.keyStorage != null ? b.keyStorage : new MemoryKeyStorage("memory", random, sigs);
        Persistence caStore = b.persistence != null ? b.persistence : new LocalCaStore();
        EmbeddedCa embeddedCa = new EmbeddedCa(b.clock, random, keyStorage, caStore, b.crlUrlBase, b.ocspUrl);
        this.ca = embeddedCa;
        this.timeStamping = b.withoutTimeStamping ? null
                : b.timeStamping != null ? b.timeStamping : new EmbeddedTsa(keyStorage, caStore, embeddedCa, b.clock, random);
        this.csrChecker = CsrCheckers.create();
        this.signatures = new BcSignatureService(sigs, ca, b.clock);
    }

    /**
     * A crypto provider with the defaults: in-memory keys, system clock, default SM2 user ID.
     *
     * @return the provider
     */
    public static BouncyCastleCrypto create() {
        return builder().build();
    }

    /**
     * A password-protected key store file (created when missing), for development, demos and
     * small deployments; production keys belong in an HSM.
     *
     * @param file     the file
     * @param password the password (copied; wipe yours)
     * @return the key storage, to pass to {@link Builder#keyStorage(KeyStorage)}
     */
    public static KeyStorage keyStoreFile(java.nio.file.Path file, char[] password) {
        return new io.mshield.crypto.internal.FileKeyStorage(file, password, new SecureRandom(), Signatures.withDefaultUserId());
    }

    /**
     * A builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public KeyStorage keyStorage() {
        return keyStorage;
    }

    @Override
    public CertificateAuthority certificateAuthority() {
        return ca;
    }

    @Override
    public CsrChecker csrChecker() {
        return csrChecker;
    }

    /**
     * The time-stamping authority whose tokens go into evidence: the bank's own, when given to
     * {@link Builder#timeStamping(TimeStamping)}, else the embedded one (an SM2 unit for SM2 signatures
     * and a P-256 unit for the others, their keys in the key storage, certified by the embedded CA);
     * none only when the bank chose {@link Builder#withoutTimeStamping()}.
     *
     * @return the authority, empty only after {@link Builder#withoutTimeStamping()}
     */
    @Override
    public Optional<TimeStamping> timeStamping() {
        return Optional.ofNullable(timeStamping);
    }

    @Override
    public SignatureService signatures() {
        return signatures;
    }

    @Override
    public String toString() {
        return "BouncyCastleCrypto[" + keyStorage + "]";
    }

    /** Options; not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private SecureRandom random;
        private KeyStorage keyStorage;
        private Persistence persistence;
        private String sm2UserId = Signatures.DEFAULT_SM2_USER_ID;
        private String crlUrlBase = "http://pki.mshield.example/crl/";
        private String ocspUrl = "http://pki.mshield.example/ocsp";
        private TimeStamping timeStamping;
        private boolean withoutTimeStamping;

        private Builder() {
        }

        /**
         * The clock of the CA and of verification.
         *
         * @param clock the clock
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The randomness of keys and serials.
         *
         * @param random the randomness
         * @return this
         */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * The bank's key storage (default: in memory).
         *
         * @param keyStorage the storage
         * @return this
         */
        public Builder keyStorage(KeyStorage keyStorage) {
            this.keyStorage = Objects.requireNonNull(keyStorage, "keyStorage");
            return this;
        }

        /**
         * Where the embedded CA keeps its records: the same store as the SDK's (default: this
         * object's memory, which nothing survives).
         *
         * @param persistence the store
         * @return this
         */
        public Builder persistence(Persistence persistence) {
            this.persistence = Objects.requireNonNull(persistence, "persistence");
            return this;
        }

        /**
         * The SM2 user ID (default {@value Signatures#DEFAULT_SM2_USER_ID}).
         *
         * @param userId the ID
         * @return this
         */
        public Builder sm2UserId(String userId) {
            this.sm2UserId = Objects.requireNonNull(userId, "userId");
            return this;
        }

        /**
         * Where CRLs are published: the family's name and ".crl" are appended.
         *
         * @param base the URL base, ending in "/"
         * @return this
         */
        public Builder crlUrlBase(String base) {
            this.crlUrlBase = Objects.requireNonNull(base, "base");
            return this;
        }

        /**
         * The OCSP responder's URL, written into certificates.
         *
         * @param url the URL
         * @return this
         */
        public Builder ocspUrl(String url) {
            this.ocspUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * The bank's own time-stamping authority (default: the embedded one). Its units' certificates
         * must come from this provider's CA, or the tokens are not trusted by verification.
         *
         * @param authority the authority
         * @return this builder
         */
        public Builder timeStamping(TimeStamping authority) {
            this.timeStamping = Objects.requireNonNull(authority, "authority");
            this.withoutTimeStamping = false;
            return this;
        }

        /**
         * No time-stamping at all: evidence is stored without a signature-time-stamp token, and no
         * time-stamping unit is made. Not the default, and not recommended: such evidence has no
         * trusted time, so {@code verifyCms} and {@code verifyEvidence} check its path and revocation
         * at the time of verification ({@code TimeSource.VERIFICATION_TIME}) — a later hold, void,
         * renewal or expiry then makes a good payment's evidence invalid, and a signature made after
         * a revocation cannot be told from one made before (docs/evidence.md). It exists to measure
         * what the token costs, and for a bank that time-stamps its evidence elsewhere. The last of
         * this and {@link #timeStamping(TimeStamping)} wins.
         *
         * @return this builder
         */
        public Builder withoutTimeStamping() {
            this.timeStamping = null;
            this.withoutTimeStamping = true;
            return this;
        }

        /**
         * Builds; opens the CA: reads its keys and certificates from the store, or makes them the
         * first time.
         *
         * @return the provider
         */
        public BouncyCastleCrypto build() {
            return new BouncyCastleCrypto(this);
        }
    }
}
