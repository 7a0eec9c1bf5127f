package io.mshield.core.rules;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.fixtures.World;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.twoparty.Sm2TwoPartyPhone;
import io.mshield.enrollment.OneTimeCode;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.pin.PinPolicy;
import io.mshield.shield.HolderOperation;
import io.mshield.shield.ShieldDetails;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.time.Duration;

import static io.mshield.core.fixtures.World.BOSS;
import static io.mshield.core.rules.CollaborativeHolder.PIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R3.4, R10.6: a COLLABORATIVE renewal takes exactly the request the bank co-signed last, and none
 * whose co-signature failed. Attacks the matching of the CSR's to-be-signed part against the stored
 * hash, and the request's retirement when the bank's half could not be computed: an earlier
 * co-signed request of the same joint key and name (here with one more subject attribute, which the
 * CA ignores) is refused as not the request the bank co-signed; after a round whose Q1 is no point
 * of the curve, no request is left to renew with.
 */
class OnlyTheLastCoSignedRenewalRequestRenewsTest {
    private static final BouncyCastleCrypto CRYPTO = BouncyCastleCrypto.create();
    private static final Actor HOLDER = Actor.holder("acct-boss");

    private final World w = new World(b -> b.crypto(CRYPTO).coolingOff(CoolingOffPolicy.none()).pinPolicy(PinPolicy.seed002()));
    private final CollaborativeHolder h = new CollaborativeHolder(w, BOSS, "acct-boss");
    private final String name = World.nameOf(BOSS).value();

    private ShieldDetails openInTheRenewalWindow() {
        ShieldDetails d = h.open("phone-c");
        w.clock.set(d.certificate().orElseThrow().notAfter().minus(Duration.ofDays(100)));
        return d;
    }

    /** A request of the joint key for the holder's name with an organisational unit as well. */
    private byte[] infoWithUnit() throws IOException {
        return new CertificationRequestInfo(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).addRDN(BCStyle.OU, "treasury").build(),
                SubjectPublicKeyInfo.getInstance(h.jointKey.getEncoded()), new DERSet()).getEncoded("DER");
    }

    /** The CSR the phone makes once the bank co-signed the request. */
    private byte[] coSigned(ShieldDetails d, byte[] info) {
        Sm2TwoPartyPhone.Round round = h.phone.startRound();
        CollaborativeSm2.CoSignature c = w.sdk.shields().coSignRenewalRequest(d.number(), HOLDER, info, h.proof(PIN), round.q1());
        return h.device.certificateRequest(info, h.finish(round, c));
    }

    private OneTimeCode code(ShieldDetails d) {
        w.sdk.shields().sendSmsCode(d.number(), HOLDER, HolderOperation.RENEWAL);
        return w.lastCode(BOSS);
    }

    private static ShieldException csrInvalid(Executable call) {
        ShieldException e = org.junit.jupiter.api.Assertions.assertThrows(ShieldException.class, call);
        assertThat(e.code()).isEqualTo(ErrorCode.CSR_INVALID);
        return e;
    }

    @Test
    @DisplayName("two requests co-signed one after the other: the first one's CSR is refused, the last one's renews")
    void theLastOneOnly() throws IOException {
        ShieldDetails d = openInTheRenewalWindow();
        byte[] first = coSigned(d, infoWithUnit());
        byte[] last = coSigned(d, h.device.certificationRequestInfo(h.jointKey, name));
        OneTimeCode code = code(d);
        ShieldException e = csrInvalid(() -> w.sdk.shields().renewCoSigned(d.number(), HOLDER, code, first));
        assertThat(e.getMessage()).contains("not the request the bank co-signed");
        assertThat(w.sdk.shields().details(d.number()).certificate()).isEqualTo(d.certificate());
        ShieldDetails renewed = w.sdk.shields().renewCoSigned(d.number(), HOLDER, code, last);
        assertThat(renewed.certificate().orElseThrow().serialHex()).isNotEqualTo(d.certificate().orElseThrow().serialHex());
    }

    @Test
    @DisplayName("a round whose Q1 is no curve point co-signs nothing and leaves no request: the renewal finds none")
    void aFailedCoSignatureLeavesNoRequest() {
        ShieldDetails d = openInTheRenewalWindow();
        byte[] info = h.device.certificationRequestInfo(h.jointKey, name);
        byte[] notAPoint = new byte[65];
        notAPoint[0] = 0x04;
        notAPoint[64] = 0x07;
        org.junit.jupiter.api.Assertions.assertThrows(ShieldException.class, () -> w.sdk.shields().coSignRenewalRequest(d.number(), HOLDER, info,
                h.proof(PIN), notAPoint));
        OneTimeCode code = code(d);
        byte[] anyRequest = h.device.certificateRequest(h.device.generate(KeyAlgorithm.SM2), KeyAlgorithm.SM2, name);
        ShieldException e = csrInvalid(() -> w.sdk.shields().renewCoSigned(d.number(), HOLDER, code, anyRequest));
        assertThat(e.getMessage()).contains("no renewal request of this certificate was co-signed");
        assertThat(w.sdk.shields().details(d.number()).certificate()).isEqualTo(d.certificate());
    }
}
