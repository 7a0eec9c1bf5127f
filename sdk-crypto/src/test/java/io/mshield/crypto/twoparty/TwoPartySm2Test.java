package io.mshield.crypto.twoparty;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.internal.Bc;
import io.mshield.crypto.internal.Signatures;
import io.mshield.crypto.internal.Sm2BankHalf;
import io.mshield.crypto.internal.Sm2Math;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TwoPartySm2Test {
    private static final String ID = "1234567812345678";
    private final SecureRandom random = new SecureRandom();
    private final Sm2TwoPartyPhone phone = new Sm2TwoPartyPhone(random, ID);
    private final Sm2BankHalf bank = new Sm2BankHalf("test", random, ID);
    private final Signatures stock = Signatures.withDefaultUserId();

    private byte[] sign(Sm2TwoPartyPhone.Share share, CollaborativeSm2.SharedKey key, byte[] message) {
        Sm2TwoPartyPhone.Round round = phone.startRound();
        byte[] e = bank.digest(key.publicKey(), message);
        assertThat(e).isEqualTo(phone.digest(key.publicKey(), message));
        CollaborativeSm2.CoSignature c = bank.coSign(key.share(), e, round.q1());
        return phone.finish(share, round, c.r(), c.s2(), c.s3());
    }

    @Test
    @DisplayName("R10.6 1,000 random two-party signatures verify with BouncyCastle's stock SM2 verifier")
    void thousandSignatures() {
        int verified = 0;
        for (int k = 0; k < 20; k++) {
            Sm2TwoPartyPhone.Share share = phone.newShare();
            CollaborativeSm2.SharedKey key = bank.generateShare(share.p1());
            for (int i = 0; i < 50; i++) {
                byte[] message = new byte[random.nextInt(200)];
                random.nextBytes(message);
                byte[] sig = sign(share, key, message);
                assertThat(stock.verify(key.publicKey(), SignatureScheme.SM2_SM3, message, sig)).isTrue();
                verified++;
            }
        }
        assertThat(verified).isEqualTo(1000);
    }

    @Test
    @DisplayName("R10.6 with a wrong PIN the share unmasks to another scalar and the signature fails; the right PIN works")
    void pinMasking() {
        Sm2TwoPartyPhone.Share share = phone.newShare();
        CollaborativeSm2.SharedKey key = bank.generateShare(share.p1());
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        MaskedShare stored = MaskedShare.mask(share.d1(), "135790".toCharArray(), salt, 1000);
        assertThat(stored.toString()).doesNotContain(share.d1().toString(16));
        byte[] msg = "pay 100".getBytes(StandardCharsets.UTF_8);
        Sm2TwoPartyPhone.Share right = Sm2TwoPartyPhone.shareOf(stored.unmask("135790".toCharArray()));
        Sm2TwoPartyPhone.Share wrong = Sm2TwoPartyPhone.shareOf(stored.unmask("135791".toCharArray()));
        assertThat(stock.verify(key.publicKey(), SignatureScheme.SM2_SM3, msg, sign(right, key, msg))).isTrue();
        assertThat(stock.verify(key.publicKey(), SignatureScheme.SM2_SM3, msg, sign(wrong, key, msg))).isFalse();
    }

    @Test
    @DisplayName("R5.3 all 10^6 PINs unmask to valid scalars; what the phone stores cannot test a guess without the bank")
    void everyPinUnmasksToAValidScalar() {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        BigInteger d1 = Sm2Math.randomScalar(random);
        MaskedShare stored = MaskedShare.mask(d1, "135790".toCharArray(), salt, 1);
        BigInteger n = Sm2Math.N;
        char[] pin = new char[6];
        int valid = 0;
        for (int p = 0; p < 1_000_000; p++) {
            int v = p;
            for (int i = 5; i >= 0; i--) {
                pin[i] = (char) ('0' + v % 10);
                v /= 10;
            }
            BigInteger h = MaskedShare.h(pin, salt, 1);
            if (h.signum() > 0 && h.compareTo(n) < 0) {
                BigInteger unmasked = new BigInteger(1, stored.masked()).multiply(h.modInverse(n)).mod(n);
                if (unmasked.signum() > 0) {
                    valid++;
                }
            }
        }
        assertThat(valid).isEqualTo(1_000_000);
        // the phone keeps only (masked, salt): no P1, no MAC — every candidate is an equally valid scalar
        assertThat(MaskedShare.class.getDeclaredFields()).extracting(java.lang.reflect.Field::getName)
                .containsExactlyInAnyOrder("DEFAULT_ITERATIONS", "masked", "salt", "iterations");
    }

    @Test
    @DisplayName("R7.4 joint decryption recovers a plaintext encrypted by BouncyCastle's stock SM2 engine to the joint key")
    void jointDecryption() throws Exception {
        Sm2TwoPartyPhone.Share share = phone.newShare();
        CollaborativeSm2.SharedKey key = bank.generateShare(share.p1());
        byte[] plain = "数字信封 digital envelope".getBytes(StandardCharsets.UTF_8);
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.init(true, new ParametersWithRandom((ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(key.publicKey()), random));
        byte[] ct = engine.processBlock(plain, 0, plain.length);
        byte[] t1 = phone.decryptStart(share, ct);
        byte[] t2 = bank.decryptHalf(key.share(), t1);
        assertThat(phone.decryptFinish(ct, t2)).isEqualTo(plain);
        ct[ct.length - 1] ^= 1;
        assertThatThrownBy(() -> phone.decryptFinish(ct, t2)).isInstanceOfSatisfying(ShieldException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.DECRYPTION_FAILED));
    }

    @Test
    @DisplayName("R10.6 a share refresh keeps the public key; old and new shares no longer work together")
    void refresh() {
        Sm2TwoPartyPhone.Share share = phone.newShare();
        CollaborativeSm2.SharedKey key = bank.generateShare(share.p1());
        CollaborativeSm2.Refresh r = bank.refresh(key.share());
        assertThat(r.toString()).doesNotContain(r.t().toString(16));
        Sm2TwoPartyPhone.Share fresh = Sm2TwoPartyPhone.refresh(share, r.t());
        CollaborativeSm2.SharedKey renewed = new CollaborativeSm2.SharedKey(r.share(), key.publicKey());
        byte[] msg = "after refresh".getBytes(StandardCharsets.UTF_8);
        assertThat(stock.verify(key.publicKey(), SignatureScheme.SM2_SM3, msg, sign(fresh, renewed, msg))).isTrue();
        assertThat(stock.verify(key.publicKey(), SignatureScheme.SM2_SM3, msg, sign(share, renewed, msg))).isFalse();
        assertThatThrownBy(() -> sign(fresh, key, msg)).isInstanceOfSatisfying(ShieldException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_NOT_FOUND));
    }

    @Test
    @DisplayName("R10.6 points off the curve, infinity, bad lengths and out-of-range scalars are refused")
    void badInput() {
        Sm2TwoPartyPhone.Share share = phone.newShare();
        CollaborativeSm2.SharedKey key = bank.generateShare(share.p1());
        byte[] off = share.p1();
        off[64] ^= 1;
        List<byte[]> bad = new ArrayList<>(List.of(off, new byte[65], new byte[33], new byte[0]));
        for (byte[] p : bad) {
            assertThatThrownBy(() -> bank.generateShare(p)).isInstanceOfSatisfying(ShieldException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
            assertThatThrownBy(() -> bank.coSign(key.share(), new byte[32], p)).isInstanceOf(ShieldException.class);
        }
        assertThatThrownBy(() -> bank.coSign(key.share(), new byte[31], phone.startRound().q1())).isInstanceOf(ShieldException.class);
        assertThatThrownBy(() -> Sm2TwoPartyPhone.shareOf(Sm2Math.N)).isInstanceOf(ShieldException.class);
        assertThatThrownBy(() -> Sm2TwoPartyPhone.shareOf(BigInteger.ZERO)).isInstanceOf(ShieldException.class);
        assertThat(share.toString()).doesNotContain(share.d1().toString(16)).doesNotContain(share.d1().toString());
        assertThat(bank.toString()).doesNotContainPattern("[0-9a-f]{20}");
        assertThat(Bc.provider()).isNotNull();
    }

    @Test
    @DisplayName("R10.1 the digest of either half refuses a key that is not SM2 with ALGORITHM_NOT_SUPPORTED, not a ClassCastException")
    void digestRefusesOtherKeys() throws Exception {
        for (String alg : new String[]{"RSA", "EC", "Ed25519"}) {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance(alg);
            if (alg.equals("RSA")) {
                g.initialize(2048);
            } else if (alg.equals("EC")) {
                g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            }
            java.security.PublicKey key = g.generateKeyPair().getPublic();
            for (org.assertj.core.api.ThrowableAssert.ThrowingCallable call : java.util.List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
                    () -> bank.digest(key, new byte[]{1}), () -> phone.digest(key, new byte[]{1}))) {
                org.assertj.core.api.Assertions.assertThatThrownBy(call).as(alg).isInstanceOfSatisfying(io.mshield.ShieldException.class,
                        e -> assertThat(e.code()).isEqualTo(io.mshield.ErrorCode.ALGORITHM_NOT_SUPPORTED));
            }
        }
    }
}
