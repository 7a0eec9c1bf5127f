package io.mshield.samples.phone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.bc.Phone;
import io.mshield.crypto.twoparty.MaskedShare;
import io.mshield.crypto.twoparty.Sm2TwoPartyPhone;
import io.mshield.pin.Pin;
import io.mshield.pin.PinBlock;
import io.mshield.pin.PinChallenge;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * A simulated phone with the bank's app: it talks to the sample bank server over HTTP only and
 * holds its half of the credential with sdk-crypto's phone code — a key pair for DEVICE custody,
 * nothing for HOSTED (the key is the bank's, the PIN unlocks it), the PIN-masked share d1 for
 * COLLABORATIVE. The PIN is typed on each use and leaves the phone only inside a PIN block
 * encrypted to the bank's one-time key, in every custody (COLLABORATIVE: with every round, before the
 * bank computes anything from its share).
 */
public final class SimPhone {
    private static final String SM2_USER_ID = "1234567812345678";
    private final BankClient bank;
    private final SecureRandom random = new SecureRandom();
    private final Phone phone = new Phone(random);
    private final Sm2TwoPartyPhone twoParty = new Sm2TwoPartyPhone(random, SM2_USER_ID);
    private final String device;
    private final Person person;
    private String shield;
    private String custody;
    private KeyAlgorithm algorithm;
    private KeyPair keys;
    private MaskedShare share;
    private long counter;

    /**
     * A person of the bank's filing, as the phone knows its owner.
     *
     * @param enterprise the enterprise
     * @param creditCode the enterprise's credit code, as filed
     * @param idNumber   the ID number
     * @param name       the name
     * @param userType   LEGAL_REPRESENTATIVE or OPERATOR
     * @param phone      the phone number (SMS arrive there)
     */
    public record Person(String enterprise, String creditCode, String idNumber, String name, String userType, String phone) {
        static Person of(JsonNode n) {
            return new Person(n.path("enterprise").asText(), n.path("creditCode").asText(), n.path("idNumber").asText(), n.path("name").asText(),
                    n.path("userType").asText(), n.path("phone").asText());
        }
    }

    /**
     * A phone of this person, with the app installed.
     *
     * @param bank   the server
     * @param person the phone's owner
     * @param device the phone's device id
     */
    public SimPhone(BankClient bank, Person person, String device) {
        this.bank = Objects.requireNonNull(bank, "bank");
        this.person = Objects.requireNonNull(person, "person");
        this.device = Objects.requireNonNull(device, "device");
    }

    /**
     * The sandbox's filed person at this index (0: the legal representative), granted the right
     * to hold a shield by the enterprise's administrator.
     *
     * @param bank  the server
     * @param index the index
     * @return the person
     */
    public static Person sandboxPerson(BankClient bank, int index) {
        JsonNode p = bank.get("/api/sandbox/people").get(index);
        return Person.of(bank.post("/api/sandbox/permissions", text(p.path("idNumber").asText())));
    }

    /**
     * The phone's owner.
     *
     * @return the person
     */
    public Person person() {
        return person;
    }

    /**
     * The shield number, once enrolled.
     *
     * @return the number
     */
    public String shield() {
        return shield;
    }

