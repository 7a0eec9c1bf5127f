package io.mshield.core.seal;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.fixtures.World;
import io.mshield.core.seal.SealBank.UsbCert;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.identity.IdDocumentType;
import io.mshield.identity.PersonName;
import io.mshield.identity.PhoneNumber;
import io.mshield.pin.PinCheck;
import io.mshield.seal.Seal;
import io.mshield.seal.SealHolder;
import io.mshield.seal.SealMediaTrust;
import io.mshield.seal.SealMedium;
import io.mshield.seal.SealOperation;
import io.mshield.seal.SealType;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.fixtures.World.ENTERPRISE;
import static io.mshield.core.fixtures.World.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * R8.1: a USB key's certificate binds a seal only when a CA the bank configured issued it, it is
 * valid now, its key usage is for signatures and its issuer's CRL does not list it — checked by
 * sdk-crypto's path validation, with certificates made here by a trusted and a foreign CA. Every
 * refusal binds nothing: the seal stays unbound, the USB key stays free, the audit log unchanged.
 */
class SealMediaTrustTest {
    private static final SealHolder HOLDER = new SealHolder(PersonName.of("李四"), IdDocumentType.MAINLAND_RESIDENT_ID, OPERATOR,
            PhoneNumber.of("13900000002"));
    private static final String SEAL_PIN = "258036";
    private static final Actor BOSS_ACTOR = World.legalRep(ENTERPRISE);
    private static final SealMedium.UsbKey KEY = new SealMedium.UsbKey("UK0001");

    private final SealBank bank = new SealBank();
    private final World w = bank.w;
    private final Seal official = bank.register(ENTERPRISE, SealType.OFFICIAL, "厦门测试有限公司", SEAL_PIN);

    private Instant now() {
        return bank.clock.instant();
    }

    private long auditCount() {
        return w.sdk.audit().read(1, 1000).size();
    }

    private SealOperation start(UsbCert cert) {
        return w.sdk.seals().startBinding(BOSS_ACTOR, ENTERPRISE, official.id(), KEY, cert.der(), HOLDER, false);
    }

    private void bind(UsbCert cert) {
        SealOperation op = start(cert);
        assertThat(w.sdk.seals().verifyPin(BOSS_ACTOR, op.id(), bank.pinBlock(op.pinChallenge(), SEAL_PIN))).isEqualTo(new PinCheck.Accepted());
        w.sdk.seals().verifyLegalRepresentative(BOSS_ACTOR, op.id(), new FaceVerifier.FaceCapture(new byte[]{7}));
        w.sdk.seals().complete(BOSS_ACTOR, op.id(), cert.sign(op.statement()));
    }

    /** The refusal, then proof that nothing was bound or recorded and that the key is still free for a good certificate. */
    private void refusedAndNothingBound(ErrorCode code, UsbCert cert) {
        long audit = auditCount();
        refused(code, () -> start(cert));
        assertThat(auditCount()).as("audit entries").isEqualTo(audit);
        Seal after = w.sdk.seals().seal(official.id());
        assertThat(after.bound()).isFalse();
        assertThat(after.certList()).isEmpty();
        refused(ErrorCode.SEAL_BINDING_CONFLICT, () -> w.sdk.seals().checkStamp(official.id(), cert.der()));
    }

    @Test
    @DisplayName("R8.1 a certificate issued by the CA the bank trusts binds, and the seal then stamps with it")
    void trustedCaBinds() {
        UsbCert cert = bank.trusted.issue("ukey-1", now());
        bind(cert);
        assertThat(w.sdk.seals().checkStamp(official.id(), cert.der()).medium()).contains(KEY);
    }

    @Test
    @DisplayName("R8.1 a self-signed USB key certificate is refused with CERTIFICATE_UNTRUSTED and binds nothing")
    void selfSigned() {
        UsbCert cert = bank.selfSigned("ukey-self");
        refusedAndNothingBound(ErrorCode.CERTIFICATE_UNTRUSTED, cert);
        bind(bank.trusted.issue("ukey-1", now()));
    }

    @Test
    @DisplayName("R8.1 a certificate from an unknown CA (same name as the trusted one, other key) is refused with CERTIFICATE_UNTRUSTED")
    void unknownCa() {
        refusedAndNothingBound(ErrorCode.CERTIFICATE_UNTRUSTED, bank.foreign.issue("ukey-foreign", now()));
    }

    @Test
    @DisplayName("R8.1 an expired and a not-yet-valid certificate of the trusted CA are refused with CERTIFICATE_EXPIRED")
    void outsideValidity() {
        int signing = KeyUsage.digitalSignature | KeyUsage.nonRepudiation;
        refusedAndNothingBound(ErrorCode.CERTIFICATE_EXPIRED,
                bank.trusted.issue("ukey-old", now().minus(Duration.ofDays(400)), now().minus(Duration.ofDays(1)), signing));
        refusedAndNothingBound(ErrorCode.CERTIFICATE_EXPIRED,
                bank.trusted.issue("ukey-future", now().plus(Duration.ofDays(1)), now().plus(Duration.ofDays(400)), signing));
    }

