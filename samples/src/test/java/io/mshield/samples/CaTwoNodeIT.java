package io.mshield.samples;

import io.mshield.certificate.RevocationReason;
import io.mshield.core.persistence.jdbc.JdbcPersistence;
import io.mshield.crypto.CertificateAuthority;
import io.mshield.crypto.CertificateSubject;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyStorage;
import io.mshield.crypto.RevocationStatus;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.bc.Phone;
import io.mshield.persistence.Persistence;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CA-PERSIST item 3 on the production databases: two whole SDK instances, and two CA instances — separate crypto, store,
 * connection and key storage objects, sharing only the database and the key store file — issue,
 * hold, release and revoke each other's certificates, and race 32 issuances and CRLs. Runs against
 * the local PostgreSQL (127.0.0.1:5432, trust) and MariaDB (127.0.0.1:3306, root without password);
 * each is skipped with a message when it is not reachable.
 */
class CaTwoNodeIT {
    private static final char[] PASSWORD = "two-node-test-password".toCharArray();

    @TempDir
    Path dir;
    private final SecureRandom random = new SecureRandom();
    private final Phone phone = new Phone(random);
    private final List<AutoCloseable> open = new ArrayList<>();

    /** The test's databases, dropped after its stores are closed: the servers outlive the test, and each run would leave them behind. */
    private final List<Database> made = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        for (Database d : made) {
            d.drop();
        }
    }

    /** A fresh database and a DataSource factory (one per node: nothing shared but the server). */
    private record Database(String kind, String url) {
        void drop() {
            int slash = url.lastIndexOf('/');
            String admin = kind.equals("postgresql") ? url.substring(0, slash + 1) + "postgres?connectTimeout=2"
                    : url.substring(0, slash + 1) + "test?connectTimeout=2000";
            try (Connection c = DriverManager.getConnection(admin, kind.equals("postgresql") ? "postgres" : "root", "");
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + url.substring(slash + 1) + (kind.equals("postgresql") ? " WITH (FORCE)" : ""));
            } catch (Exception e) {
                System.err.println("CaTwoNodeIT: could not drop " + url + ": " + e.getMessage());
            }
        }

        DataSource dataSource() throws Exception {
            if (kind.equals("postgresql")) {
                PGSimpleDataSource ds = new PGSimpleDataSource();
                ds.setURL(url);
                ds.setUser("postgres");
                return ds;
            }
            MariaDbDataSource ds = new MariaDbDataSource(url);
            ds.setUser("root");
            ds.setPassword("");
            return ds;
        }
    }

    private static Optional<Database> fresh(String kind) {
        String base = kind.equals("postgresql") ? "jdbc:postgresql://127.0.0.1:5432/" : "jdbc:mariadb://127.0.0.1:3306/";
        String admin = kind.equals("postgresql") ? base + "postgres?connectTimeout=2" : base + "test?connectTimeout=2000";
        String db = "ca" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        try (Connection c = DriverManager.getConnection(admin, kind.equals("postgresql") ? "postgres" : "root", "");
             Statement s = c.createStatement()) {
            s.execute(kind.equals("postgresql") ? "CREATE DATABASE " + db
                    : "CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin");
            return Optional.of(new Database(kind, base + db));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private Database database(String kind) throws Exception {
        Optional<Database> db = fresh(kind);
        Assumptions.assumeTrue(db.isPresent(), "no " + kind + " server reachable on 127.0.0.1: its two-node CA tests are skipped");
        made.add(db.get());
        JdbcPersistence.migrate(db.get().dataSource());
        return db.get();
    }

    /** One node: its own store object and connections, its own key storage object on the shared key store file. */
    private CertificateAuthority node(Database db) throws Exception {
        Persistence store = JdbcPersistence.create(db.dataSource());
        KeyStorage keys = BouncyCastleCrypto.keyStoreFile(dir.resolve("bank-keys.mks"), PASSWORD.clone());
        open.add(store);
        open.add(keys);
        return BouncyCastleCrypto.builder().keyStorage(keys).persistence(store).random(random).build().certificateAuthority();
    }

    private IssueRequest request(String id) {
        Instant now = Instant.now();
        return new IssueRequest(phone.generate(KeyAlgorithm.EC_P256).getPublic(), KeyAlgorithm.EC_P256,
                new CertificateSubject("张三", "91350100M000100Y43", "ab".repeat(32), "MS12345678901"),
                now.minusSeconds(60), now.plus(Duration.ofDays(30)), id);
    }

    private static long number(byte[] crl) throws Exception {
        return CRLNumber.getInstance(new X509CRLHolder(crl).getExtension(Extension.cRLNumber).getParsedValue()).getCRLNumber().longValueExact();
    }

    private static Object ocspStatus(CertificateAuthority ca, X509Certificate issuer, BigInteger serial) throws Exception {
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new X509CertificateHolder(issuer.getEncoded()), serial);
        OCSPResp resp = new OCSPResp(ca.ocsp(new OCSPReqBuilder().addRequest(id).build().getEncoded()));
        return ((BasicOCSPResp) resp.getResponseObject()).getResponses()[0].getCertStatus();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    @DisplayName("CA-PERSIST 3 two nodes: A issues, B holds, releases and revokes; A's status, OCSP and CRL show it; both use the same CA")
    void issueOnOneReviseOnTheOther(String kind) throws Exception {
        Database db = database(kind);
        CertificateAuthority a = node(db);
        CertificateAuthority b = node(db);
        assertThat(b.chain(KeyAlgorithm.Family.EC)).isEqualTo(a.chain(KeyAlgorithm.Family.EC));
        X509Certificate issuer = a.chain(KeyAlgorithm.Family.EC).get(0);

        X509Certificate cert = a.issue(request("two-node-1"));
        BigInteger serial = cert.getSerialNumber();
        assertThat(b.status(serial, Instant.now()).state()).isEqualTo(RevocationStatus.State.GOOD);

        b.revoke(serial, RevocationReason.CERTIFICATE_HOLD, Instant.now());
        assertThat(a.status(serial, Instant.now()).reason()).contains(RevocationReason.CERTIFICATE_HOLD);
        assertThat(ocspStatus(a, issuer, serial)).isInstanceOf(RevokedStatus.class);
        assertThat(new X509CRLHolder(a.currentCrl(KeyAlgorithm.Family.EC)).getRevokedCertificate(serial)).isNotNull();

        b.release(serial, Instant.now());
        assertThat(a.status(serial, Instant.now()).state()).isEqualTo(RevocationStatus.State.GOOD);
        assertThat(ocspStatus(a, issuer, serial)).isNull();

        b.revoke(serial, RevocationReason.KEY_COMPROMISE, Instant.now());
        assertThat(a.status(serial, Instant.now()).reason()).contains(RevocationReason.KEY_COMPROMISE);
        assertThat(new X509CRLHolder(a.crl(KeyAlgorithm.Family.EC)).getRevokedCertificate(serial).getExtensions()).isNotNull();
        assertThat(a.issue(request("two-node-2")).getSerialNumber()).isNotEqualTo(serial);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    @DisplayName("CA-PERSIST 3 32 concurrent issuances across two nodes: unique serials, one issuance per request id, "
            + "and CRL numbers of both nodes form one strictly increasing sequence")
    void concurrentIssuance(String kind) throws Exception {
        Database db = database(kind);
        CertificateAuthority[] nodes = {node(db), node(db)};
        long before = number(nodes[0].crl(KeyAlgorithm.Family.EC));
        int n = 32;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<X509Certificate>> issued = new ArrayList<>();
            List<Future<Long>> crls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                CertificateAuthority ca = nodes[i % 2];
                IssueRequest r = request("race-" + i);
                issued.add(pool.submit(() -> {
                    start.await();
                    X509Certificate c = ca.issue(r);
                    ca.revoke(c.getSerialNumber(), RevocationReason.CERTIFICATE_HOLD, Instant.now());
                    return c;
                }));
                crls.add(pool.submit((Callable<Long>) () -> {
                    start.await();
                    return number(ca.crl(KeyAlgorithm.Family.EC));
                }));
            }
            // the same request id sent to both nodes at once: one certificate
            IssueRequest twice = request("race-twice");
            Future<X509Certificate> first = pool.submit(() -> {
                start.await();
                return nodes[0].issue(twice);
            });
            Future<X509Certificate> second = pool.submit(() -> {
                start.await();
                return nodes[1].issue(twice);
            });
            start.countDown();
            Set<BigInteger> serials = new HashSet<>();
            for (Future<X509Certificate> f : issued) {
                serials.add(f.get().getSerialNumber());
            }
            assertThat(serials).hasSize(n);
            assertThat(first.get().getEncoded()).isEqualTo(second.get().getEncoded());

            List<Long> numbers = new ArrayList<>();
            for (Future<Long> f : crls) {
                numbers.add(f.get());
            }
            assertThat(new HashSet<>(numbers)).as("no CRL number is used twice").hasSize(n);
            assertThat(numbers).allMatch(x -> x > before);
            long after = number(nodes[1].crl(KeyAlgorithm.Family.EC));
            assertThat(after).isGreaterThan(numbers.stream().mapToLong(Long::longValue).max().orElseThrow());
            long last = number(nodes[0].crl(KeyAlgorithm.Family.EC));
            assertThat(last).isEqualTo(after + 1);
            X509CRLHolder full = new X509CRLHolder(nodes[0].crl(KeyAlgorithm.Family.EC));
            for (BigInteger s : serials) {
                assertThat(full.getRevokedCertificate(s)).as("every hold, from either node, is on the CRL").isNotNull();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One whole SDK node: its own store, key storage, crypto and engine objects, sharing only the database and the key store file. */
    private io.mshield.MobileShield sdkNode(Database db, DemoBank bank) throws Exception {
        Persistence store = JdbcPersistence.create(db.dataSource());
        KeyStorage keys = BouncyCastleCrypto.keyStoreFile(dir.resolve("bank-keys.mks"), PASSWORD.clone());
        BouncyCastleCrypto crypto = BouncyCastleCrypto.builder().keyStorage(keys).persistence(store).random(random).build();
        io.mshield.MobileShield sdk = io.mshield.core.MobileShields.builder().persistence(store).crypto(crypto)
                .smsSender(bank).faceVerifier(bank).identityRegistry(bank).hardwareKeys(bank)
                .coolingOff(io.mshield.limit.CoolingOffPolicy.none()).random(random).build();
        open.add(sdk::close);
        return sdk;
    }

    private io.mshield.pin.PinProof.EncryptedPin pinBlock(io.mshield.pin.PinChallenge challenge) {
        try (io.mshield.pin.Pin p = io.mshield.pin.Pin.of("135790")) {
            return new io.mshield.pin.PinProof.EncryptedPin(challenge.id(),
                    phone.encrypt(challenge.pinKey(), io.mshield.pin.PinBlock.encode(challenge, p)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    @DisplayName("CA-PERSIST 3 two SDK instances: a shield opened on node A is reported lost and voided on node B; "
            + "both SDKs see the status and both nodes' CAs the revocation, in OCSP and the CRL")
    void twoSdkInstances(String kind) throws Exception {
        Database db = database(kind);
        DemoBank bank = new DemoBank(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        io.mshield.MobileShield a = sdkNode(db, bank);
        io.mshield.MobileShield b = sdkNode(db, bank);
        io.mshield.enrollment.Application app = new io.mshield.enrollment.Application("two-sdk-1", DemoBank.ENTERPRISE,
                DemoBank.CREDIT_CODE, DemoBank.ZHANG, io.mshield.identity.PersonName.of(DemoBank.NAMES.get(DemoBank.ZHANG)),
                io.mshield.identity.UserType.LEGAL_REPRESENTATIVE, new io.mshield.enrollment.DeviceInfo(
                io.mshield.identity.DeviceId.of("iphone-zhang"), io.mshield.identity.UserId.of("acct-iphone-zhang"),
                Set.of(io.mshield.pin.AuthMethod.PIN)), io.mshield.shield.CustodyMode.DEVICE, KeyAlgorithm.EC_P256);
        io.mshield.enrollment.EnrollmentSession s = a.enrollment().start(app);
        a.enrollment().acceptAgreement(s.id(), "2026-11");
        a.enrollment().sendSmsCode(s.id());
        a.enrollment().verifySmsCode(s.id(), bank.lastCode(DemoBank.ZHANG));
        a.enrollment().verifyFace(s.id(), new io.mshield.enrollment.FaceVerifier.FaceCapture(new byte[]{1}));
        a.enrollment().chooseAuthentication(s.id(), io.mshield.pin.AuthMethod.PIN, Optional.of(pinBlock(a.enrollment().pinChallenge(s.id()))));
        a.enrollment().prepareKey(s.id(), new io.mshield.enrollment.KeyProposal.DeviceKey());
        java.security.KeyPair keys = phone.generate(KeyAlgorithm.EC_P256);
        io.mshield.shield.ShieldDetails opened = a.enrollment().complete(s.id(),
                phone.certificateRequest(keys, KeyAlgorithm.EC_P256, DemoBank.NAMES.get(DemoBank.ZHANG)));
        BigInteger serial = new BigInteger(opened.certificate().orElseThrow().serialHex(), 16);
        assertThat(b.shields().details(opened.number()).status()).isEqualTo(io.mshield.shield.ShieldStatus.ACTIVE);

        io.mshield.Actor legalRep = io.mshield.Actor.legalRepresentative("zhang", DemoBank.ENTERPRISE, DemoBank.ZHANG);
        assertThat(b.administration().reportLoss(opened.number(), io.mshield.Actor.holder("acct-iphone-zhang")).status())
                .isEqualTo(io.mshield.shield.ShieldStatus.LOST);
        assertThat(a.shields().details(opened.number()).status()).as("node A sees node B's loss report at once")
                .isEqualTo(io.mshield.shield.ShieldStatus.LOST);
        b.administration().voidShield(opened.number(), legalRep);
        assertThat(a.shields().details(opened.number()).status()).isEqualTo(io.mshield.shield.ShieldStatus.REVOKED);

        CertificateAuthority caA = node(db);
        X509Certificate issuer = caA.chain(KeyAlgorithm.Family.EC).get(0);
        assertThat(caA.status(serial, Instant.now()).state()).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(ocspStatus(caA, issuer, serial)).isInstanceOf(RevokedStatus.class);
        assertThat(new X509CRLHolder(caA.crl(KeyAlgorithm.Family.EC)).getRevokedCertificate(serial)).isNotNull();
    }
}