    /**
     * Opens a shield: agreement, SMS code, face, PIN, key, certificate.
     *
     * @param custodyMode DEVICE, HOSTED or COLLABORATIVE
     * @param alg         the key algorithm (SM2 for COLLABORATIVE)
     * @param pin         the PIN to set
     * @return the shield's JSON
     */
    public JsonNode enroll(String custodyMode, KeyAlgorithm alg, String pin) {
        ObjectNode app = BankClient.object().put("requestId", "sim-" + Long.toHexString(random.nextLong()))
                .put("enterprise", person.enterprise()).put("creditCode", person.creditCode()).put("idNumber", person.idNumber()).put("name", person.name())
                .put("userType", person.userType()).put("device", device).put("account", account())
                .put("custody", custodyMode).put("algorithm", alg.name());
        String id = bank.post("/api/phone/enrollments", app).path("id").asText();
        String e = "/api/phone/enrollments/" + id;
        bank.post(e + "/agreement", text("2026-11"));
        bank.post(e + "/sms", null);
        bank.post(e + "/sms-code", text(bank.post("/api/sandbox/sms/" + person.phone(), null).path("value").asText()));
        bank.post(e + "/face", BankClient.object().put("data", Base64.getEncoder().encodeToString(new byte[]{1, 2, 3})));
        ObjectNode auth = BankClient.object().put("method", "PIN");
        auth.set("pin", encryptedPin(bank.post(e + "/pin-challenge", null), pin));
        bank.post(e + "/authentication", auth);
        byte[] csr;
        switch (custodyMode) {
            case "DEVICE" -> {
                bank.post(e + "/key", BankClient.object().put("custody", custodyMode));
                keys = phone.generate(alg);
                csr = phone.certificateRequest(keys, alg, person.name());
            }
            case "HOSTED" -> {
                bank.post(e + "/key", BankClient.object().put("custody", custodyMode));
                csr = new byte[0];
            }
            case "COLLABORATIVE" -> {
                Sm2TwoPartyPhone.Share s = twoParty.newShare();
                byte[] salt = new byte[16];
                random.nextBytes(salt);
                share = MaskedShare.mask(s.d1(), pin.toCharArray(), salt, MaskedShare.DEFAULT_ITERATIONS);
                JsonNode k = bank.post(e + "/key", BankClient.object().put("custody", custodyMode).put("p1", b64(s.p1())));
                byte[] info = phone.certificationRequestInfo(sm2Key(bytes(k.path("publicKey"))), person.name());
                Sm2TwoPartyPhone.Round round = twoParty.startRound();
                ObjectNode req = BankClient.object().put("message", b64(info)).put("q1", b64(round.q1())).put("counter", ++counter);
                req.set("pin", encryptedPin(bank.post(e + "/pin-challenge", null), pin));
                JsonNode c = bank.post(e + "/csr-cosign", req);
                csr = phone.certificateRequest(info, finish(s, round, c));
            }
            default -> throw new IllegalArgumentException("custody is DEVICE, HOSTED or COLLABORATIVE, not " + custodyMode);
        }
        JsonNode done = bank.post(e + "/complete", BankClient.object().put("data", b64(csr)));
        shield = done.path("number").asText();
        custody = custodyMode;
        algorithm = alg;
        return done;
    }

    /**
     * Pays: asks the bank to authorize, then signs what it returned as the custody asks.
     *
     * @param amount      the amount in CNY
     * @param payeeName   the payee
     * @param payeeAccount the payee's account
     * @param pin         the PIN typed
     * @return the receipt's JSON, or the decision's where the bank did not allow the payment
     */
    public JsonNode pay(String amount, String payeeName, String payeeAccount, String pin) {
        ObjectNode p = BankClient.object().put("reference", "sim-" + Long.toHexString(random.nextLong())).put("scenario", "other")
                .put("amount", amount).put("channel", "mobile").put("displayText", "付款 " + amount + " 元 给 " + payeeName);
        p.putObject("payer").put("name", "厦门示例贸易有限公司").put("account", "6222000000000001").put("bank", "厦门银行");
        p.putObject("payee").put("name", payeeName).put("account", payeeAccount).put("bank", "工商银行");
        JsonNode decision = bank.post("/api/phone/shields/" + shield + "/payments", p);
        if (!decision.path("outcome").asText().equals("ALLOWED")) {
            return decision;
        }
        return sign(decision, pin);
    }

