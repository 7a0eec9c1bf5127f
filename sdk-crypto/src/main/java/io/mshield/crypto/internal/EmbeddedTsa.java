package io.mshield.crypto.internal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.KeyStorage;
import io.mshield.crypto.TimeStamping;
import io.mshield.crypto.internal.ca.FlatJson;
import io.mshield.crypto.internal.ca.StorageSigner;
import io.mshield.persistence.Persistence;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.bouncycastle.util.CollectionStore;
import org.bouncycastle.util.Store;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The embedded time-stamping authority (RFC 3161): one time-stamping unit for SM2 signatures (an
 * SM2 key, SM3 imprints) and one for every other family (a P-256 key, SHA-256 imprints), each with
 * its key in the bank's key storage and its certificate from the embedded CA (extended key usage
 * timeStamping, critical). The units are made once, on the first start against a store, and their
 * handles kept in the store's collection {@value #UNITS}, so every node and every restart uses the
 * same ones.
 */
public final class EmbeddedTsa implements TimeStamping {
    /** The collection of the units' key handles and certificates. */
    static final String UNITS = "ca_tsa";
    /**
     * The TSA policy under which tokens are issued (TSTInfo.policy). An identifier of this SDK's
     * embedded authority, not a registered public policy; a bank with its own TSA uses that one's.
     */
    public static final ASN1ObjectIdentifier POLICY = new ASN1ObjectIdentifier("1.2.156.1000.1.1");
    private static final Duration UNIT_VALIDITY = Duration.ofDays(3650);

    private final KeyStorage keys;
    private final Persistence store;
    private final EmbeddedCa ca;
    private final Clock clock;
    private final SecureRandom random;
    private final Map<KeyAlgorithm.Family, Unit> units = new EnumMap<>(KeyAlgorithm.Family.class);
    private final DigestCalculatorProvider digests;

    /**
     * A unit: its key and its chain (the unit, its issuing CA, the root), and the same as
     * BouncyCastle's holders, converted once rather than for every token.
     */
    private record Unit(KeyHandle key, List<X509Certificate> chain, X509CertificateHolder holder, Store<X509CertificateHolder> certificates) {
        Unit(KeyHandle key, List<X509Certificate> chain) {
            this(key, chain, holderOf(chain.get(0)), new CollectionStore<>(chain.stream().map(EmbeddedTsa::holderOf).toList()));
        }
    }

    private static X509CertificateHolder holderOf(X509Certificate certificate) {
        try {
            return new JcaX509CertificateHolder(certificate);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new ShieldException(ErrorCode.CERTIFICATE_INVALID, "a time-stamping certificate cannot be encoded", e);
        }
    }

