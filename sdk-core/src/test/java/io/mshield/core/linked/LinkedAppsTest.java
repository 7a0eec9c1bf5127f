package io.mshield.core.linked;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.fixtures.SecretSearch;
import io.mshield.core.fixtures.World;
import io.mshield.enrollment.OneTimeCode;
import io.mshield.identity.DeviceId;
import io.mshield.linked.IdentityChallenge;
import io.mshield.linked.IdentityChallengePolicy;
import io.mshield.linked.LinkedCredential;
import io.mshield.pin.PinPolicy;
import io.mshield.shield.ShieldDetails;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.fixtures.World.BOSS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LinkedAppsTest {
    private static final String PIN = "135790";
    private static final String BANKING = "mobile-banking";
    private static final String INVEST = "invest";
    private static final DeviceId DEVICE = DeviceId.of("dev-1");

    private final World w = new World(b -> b.pinPolicy(PinPolicy.seed004()));
    private final ShieldDetails shield = w.open(BOSS, "dev-1", "acct-boss", PIN);

    private String digits(IdentityChallenge c) {
        StringBuilder sb = new StringBuilder();
        c.positions().forEach(p -> sb.append(BOSS.value().charAt(p - 1)));
        return sb.toString();
    }

    private OneTimeCode sms() {
        w.clock.advance(Duration.ofMinutes(2));   // past the resend cool-down
        w.sdk.linkedApps().sendSmsCode(shield.number());
        return w.lastCode(BOSS);
    }

    private LinkedCredential enableBanking() {
        IdentityChallenge c = w.sdk.linkedApps().identityChallenge(shield.number());
        return w.sdk.linkedApps().enable(shield.number(), BANKING, DEVICE, c.id(), digits(c), sms(), w.pin(shield.number(), PIN));
    }

    private static KeyPair biometricKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static byte[] sign(KeyPair k, byte[] data) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA", new BouncyCastleProvider());
        s.initSign(k.getPrivate());
        s.update(data);
        return s.sign();
    }

    @Test
    @DisplayName("R9.1 a credential enabled in one app is synced to a second app on the same device, confirmed with its code")
    void sync() {
        LinkedCredential enabled = enableBanking();
        assertThat(enabled.app(BANKING)).isPresent();
        refused(ErrorCode.PIN_INCORRECT, () -> w.sdk.linkedApps().sync(shield.number(), BANKING, INVEST, DEVICE, w.pin(shield.number(), "000000")));
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.linkedApps().sync(shield.number(), BANKING, INVEST, DeviceId.of("dev-9"), w.pin(shield.number(), PIN)));
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.linkedApps().sync(shield.number(), "other-app", INVEST, DEVICE, w.pin(shield.number(), PIN)));
        assertThat(w.sdk.linkedApps().status(shield.number()).app(INVEST)).isEmpty();
        LinkedCredential synced = w.sdk.linkedApps().sync(shield.number(), BANKING, INVEST, DEVICE, w.pin(shield.number(), PIN));
        assertThat(synced.app(INVEST).orElseThrow().syncedFrom()).contains(BANKING);
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.linkedApps().sync(shield.number(), BANKING, INVEST, DEVICE, w.pin(shield.number(), PIN)));
    }

    @Test
    @DisplayName("R9.1 the cooling-off applies per app as configured: 6 h in mobile banking, none in the investment app")
    void coolingOffPerApp() {
        enableBanking();
        w.sdk.linkedApps().sync(shield.number(), BANKING, INVEST, DEVICE, w.pin(shield.number(), PIN));
        w.sdk.linkedApps().requireEffective(shield.number(), INVEST);
        refused(ErrorCode.COOLING_OFF, () -> w.sdk.linkedApps().requireEffective(shield.number(), BANKING));
        w.clock.advance(Duration.ofHours(6));
        w.sdk.linkedApps().requireEffective(shield.number(), BANKING);
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.linkedApps().requireEffective(shield.number(), "third-app"));
    }

    @Test
    @DisplayName("R9.2 biometric login needs the code, an SMS code and the biometric key's signature; each is checked")
    void biometric() throws Exception {
        enableBanking();
        w.sdk.linkedApps().sync(shield.number(), BANKING, INVEST, DEVICE, w.pin(shield.number(), PIN));
        KeyPair bio = biometricKey();
        OneTimeCode code = sms();
        byte[] nonce = w.sdk.linkedApps().biometricChallenge(shield.number(), INVEST);
        refused(ErrorCode.OTP_INCORRECT, () -> w.sdk.linkedApps().enableBiometric(shield.number(), INVEST, w.pin(shield.number(), PIN),
                OneTimeCode.of("000000"), bio.getPublic().getEncoded(), sign(bio, nonce)));
        refused(ErrorCode.SIGNATURE_INVALID, () -> w.sdk.linkedApps().enableBiometric(shield.number(), INVEST, w.pin(shield.number(), PIN),
                code, bio.getPublic().getEncoded(), sign(biometricKey(), nonce)));
        assertThat(w.sdk.linkedApps().status(shield.number()).app(INVEST).orElseThrow().biometric()).isFalse();
        OneTimeCode again = sms();
        byte[] fresh = w.sdk.linkedApps().biometricChallenge(shield.number(), INVEST);
        LinkedCredential on = w.sdk.linkedApps().enableBiometric(shield.number(), INVEST, w.pin(shield.number(), PIN), again,
                bio.getPublic().getEncoded(), sign(bio, fresh));
        assertThat(on.app(INVEST).orElseThrow().biometric()).isTrue();
        assertThat(on.app(BANKING).orElseThrow().biometric()).isFalse();
        byte[] login = w.sdk.linkedApps().biometricChallenge(shield.number(), INVEST);
        w.sdk.linkedApps().biometricLogin(shield.number(), INVEST, sign(bio, login));
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.linkedApps().biometricLogin(shield.number(), INVEST, sign(bio, login)));
    }

    @Test
    @DisplayName("R9.3 disabling in either app disables it in both, biometrics included")
    void disableBoth() throws Exception {
        enableBanking();
        w.sdk.linkedApps().sync(shield.number(), BANKING, INVEST, DEVICE, w.pin(shield.number(), PIN));
        KeyPair bio = biometricKey();
        OneTimeCode code = sms();
        byte[] nonce = w.sdk.linkedApps().biometricChallenge(shield.number(), INVEST);
        w.sdk.linkedApps().enableBiometric(shield.number(), INVEST, w.pin(shield.number(), PIN), code, bio.getPublic().getEncoded(), sign(bio, nonce));
        LinkedCredential off = w.sdk.linkedApps().disable(shield.number(), INVEST, sms());
        assertThat(off.apps()).isEmpty();
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.linkedApps().biometricChallenge(shield.number(), INVEST));
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.linkedApps().biometricChallenge(shield.number(), BANKING));
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.linkedApps().sync(shield.number(), BANKING, INVEST, DEVICE, w.pin(shield.number(), PIN)));
        // Enabling again in mobile banking starts its 6-hour cooling-off again.
        enableBanking();
        refused(ErrorCode.COOLING_OFF, () -> w.sdk.linkedApps().requireEffective(shield.number(), BANKING));
    }

    @Test
    @DisplayName("R9.4 the identity challenge asks for digits at 3 random positions; a wrong answer uses up one of 3 attempts")
    void identityChallenge() {
        IdentityChallenge c = w.sdk.linkedApps().identityChallenge(shield.number());
        assertThat(c.positions()).hasSize(3).doesNotHaveDuplicates().isSorted().allMatch(p -> p >= 1 && p <= 18);
        boolean varied = false;
        for (int i = 0; i < 20 && !varied; i++) {
            varied = !w.sdk.linkedApps().identityChallenge(shield.number()).positions().equals(c.positions());
        }
        assertThat(varied).as("positions are random").isTrue();
        OneTimeCode code = sms();
        String wrong = digits(c).chars().mapToObj(ch -> ch == '0' ? "1" : "0").reduce("", String::concat);
        ShieldException e = catchThrowableOfType(ShieldException.class, () -> w.sdk.linkedApps().enable(shield.number(), BANKING, DEVICE,
                c.id(), wrong, code, w.pin(shield.number(), PIN)));
        assertThat(e.code()).isEqualTo(ErrorCode.CHALLENGE_INVALID);
        assertThat(e.attemptsLeft()).hasValue(2);
        assertThat(w.sdk.linkedApps().status(shield.number()).apps()).isEmpty();
        LinkedCredential ok = w.sdk.linkedApps().enable(shield.number(), BANKING, DEVICE, c.id(), digits(c), code, w.pin(shield.number(), PIN));
        assertThat(ok.app(BANKING)).isPresent();
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.linkedApps().enable(shield.number(), BANKING, DEVICE, c.id(), digits(c), code,
                w.pin(shield.number(), PIN)));
        String audit = w.sdk.audit().read(1, 1000).toString();
        assertThat(audit).doesNotContain(BOSS.value());
        assertThat(SecretSearch.withoutHashes(audit)).doesNotContain(digits(c) + ",");
    }

    @Test
    @DisplayName("R9.5 a credential frozen for 24 h by 6 wrong codes, or frozen by the bank, can be neither synced nor enabled")
    void frozen() {
        enableBanking();
        for (int i = 0; i < 6; i++) {
            catchThrowableOfType(ShieldException.class, () -> w.sdk.linkedApps().sync(shield.number(), BANKING, INVEST, DEVICE,
                    w.pin(shield.number(), "000000")));
        }
        refused(ErrorCode.PIN_LOCKED, () -> w.sdk.linkedApps().sync(shield.number(), BANKING, INVEST, DEVICE, w.pin(shield.number(), PIN)));
        refused(ErrorCode.PIN_LOCKED, () -> w.sdk.linkedApps().identityChallenge(shield.number()));
        w.clock.advance(Duration.ofHours(24));
        w.sdk.linkedApps().sync(shield.number(), BANKING, INVEST, DEVICE, w.pin(shield.number(), PIN));
        w.sdk.linkedApps().disable(shield.number(), BANKING, sms());
        w.sdk.administration().freeze(shield.number(), World.staff("teller-1"));
        refused(ErrorCode.SHIELD_FROZEN, () -> w.sdk.linkedApps().identityChallenge(shield.number()));
        refused(ErrorCode.SHIELD_FROZEN, () -> w.sdk.linkedApps().sync(shield.number(), BANKING, INVEST, DEVICE, w.pin(shield.number(), PIN)));
    }

    @Test
    @DisplayName("R9.3 disabling needs the holder's SMS code: none, a wrong or an expired one is refused and nothing changes")
    void disableIsAuthenticated() {
        enableBanking();
        w.sdk.linkedApps().sync(shield.number(), BANKING, INVEST, DEVICE, w.pin(shield.number(), PIN));
        long audit = w.sdk.audit().read(1, 1000).size();
        // no code was sent since the last one was used: nothing to prove the holder with
        refused(ErrorCode.OTP_EXPIRED, () -> w.sdk.linkedApps().disable(shield.number(), INVEST, OneTimeCode.of("123456")));
        OneTimeCode code = sms();
        String wrong = new String(code.digits()).equals("000000") ? "111111" : "000000";
        refused(ErrorCode.OTP_INCORRECT, () -> w.sdk.linkedApps().disable(shield.number(), INVEST, OneTimeCode.of(wrong)));
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.linkedApps().disable(shield.number(), "third-app", code));
        assertThat(w.sdk.linkedApps().status(shield.number()).apps()).extracting(LinkedCredential.App::app)
                .containsExactlyInAnyOrder(BANKING, INVEST);
        w.clock.advance(Duration.ofMinutes(10));   // the code expired
        refused(ErrorCode.OTP_EXPIRED, () -> w.sdk.linkedApps().disable(shield.number(), INVEST, code));
        assertThat(w.sdk.linkedApps().status(shield.number()).apps()).hasSize(2);
        assertThat(w.sdk.audit().read(1, 1000)).filteredOn(e -> e.action().equals("linked.disabled")).isEmpty();
        OneTimeCode fresh = sms();
        assertThat(w.sdk.linkedApps().disable(shield.number(), INVEST, fresh).apps()).isEmpty();
        // the code is used once
        enableBanking();
        refused(ErrorCode.OTP_EXPIRED, () -> w.sdk.linkedApps().disable(shield.number(), BANKING, fresh));
        assertThat(SecretSearch.withoutHashes(w.sdk.audit().read(audit + 1, 1000))).doesNotContain(new String(fresh.digits()));
    }

    @Test
    @DisplayName("R9.4 the 600-wrong-answers attack: identity challenges stop after 5 a day per person (IDENTITY_CHALLENGE_LIMIT), and start again the next day")
    void identityChallengesPerDay() {
        OneTimeCode code = sms();
        int evaluated = 0;
        int issued = 0;
        ShieldException limit = null;
        for (int i = 0; i < 200 && limit == null; i++) {
            IdentityChallenge c;
            try {
                c = w.sdk.linkedApps().identityChallenge(shield.number());
            } catch (ShieldException e) {
                limit = e;
                break;
            }
            issued++;
            String wrong = digits(c).chars().mapToObj(ch -> ch == '0' ? "1" : "0").reduce("", String::concat);
            for (int a = 0; a < 3; a++) {
                ShieldException e = catchThrowableOfType(ShieldException.class, () -> w.sdk.linkedApps().enable(shield.number(), BANKING,
                        DEVICE, c.id(), wrong, code, w.pin(shield.number(), PIN)));
                assertThat(e.code()).isEqualTo(ErrorCode.CHALLENGE_INVALID);
                evaluated++;
            }
        }
        assertThat(limit).isNotNull();
        assertThat(limit.code()).isEqualTo(ErrorCode.IDENTITY_CHALLENGE_LIMIT);
        assertThat(issued).isEqualTo(IdentityChallengePolicy.seed004().perPersonPerDay()).isEqualTo(5);
        assertThat(evaluated).isEqualTo(15);
        refused(ErrorCode.IDENTITY_CHALLENGE_LIMIT, () -> w.sdk.linkedApps().identityChallenge(shield.number()));
        w.clock.advance(Duration.ofHours(12));   // still the same day in Hong Kong (10:00 + 2 min + 12 h)
        refused(ErrorCode.IDENTITY_CHALLENGE_LIMIT, () -> w.sdk.linkedApps().identityChallenge(shield.number()));
        assertThat(w.sdk.audit().read(1, 1000)).filteredOn(e -> e.action().equals("linked.identity_limit")).hasSize(3);
        // the next day (Hong Kong time) it starts again; the answer is still checked
        w.clock.advance(Duration.ofHours(12));
        IdentityChallenge tomorrow = w.sdk.linkedApps().identityChallenge(shield.number());
        assertThat(w.sdk.linkedApps().enable(shield.number(), BANKING, DEVICE, tomorrow.id(), digits(tomorrow), sms(),
                w.pin(shield.number(), PIN)).app(BANKING)).isPresent();
    }

    @Test
    @DisplayName("R9.4 the daily limit is per person across their shields, and set by the policy")
    void identityChallengesPerPerson() {
        World small = new World(b -> b.identityChallengePolicy(IdentityChallengePolicy.seed004().withPerPersonPerDay(2)));
        small.sdk.permissions().grant(World.superAdmin(World.ENTERPRISE2), World.ENTERPRISE2, World.OPERATOR);
        small.sdk.permissions().grant(World.superAdmin(World.ENTERPRISE), World.ENTERPRISE, World.OPERATOR);
        ShieldDetails a = small.open(World.OPERATOR, "dev-a", "acct-op", PIN);
        ShieldDetails b = small.open(small.application(World.ENTERPRISE2, World.OPERATOR, "dev-c", "acct-op2"), PIN);
        ShieldDetails boss = small.open(BOSS, "dev-b", "acct-boss", PIN);
        small.sdk.linkedApps().identityChallenge(a.number());
        small.sdk.linkedApps().identityChallenge(b.number());
        refused(ErrorCode.IDENTITY_CHALLENGE_LIMIT, () -> small.sdk.linkedApps().identityChallenge(a.number()));
        refused(ErrorCode.IDENTITY_CHALLENGE_LIMIT, () -> small.sdk.linkedApps().identityChallenge(b.number()));
        // another person is not affected
        small.sdk.linkedApps().identityChallenge(boss.number());
        refused(ErrorCode.INVALID_POLICY, () -> IdentityChallengePolicy.seed004().withPerPersonPerDay(0));
    }
}
