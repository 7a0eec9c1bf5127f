package io.mshield.core.seal;

import io.mshield.Actor;
import io.mshield.core.MobileShields;
import io.mshield.core.fixtures.MutableClock;
import io.mshield.core.fixtures.World;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.keys.PublicKeyEncryption;
import io.mshield.enrollment.Application;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.KeyProposal;
import io.mshield.identity.EnterpriseId;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.persistence.Persistence;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.Pin;
import io.mshield.pin.PinBlock;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinProof;
import io.mshield.seal.Seal;
import io.mshield.seal.SealMediaTrust;
import io.mshield.seal.SealType;
import io.mshield.shield.ShieldDetails;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A bank for the seal tests on the real crypto: sdk-crypto's {@link BouncyCastleCrypto} (its key
 * storage holds the PIN keys; its path validation checks the USB keys' certificates), a USB-key CA
 * the bank trusts and a foreign one, both made here with BouncyCastle, and the trusted CA's CRLs.
 */
final class SealBank {
    static final BouncyCastleProvider BC = new BouncyCastleProvider();
    static final Instant START = Instant.parse("2026-11-22T02:00:00Z");
    private static final AtomicLong SERIALS = new AtomicLong(1000);

    final MutableClock clock;
    final BouncyCastleCrypto crypto;
    /** The USB-key CA the bank configured. */
    final TestCa trusted;
    /** A CA the bank never heard of, with the same name as the trusted one. */
    final TestCa foreign;
    /** What the bank's CRL source returns. */
    final List<byte[]> crls;
    final World w;
    final Actor ca = World.staff("ca-operator");

    /** A bank with the default seal policies on a fresh {@linkplain World#defaultStore() default store}. */
    SealBank() {
        this(b -> b);
    }

    /**
     * A bank with adjusted policies on a fresh {@linkplain World#defaultStore() default store}.
     *
     * @param more changes to the builder
     */
    SealBank(UnaryOperator<MobileShields.Builder> more) {
        this(World.defaultStore(), more);
    }

    /**
     * A bank on a given store. Its crypto and clock are its world's: the world's
     * {@code BouncyCastleCrypto}, whose CA keeps its records in that store.
     *
     * @param persistence the store
     * @param more        changes to the builder
     */
    SealBank(Persistence persistence, UnaryOperator<MobileShields.Builder> more) {
        this.trusted = TestCa.create("CN=USBKEY CA,O=测试CA有限公司,C=CN", START);
        this.foreign = TestCa.create("CN=USBKEY CA,O=测试CA有限公司,C=CN", START);
        this.crls = new CopyOnWriteArrayList<>();
        this.w = new World(configure(more), persistence);
        this.clock = w.clock;
        this.crypto = w.crypto;
    }

    private SealBank(SealBank first, Persistence persistence, UnaryOperator<MobileShields.Builder> more) {
        this.trusted = first.trusted;
        this.foreign = first.foreign;
        this.crls = first.crls;
        this.w = World.secondNode(first.w, persistence, configure(more));
        this.clock = w.clock;
        this.crypto = w.crypto;
    }

    /**
     * A second SDK instance of the same bank on its own store connection to the same database.
     *
     * @param persistence its store
     * @param more        the first node's policy changes
     * @return the node
     */
    SealBank secondNode(Persistence persistence, UnaryOperator<MobileShields.Builder> more) {
        return new SealBank(this, persistence, more);
    }

    private UnaryOperator<MobileShields.Builder> configure(UnaryOperator<MobileShields.Builder> more) {
        return b -> more.apply(b.coolingOff(CoolingOffPolicy.none())
                .sealMediaTrust(SealMediaTrust.of(List.of(trusted.der()), () -> List.copyOf(crls))));
    }

    /** A PIN block as the app makes it: the PIN and the challenge, encrypted to the bank's PIN key. */
    PinProof.EncryptedPin pinBlock(PinChallenge challenge, String digits) {
        try (Pin p = Pin.of(digits)) {
            byte[] plain = PinBlock.encode(challenge, p);
            return new PinProof.EncryptedPin(challenge.id(), new PublicKeyEncryption(new SecureRandom())
                    .encrypt(crypto.signatures().decodePublicKey(challenge.pinKey()), plain));
        }
    }