    /**
     * Opens the units, making them the first time.
     *
     * @param keys   the key storage
     * @param store  the store of the CA's records
     * @param ca     the CA that certifies the units
     * @param clock  the clock of the tokens' times
     * @param random the randomness of token serials
     */
    public EmbeddedTsa(KeyStorage keys, Persistence store, EmbeddedCa ca, Clock clock, SecureRandom random) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.store = Objects.requireNonNull(store, "store");
        this.ca = Objects.requireNonNull(ca, "ca");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        try {
            this.digests = new JcaDigestCalculatorProviderBuilder().setProvider(Bc.provider()).build();
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("BouncyCastle offers no digests", e);
        }
        for (KeyAlgorithm alg : List.of(KeyAlgorithm.SM2, KeyAlgorithm.EC_P256)) {
            if (keys.algorithms().contains(alg)) {
                units.put(alg.family(), loadOrCreate(alg));
            }
        }
    }

    private static KeyAlgorithm.Family unitFamily(KeyAlgorithm.Family signer) {
        return signer == KeyAlgorithm.Family.SM2 ? KeyAlgorithm.Family.SM2 : KeyAlgorithm.Family.EC;
    }

    private Unit loadOrCreate(KeyAlgorithm alg) {
        String id = alg.family().name();
        Optional<Map<String, String>> stored = store.inTransaction(s -> s.get(UNITS, id)).map(d -> FlatJson.read(d.body()));
        if (stored.isPresent()) {
            KeyHandle key = new KeyHandle(keys.id(), stored.get().get("key"), KeyAlgorithm.valueOf(stored.get().get("algorithm")));
            if (!keys.id().equals(stored.get().get("storage")) || !keys.contains(key)) {
                throw new ShieldException(ErrorCode.KEY_NOT_FOUND, "the key storage no longer holds the " + id + " time-stamping key");
            }
            X509Certificate cert = certificate(stored.get().get("certificate"));
            return new Unit(key, chainOf(cert));
        }
        KeyHandle key = keys.generateKeyPair(alg);
        try {
            X509Certificate cert = ca.issueTimeStampingCertificate(keys.publicKey(key), alg,
                    "MobileShield Time-Stamping Unit " + id, clock.instant().plus(UNIT_VALIDITY), "tsa-" + id + "-" + key.alias());
            String der = Base64.getEncoder().encodeToString(cert.getEncoded());
            store.inTransaction(s -> s.insert(UNITS, id, FlatJson.write(Map.of("storage", keys.id(), "key", key.alias(),
                    "algorithm", alg.name(), "certificate", der)), Map.of()));
            return new Unit(key, chainOf(cert));
        } catch (ShieldException e) {
            keys.destroy(key);
            if (e.code() != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
            return loadOrCreate(alg);
        } catch (java.security.cert.CertificateEncodingException e) {
            keys.destroy(key);
            throw new ShieldException(ErrorCode.CERTIFICATE_INVALID, "the time-stamping certificate cannot be encoded", e);
        }
    }

    private List<X509Certificate> chainOf(X509Certificate unit) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(unit);
        chain.addAll(ca.chain(unit));
        return List.copyOf(chain);
    }

    private static X509Certificate certificate(String b64) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509", Bc.provider())
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(b64)));
        } catch (java.security.cert.CertificateException | RuntimeException e) {
            throw new ShieldException(ErrorCode.PERSISTENCE_FAILURE, "a stored time-stamping certificate does not parse", e);
        }
    }

    private Unit unit(KeyAlgorithm.Family family) {
        Unit u = units.get(unitFamily(Objects.requireNonNull(family, "family")));
        if (u == null) {
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "no time-stamping unit for " + family
                    + ": the key storage offers neither SM2 nor P-256 for it");
        }
        return u;
    }

    /**
     * The imprint's digest algorithm for a signer's family: SM3 for SM2, SHA-256 otherwise.
     *
     * @param family the signer's family
     * @return the algorithm
     */
    static AlgorithmIdentifier imprintAlgorithm(KeyAlgorithm.Family family) {
        return new AlgorithmIdentifier(family == KeyAlgorithm.Family.SM2 ? GMObjectIdentifiers.sm3 : NISTObjectIdentifiers.id_sha256);
    }

    @Override
    public byte[] timeStamp(byte[] data, KeyAlgorithm.Family family) {
        Objects.requireNonNull(data, "data");
        Unit u = unit(family);
        try {
            AlgorithmIdentifier imprintAlg = imprintAlgorithm(family);
            DigestCalculator imprint = digests.get(imprintAlg);
            imprint.getOutputStream().write(data);
            imprint.getOutputStream().close();
            TimeStampRequestGenerator reqGen = new TimeStampRequestGenerator();
            reqGen.setCertReq(true);
            TimeStampRequest request = reqGen.generate(imprintAlg.getAlgorithm(), imprint.getDigest());
            SignerInfoGenerator signer = new SignerInfoGeneratorBuilder(digests).build(new StorageSigner(keys, u.key()), u.holder());
            TimeStampTokenGenerator gen = new TimeStampTokenGenerator(signer,
                    digests.get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)), POLICY);
            gen.addCertificates(u.certificates());
            byte[] serial = new byte[16];
            random.nextBytes(serial);
            Instant now = clock.instant();
            return gen.generate(request, new BigInteger(1, serial), Date.from(now)).getEncoded();
        } catch (ShieldException e) {
            throw e;
        } catch (Exception e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "the time-stamping unit could not sign a token", e);
        }
    }

    @Override
    public List<X509Certificate> chain(KeyAlgorithm.Family family) {
        return unit(family).chain();
    }
}
