package io.mshield.core.rules;

import io.mshield.core.fixtures.World;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.bc.Phone;
import io.mshield.crypto.twoparty.Sm2TwoPartyPhone;
import io.mshield.enrollment.Application;
import io.mshield.enrollment.DeviceInfo;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.KeyProposal;
import io.mshield.identity.DeviceId;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.identity.UserId;
import io.mshield.identity.UserType;
import io.mshield.limit.Money;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.Pin;
import io.mshield.pin.PinBlock;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinProof;
import io.mshield.pin.RoundProof;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.ShieldDetails;
import io.mshield.transaction.SignatureReceipt;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.Party;
import io.mshield.limit.Scenario;
import io.mshield.transaction.Transaction;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The holder's app for a COLLABORATIVE SM2 shield, on the real crypto: the phone keeps its share d1
 * (here in memory, unmasked: the tests here are about the bank's rules, not the phone's storage),
 * encrypts PIN blocks to the bank's PIN key with sdk-crypto's {@link Phone}, and finishes the
 * two-party signatures and decryptions with {@link Sm2TwoPartyPhone}.
 */
final class CollaborativeHolder {
    static final String PIN = "135790";
    static final String USER_ID = "1234567812345678";

    final World world;
    final ResidentIdNumber person;
    final String account;
    final SecureRandom random = new SecureRandom();
    final Phone device = new Phone(random);
    final Sm2TwoPartyPhone phone = new Sm2TwoPartyPhone(random, USER_ID);
    Sm2TwoPartyPhone.Share share;
    PublicKey jointKey;
    ShieldDetails shield;
    /** The co-sign counter the phone sends next (plus one). */
    long counter;
    /** The methods the device declares when it applies (change before {@link #open} to add a biometric). */
    Set<AuthMethod> deviceMethods = Set.of(AuthMethod.PIN);

    CollaborativeHolder(World world, ResidentIdNumber person, String account) {
        this.world = world;
        this.person = person;
        this.account = account;
    }

    /** The PIN block for a challenge, encrypted to the bank's PIN key as the app does. */
    PinProof.EncryptedPin block(PinChallenge challenge, String pin) {
        try (Pin p = Pin.of(pin)) {
            return new PinProof.EncryptedPin(challenge.id(), device.encrypt(challenge.pinKey(), PinBlock.encode(challenge, p)));
        }
    }

    /** A round's proof for a fresh challenge of the shield, with the next counter. */
    RoundProof proof(String pin) {
        return new RoundProof(block(world.sdk.shields().pinChallenge(shield.number()), pin), ++counter);
    }

    /** A round's proof with a chosen counter. */
    RoundProof proof(String pin, long withCounter) {
        return new RoundProof(block(world.sdk.shields().pinChallenge(shield.number()), pin), withCounter);
    }

    /** An enrollment up to the choice of authentication. */
    EnrollmentSession upToAuthentication(String deviceId) {
        Application app = new Application("c-" + deviceId + "-" + random.nextInt(1_000_000), World.ENTERPRISE, World.CREDIT_CODE, person,
                World.nameOf(person), person.equals(World.BOSS) ? UserType.LEGAL_REPRESENTATIVE : UserType.OPERATOR,
                new DeviceInfo(DeviceId.of(deviceId), UserId.of(account), deviceMethods), CustodyMode.COLLABORATIVE, KeyAlgorithm.SM2);
        return Enrollments.upToAuthentication(world, app);
    }

    /** Opens the shield: PIN registered, joint key made, the request co-signed after its PIN round. */
    ShieldDetails open(String deviceId) {
        EnrollmentSession s = upToAuthentication(deviceId);
        world.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(block(world.sdk.enrollment().pinChallenge(s.id()), PIN)));
        share = phone.newShare();
        jointKey = world.sdk.enrollment().prepareKey(s.id(), new KeyProposal.CollaborativeKey(share.p1())).publicKey().orElseThrow();
        byte[] info = device.certificationRequestInfo(jointKey, World.nameOf(person).value());
        Sm2TwoPartyPhone.Round round = phone.startRound();
        RoundProof proof = new RoundProof(block(world.sdk.enrollment().pinChallenge(s.id()), PIN), ++counter);
        CollaborativeSm2.CoSignature c = world.sdk.enrollment().coSignCertificateRequest(s.id(), info, proof, round.q1());
        shield = world.sdk.enrollment().complete(s.id(), device.certificateRequest(info, phone.finish(share, round, c.r(), c.s2(), c.s3())));
        return shield;
    }

    /** A transfer of an amount in yuan, authorized for signing with the shield. */
    Authorization authorizeTransfer(String amount) {
        return world.sdk.transactions().authorize(shield.number(), new Transaction("ref-" + amount + "-" + random.nextInt(1_000_000),
                Scenario.TRANSFER, Money.cny(amount), new Party("付款方", "6222000000000001", "厦门银行"),
                Optional.of(new Party("收款方", "6222000000000002", "工商银行")), List.of(), "mobile", "转账 " + amount + " 元"),
                Authenticator.SHIELD);
    }

    Authorization.Allowed authorize(String amount) {
        return (Authorization.Allowed) authorizeTransfer(amount);
    }

    /** The joint signature the phone finishes from the bank's co-signature. */
    byte[] finish(Sm2TwoPartyPhone.Round round, CollaborativeSm2.CoSignature c) {
        return phone.finish(share, round, c.r(), c.s2(), c.s3());
    }

    /** The holder's app: a payment, co-signed after its PIN round, completed. */
    SignatureReceipt pay(String amount, String pin) {
        Authorization.Allowed a = authorize(amount);
        Sm2TwoPartyPhone.Round round = phone.startRound();
        CollaborativeSm2.CoSignature c = world.sdk.transactions().coSign(a.id(), proof(pin), round.q1());
        return world.sdk.transactions().complete(a.id(), finish(round, c), Optional.empty());
    }

    /** The holder's app: a PIN challenge co-signed after its PIN block, then the joint signature checked. */
    PinCheck proveAndCheck(String pin) {
        PinChallenge ch = world.sdk.shields().pinChallenge(shield.number());
        Sm2TwoPartyPhone.Round round = phone.startRound();
        CollaborativeSm2.CoSignature c = world.sdk.shields().coSignPinChallenge(shield.number(), new RoundProof(block(ch, pin), ++counter),
                round.q1());
        return world.sdk.shields().checkPin(shield.number(), new PinProof.JointSignature(ch.id(), finish(round, c)));
    }
}