    /**
     * Signs an allowed authorization (a payment, or a scanned QR code).
     *
     * @param allowed the decision, ALLOWED
     * @param pin     the PIN typed
     * @return the receipt's JSON
     */
    public JsonNode sign(JsonNode allowed, String pin) {
        String a = "/api/phone/authorizations/" + allowed.path("id").asText();
        byte[] content = bytes(allowed.path("signedContent"));
        return switch (custody) {
            case "DEVICE" -> {
                ObjectNode c = BankClient.object().put("signature", b64(phone.sign(keys, algorithm.defaultScheme(), content)));
                c.set("pin", encryptedPin(pinChallenge(), pin));
                yield bank.post(a + "/complete", c);
            }
            case "HOSTED" -> bank.post(a + "/sign-hosted", encryptedPin(pinChallenge(), pin));
            default -> {
                Sm2TwoPartyPhone.Round round = twoParty.startRound();
                ObjectNode req = BankClient.object().put("q1", b64(round.q1())).put("counter", ++counter);
                req.set("pin", encryptedPin(pinChallenge(), pin));
                JsonNode c = bank.post(a + "/cosign", req);
                Sm2TwoPartyPhone.Share s = Sm2TwoPartyPhone.shareOf(share.unmask(pin.toCharArray()));
                yield bank.post(a + "/complete", BankClient.object().put("signature", b64(finish(s, round, c))));
            }
        };
    }

    /**
     * Scans a QR code's text, signs what it asks and approves it.
     *
     * @param payload the QR code's text
     * @param pin     the PIN typed
     * @return the approved challenge's JSON
     */
    public JsonNode scanAndApprove(String payload, String pin) {
        String s = "/api/phone/shields/" + shield + "/qr";
        JsonNode scan = bank.post(s + "/scan", text(payload));
        sign(scan.path("authorization"), pin);
        return bank.post(s + "/" + scan.path("challenge").path("id").asText() + "/approve", null);
    }

    /**
     * Checks a PIN (DEVICE and HOSTED: an encrypted PIN block).
     *
     * @param pin the PIN typed
     * @return the result's JSON
     */
    public JsonNode checkPin(String pin) {
        return bank.post("/api/phone/shields/" + shield + "/pin-check", encryptedPin(pinChallenge(), pin));
    }

    /**
     * A PIN proof for a fresh challenge, as JSON, for calls the simulator does not wrap.
     *
     * @param pin the PIN typed
     * @return the proof
     */
    public ObjectNode pinProof(String pin) {
        return encryptedPin(pinChallenge(), pin);
    }

    private JsonNode pinChallenge() {
        return bank.post("/api/phone/shields/" + shield + "/pin-challenge", null);
    }

    private ObjectNode encryptedPin(JsonNode challenge, String pin) {
        PinChallenge c = new PinChallenge(challenge.path("id").asText(), bytes(challenge.path("nonce")),
                Instant.parse(challenge.path("expiresAt").asText()), bytes(challenge.path("pinKey")));
        try (Pin p = Pin.of(pin)) {
            return BankClient.object().put("challengeId", c.id()).put("encryptedPin", b64(phone.encrypt(c.pinKey(), PinBlock.encode(c, p))));
        }
    }

    private byte[] finish(Sm2TwoPartyPhone.Share s, Sm2TwoPartyPhone.Round round, JsonNode c) {
        return twoParty.finish(s, round, new BigInteger(c.path("r").asText()), new BigInteger(c.path("s2").asText()),
                new BigInteger(c.path("s3").asText()));
    }

    private String account() {
        return "acct-" + device;
    }

    private static PublicKey sm2Key(byte[] spki) {
        try {
            return KeyFactory.getInstance("EC", new org.bouncycastle.jce.provider.BouncyCastleProvider()).generatePublic(new X509EncodedKeySpec(spki));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the bank's joint key does not decode", e);
        }
    }

    static ObjectNode text(String value) {
        return BankClient.object().put("value", value);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] bytes(JsonNode n) {
        return Base64.getDecoder().decode(n.asText());
    }
}