    @Test
    @DisplayName("R8.1 a certificate of the trusted CA whose key usage is not for signatures is refused with CERTIFICATE_INVALID")
    void wrongKeyUsage() {
        refusedAndNothingBound(ErrorCode.CERTIFICATE_INVALID,
                bank.trusted.issue("ukey-enc", now().minus(Duration.ofDays(1)), now().plus(Duration.ofDays(365)), KeyUsage.keyEncipherment));
    }

    @Test
    @DisplayName("R8.1 a certificate the trusted CA's CRL lists is refused with CERTIFICATE_REVOKED; a foreign CA's CRL cannot revoke it")
    void revoked() {
        UsbCert cert = bank.trusted.issue("ukey-revoked", now());
        bank.crls.add(bank.foreign.crl(now(), cert.serial()));
        SealOperation op = start(cert);
        assertThat(op.medium()).as("a CRL not signed by the issuer is ignored").isEqualTo(KEY);
        bank.crls.add(bank.trusted.crl(now(), cert.serial()));
        refusedAndNothingBound(ErrorCode.CERTIFICATE_REVOKED, cert);
    }

    @Test
    @DisplayName("R8.1 a certificate revoked after the binding started cannot complete it: CERTIFICATE_REVOKED, nothing bound")
    void revokedDuringTheOperation() {
        UsbCert cert = bank.trusted.issue("ukey-1", now());
        SealOperation op = start(cert);
        assertThat(w.sdk.seals().verifyPin(BOSS_ACTOR, op.id(), bank.pinBlock(op.pinChallenge(), SEAL_PIN))).isEqualTo(new PinCheck.Accepted());
        w.sdk.seals().verifyLegalRepresentative(BOSS_ACTOR, op.id(), new FaceVerifier.FaceCapture(new byte[]{7}));
        bank.crls.add(bank.trusted.crl(now(), cert.serial()));
        long audit = auditCount();
        refused(ErrorCode.CERTIFICATE_REVOKED, () -> w.sdk.seals().complete(BOSS_ACTOR, op.id(), cert.sign(op.statement())));
        assertThat(auditCount()).isEqualTo(audit);
        assertThat(w.sdk.seals().seal(official.id()).bound()).isFalse();
    }

    @Test
    @DisplayName("R8.1 with no trusted CA configured (the default) every USB key is refused with CERTIFICATE_UNTRUSTED")
    void noTrustConfigured() {
        SealBank none = new SealBank(b -> b.sealMediaTrust(SealMediaTrust.none()));
        Seal seal = none.register(ENTERPRISE, SealType.OFFICIAL, "厦门测试有限公司", SEAL_PIN);
        refused(ErrorCode.CERTIFICATE_UNTRUSTED, () -> none.w.sdk.seals().startBinding(BOSS_ACTOR, ENTERPRISE, seal.id(), KEY,
                none.trusted.issue("ukey-1", none.clock.instant()).der(), HOLDER, false));
    }

    @Test
    @DisplayName("R8.1 a crypto provider without path validation (the sdk-core test double) lets no USB key bind: ALGORITHM_NOT_SUPPORTED")
    void failsClosedWithoutPathValidation() {
        // a crypto provider without certificate path validation is forced with the TestCrypto double
        World plain = new World(b -> b.sealMediaTrust(SealMediaTrust.of(List.of(bank.trusted.der())))
                .crypto(new io.mshield.core.fixtures.TestCrypto()));
        Actor ca = World.staff("ca-operator");
        io.mshield.pin.PinChallenge challenge = plain.sdk.seals().registrationChallenge(ca, ENTERPRISE);
        io.mshield.pin.PinProof.EncryptedPin block;
        try (io.mshield.pin.Pin p = io.mshield.pin.Pin.of(SEAL_PIN)) {
            block = new io.mshield.pin.PinProof.EncryptedPin(challenge.id(), io.mshield.core.fixtures.TestCrypto.encrypt(challenge.pinKey(),
                    io.mshield.pin.PinBlock.encode(challenge, p)));
        }
        Seal seal = plain.sdk.seals().register(ca, ENTERPRISE, SealType.OFFICIAL, "厦门测试有限公司", block);
        refused(ErrorCode.ALGORITHM_NOT_SUPPORTED, () -> plain.sdk.seals().startBinding(BOSS_ACTOR, ENTERPRISE, seal.id(), KEY,
                bank.trusted.issue("ukey-1", plain.clock.instant()).der(), HOLDER, false));
    }

    @Test
    @DisplayName("R8.1 the builder refuses an end-entity certificate as a trusted seal media CA")
    void trustedIssuerMustBeACa() {
        UsbCert leaf = bank.trusted.issue("not-a-ca", now());
        assertThatThrownBy(() -> new SealBank(
                b -> b.sealMediaTrust(SealMediaTrust.of(List.of(leaf.der())))))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
}