    Seal register(EnterpriseId enterprise, SealType type, String name, String pin) {
        return w.sdk.seals().register(ca, enterprise, type, name, pinBlock(w.sdk.seals().registrationChallenge(ca, enterprise), pin));
    }

    /** Opens a DEVICE P-256 shield through every step, PIN blocks on the real PIN key. */
    ShieldDetails open(ResidentIdNumber person, String device, String account, String pin) {
        Application app = w.application(person, device, account);
        EnrollmentSession s = w.sdk.enrollment().start(app);
        w.sdk.enrollment().acceptAgreement(s.id(), "v1");
        w.sdk.enrollment().sendSmsCode(s.id());
        w.sdk.enrollment().verifySmsCode(s.id(), w.lastCode(person));
        w.sdk.enrollment().verifyFace(s.id(), new FaceVerifier.FaceCapture(new byte[]{1, 2, 3}));
        w.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(pinBlock(w.sdk.enrollment().pinChallenge(s.id()), pin)));
        w.sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey());
        KeyPair keys = World.phoneKeyPair();
        shieldKeys.put(s.shieldNumber().value(), keys);
        return w.sdk.enrollment().complete(s.id(), World.csr(keys, app.name().value()));
    }

    private final java.util.Map<String, KeyPair> shieldKeys = new java.util.concurrent.ConcurrentHashMap<>();

    KeyPair shieldKey(ShieldDetails d) {
        return shieldKeys.get(d.number().value());
    }

    static KeyPair p256() {
        return World.phoneKeyPair();
    }

    static byte[] sign(KeyPair keys, byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA", BC);
            s.initSign(keys.getPrivate());
            s.update(data);
            return s.sign();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A USB key's certificate and key, as its middleware presents them. */
    record UsbCert(KeyPair keys, byte[] der, BigInteger serial) {
        byte[] sign(byte[] data) {
            return SealBank.sign(keys, data);
        }
    }

    /** A self-signed certificate, as anyone can make. */
    UsbCert selfSigned(String cn) {
        KeyPair keys = p256();
        X500Name name = new X500Name("CN=" + cn + ",O=厦门测试有限公司");
        return TestCa.build(name, keys, name, keys, clock.instant().minus(Duration.ofDays(1)), clock.instant().plus(Duration.ofDays(365)),
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation), false);
    }

    /** A CA made in the test: its key, its self-signed CA certificate. */
    record TestCa(X500Name name, KeyPair keys, byte[] der) {
        static TestCa create(String dn, Instant now) {
            KeyPair keys = p256();
            X500Name name = new X500Name(dn);
            UsbCert c = build(name, keys, name, keys, now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(3650)),
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign), true);
            return new TestCa(name, keys, c.der());
        }

        /** A signing certificate for a USB key, valid a day before to a year after {@code now}. */
        UsbCert issue(String cn, Instant now) {
            return issue(cn, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)), KeyUsage.digitalSignature | KeyUsage.nonRepudiation);
        }

        UsbCert issue(String cn, Instant from, Instant to, int keyUsage) {
            return build(new X500Name("CN=" + cn + ",O=厦门测试有限公司"), p256(), name, keys, from, to, new KeyUsage(keyUsage), false);
        }

        /** A CRL of this CA listing the serials, current at {@code now} for a week. */
        byte[] crl(Instant now, BigInteger... revoked) {
            try {
                X509v2CRLBuilder b = new X509v2CRLBuilder(name, Date.from(now.minus(Duration.ofHours(1))));
                b.setNextUpdate(Date.from(now.plus(Duration.ofDays(7))));
                for (BigInteger serial : revoked) {
                    b.addCRLEntry(serial, Date.from(now.minus(Duration.ofMinutes(30))), CRLReason.keyCompromise);
                }
                return b.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(keys.getPrivate())).getEncoded();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        static UsbCert build(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys, Instant from, Instant to,
                             KeyUsage usage, boolean ca) {
            try {
                BigInteger serial = BigInteger.valueOf(SERIALS.incrementAndGet());
                var builder = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(from), Date.from(to), subject, subjectKeys.getPublic())
                        .addExtension(Extension.keyUsage, true, usage)
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
                byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(issuerKeys.getPrivate()))
                        .getEncoded();
                return new UsbCert(subjectKeys, der, serial);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
