package io.mshield.samples;

import io.mshield.enrollment.OneTimeCode;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.qr.QrSession;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.Party;
import io.mshield.transaction.Transaction;
import java.util.List;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.mshield.Actor;
import io.mshield.MobileShield;
import io.mshield.ShieldException;
import io.mshield.crypto.CertificateSubject;
import io.mshield.crypto.IssueRequest;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.bc.Phone;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.identity.DeviceId;
import io.mshield.identity.IdDocumentType;
import io.mshield.identity.PersonName;
import io.mshield.identity.PhoneNumber;
import io.mshield.identity.ShieldNumber;
import io.mshield.linked.IdentityChallenge;
import io.mshield.certificate.RevocationReason;
import io.mshield.pin.Pin;
import io.mshield.pin.PinBlock;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinProof;
import io.mshield.qr.QrChallenge;
import io.mshield.qr.QrScan;
import io.mshield.seal.Seal;
import io.mshield.seal.SealHolder;
import io.mshield.seal.SealMedium;
import io.mshield.seal.SealOperation;
import io.mshield.seal.SealResult;
import io.mshield.seal.SealType;
import io.mshield.shield.ShieldDetails;
import io.mshield.transaction.BusinessData;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's section on a shield's other daily uses: scan-to-login and scan-to-sign with a QR
 * image (R7.2, R7.3), an e-seal bound, moved and unbound (R8), and one credential in two apps
 * (R9).
 */
final class DailyUses {
    private static final String PIN = "135790";
    private static final String SEAL_PIN = "582014";

    private final MobileShield sdk;
    private final BouncyCastleCrypto crypto;
    private final DemoBank bank;
    private final DemoBank.Cohort who;
    private final Phone phone;
    private final DemoClock clock;
    private final PrintStream out;
    private final Optional<Path> outDir;

    DailyUses(MobileShield sdk, BouncyCastleCrypto crypto, DemoBank bank, DemoBank.Cohort who, Phone phone, DemoClock clock,
              PrintStream out, Optional<Path> outDir) {
        this.sdk = sdk;
        this.crypto = crypto;
        this.bank = bank;
        this.who = who;
        this.phone = phone;
        this.clock = clock;
        this.out = out;
        this.outDir = outDir;
    }

    void run(ShieldDetails zhang, Map<String, KeyPair> phoneKeys) {
        KeyPair keys = phoneKeys.get(zhang.number().value());
        qr(zhang, keys);
        seal();
        linkedApps(zhang);
    }

    private PinProof.EncryptedPin pin(PinChallenge challenge, String digits) {
        try (Pin p = Pin.of(digits)) {
            return new PinProof.EncryptedPin(challenge.id(), phone.encrypt(challenge.pinKey(), PinBlock.encode(challenge, p)));
        }
    }

    private PinProof.EncryptedPin pin(ShieldNumber shield) {
        return pin(sdk.shields().pinChallenge(shield), PIN);
    }

    private void qr(ShieldDetails zhang, KeyPair keys) {
        out.println();
        out.println("6a. Scan-to-login and scan-to-sign (R7.2, R7.3)");
        QrSession page = sdk.qr().createLogin("https://ebank.demo.example PC 10.8.0.12");
        QrChallenge login = page.challenge();
        out.println("  the PC page shows a QR code of " + login.payload().length() + " characters, signed by the bank, valid to "
                + login.expiresAt());
        outDir.ifPresent(dir -> {
            writeQr(dir.resolve("login-qr.png"), login.payload());
            CryptoArtifacts.write(dir, "login-qr.txt", login.payload().getBytes(StandardCharsets.UTF_8), new java.util.ArrayList<>());
            out.println("  wrote login-qr.png (and login-qr.txt, the payload it encodes)");
        });
        QrScan scan = sdk.qr().scan(zhang.number(), login.payload());
        out.println("  " + DemoBank.NAMES.get(who.zhang()) + "'s app scans it and shows where it came from: " + scan.challenge().origin());
        sdk.transactions().complete(scan.authorization().id(),
                phone.sign(keys, zhang.algorithm().defaultScheme(), scan.authorization().signedContent()), Optional.of(pin(zhang.number())));
        out.println("  approved with the PIN and the shield's signature: " + sdk.qr().approve(zhang.number(), login.id()).state());
        QrSession relay = sdk.qr().createLogin("https://evil.demo.example relaying the QR code");
        refused("a page that only saw (or relayed) the QR code takes the login", () -> sdk.qr().consume(login.id(), relay.pollSecret()));
        out.println("  the PC page that created it polls with its poll secret and logs in: "
                + sdk.qr().consume(login.id(), page.pollSecret()).state());
        refused("the same QR approval replayed", () -> sdk.qr().consume(login.id(), page.pollSecret()));

        QrChallenge signing = sdk.qr().createSigning("https://customs.demo.example",
                new BusinessData("报关系统", "decl-2026-1122", "报关单 2026-1122 申报确认 货值 120,000.00 元",
                        "<declaration id=\"2026-1122\" value=\"120000.00\"/>".getBytes(StandardCharsets.UTF_8))).challenge();
        QrScan s = sdk.qr().scan(zhang.number(), signing.payload());
        sdk.transactions().complete(s.authorization().id(),
                phone.sign(keys, zhang.algorithm().defaultScheme(), s.authorization().signedContent()), Optional.of(pin(zhang.number())));
        QrChallenge signed = sdk.qr().approve(zhang.number(), signing.id());
        out.println("  scan-to-sign of \"" + signed.displayText() + "\": " + signed.state() + ", signature "
                + signed.signatureId().orElseThrow() + " in the history");
        String forged = signing.payload().substring(0, signing.payload().length() - 4) + "AAAA";
        refused("a QR payload with a forged signature", () -> sdk.qr().verify(forged));
    }

    private static void writeQr(Path file, String payload) {
        try {
            BitMatrix m = new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, 360, 360,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
            BufferedImage image = new BufferedImage(m.getWidth(), m.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
            for (int y = 0; y < m.getHeight(); y++) {
                for (int x = 0; x < m.getWidth(); x++) {
                    image.setRGB(x, y, m.get(x, y) ? 0x000000 : 0xFFFFFF);
                }
            }
            Files.createDirectories(file.getParent());
            ImageIO.write(image, "png", file.toFile());
        } catch (WriterException e) {
            throw new IllegalStateException("the payload does not fit a QR code", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record UsbKey(String id, KeyPair keys, byte[] certificate, java.math.BigInteger serial) {
    }

    private UsbKey usbKey(String serial) {
        String id = who.tag().isEmpty() ? serial : serial + "2"; // the second run's customers get their own USB keys
        KeyPair keys = phone.generate(KeyAlgorithm.EC_P256);
        var cert = crypto.certificateAuthority().issue(new IssueRequest(keys.getPublic(), KeyAlgorithm.EC_P256,
                new CertificateSubject(DemoBank.NAMES.get(who.zhang()), who.creditCode().value(), "00".repeat(32), "UK-" + id), clock.instant().minusSeconds(60),
                clock.instant().plus(Duration.ofDays(365)), "usb-" + id));
        try {
            return new UsbKey(id, keys, cert.getEncoded(), cert.getSerialNumber());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private SealResult sealStep(Actor boss, SealOperation op, UsbKey key) {
        sdk.seals().verifyPin(boss, op.id(), pin(op.pinChallenge(), SEAL_PIN));
        sdk.seals().verifyLegalRepresentative(boss, op.id(), new FaceVerifier.FaceCapture(new byte[]{1}));
        return sdk.seals().complete(boss, op.id(), phone.sign(key.keys(), KeyAlgorithm.EC_P256.defaultScheme(), op.statement()));
    }

    private void seal() {
        out.println();
        out.println("6b. E-seal binding (R8)");
        Actor ca = Actor.system("ca");
        Actor boss = Actor.legalRepresentative("zhang", who.enterprise(), who.zhang());
        Seal official = sdk.seals().register(ca, who.enterprise(), SealType.OFFICIAL, who.enterpriseName(),
                pin(sdk.seals().registrationChallenge(ca, who.enterprise()), SEAL_PIN));
        out.println("  the CA registers the " + official.type().chinese() + " with its PIN as a PIN block; the seal is unbound");
        SealHolder holder = new SealHolder(PersonName.of(DemoBank.NAMES.get(who.li())), IdDocumentType.MAINLAND_RESIDENT_ID, who.li(),
                PhoneNumber.of(DemoBank.PHONES.get(who.li())));
        UsbKey first = usbKey("UK2026001");
        UsbKey second = usbKey("UK2026002");
        UsbKey revoked = usbKey("UK2026003");
        crypto.certificateAuthority().revoke(revoked.serial(), RevocationReason.KEY_COMPROMISE,
                clock.instant().minusSeconds(30));
        refused("a USB key whose certificate the CA revoked", () -> sdk.seals().startBinding(boss, who.enterprise(), official.id(),
                new SealMedium.UsbKey(revoked.id()), revoked.certificate(), holder, false));
        SealOperation bind = sdk.seals().startBinding(boss, who.enterprise(), official.id(), new SealMedium.UsbKey(first.id()),
                first.certificate(), holder, false);
        if (sdk.seals().verifyPin(boss, bind.id(), pin(bind.pinChallenge(), "000000")) instanceof io.mshield.pin.PinCheck.Rejected r) {
            out.println("  a wrong seal PIN: rejected, " + r.attemptsLeft() + " attempts left before the CA must reset it");
        }
        sdk.seals().verifyPin(boss, bind.id(), pin(sdk.seals().pinChallenge(boss, bind.id()), SEAL_PIN));
        sdk.seals().verifyLegalRepresentative(boss, bind.id(), new FaceVerifier.FaceCapture(new byte[]{1}));
        SealResult r = sdk.seals().complete(boss, bind.id(), phone.sign(first.keys(), KeyAlgorithm.EC_P256.defaultScheme(),
                bind.statement()));
        out.println("  " + r.sealType().chinese() + " bound to USB key " + first.id() + " for " + r.enterpriseName() + " ("
                + r.creditCode().value() + "), legal representative " + r.legalRepresentative().value() + ", at " + r.at());
        refused("moving it to another USB key without confirmation", () -> sdk.seals().startBinding(boss, who.enterprise(),
                official.id(), new SealMedium.UsbKey(second.id()), second.certificate(), holder, false));
        SealResult moved = sealStep(boss, sdk.seals().startBinding(boss, who.enterprise(), official.id(),
                new SealMedium.UsbKey(second.id()), second.certificate(), holder, true), second);
        out.println("  moved with confirmation to " + moved.medium().key() + "; it now stamps only with that certificate");
        refused("a stamp with the first key's certificate", () -> sdk.seals().checkStamp(official.id(), first.certificate()));
        SealResult unbound = sealStep(boss, sdk.seals().startUnbinding(boss, who.enterprise(), official.id(),
                new SealMedium.UsbKey(second.id()), second.certificate()), second);
        out.println("  unbound (" + unbound.kind() + "): bound now " + sdk.seals().seal(official.id()).bound());
    }

    private void linkedApps(ShieldDetails zhang) {
        out.println();
        out.println("6c. One credential in two apps (R9)");
        DeviceId device = zhang.device();
        IdentityChallenge c = sdk.linkedApps().identityChallenge(zhang.number());
        StringBuilder digits = new StringBuilder();
        c.positions().forEach(p -> digits.append(who.zhang().value().charAt(p - 1)));
        out.println("  identity check: the digits at positions " + c.positions() + " of the ID number");
        sdk.linkedApps().sendSmsCode(zhang.number());
        sdk.linkedApps().enable(zhang.number(), "mobile-banking", device, c.id(), digits.toString(), bank.lastCode(who.zhang()),
                pin(zhang.number()));
        var synced = sdk.linkedApps().sync(zhang.number(), "mobile-banking", "invest", device, pin(zhang.number()));
        out.println("  enabled in mobile-banking and synced to invest: " + synced.apps().size() + " apps; mobile-banking usable for"
                + " high-risk transactions from " + synced.app("mobile-banking").orElseThrow().effectiveAt());
        clock.advance(Duration.ofMinutes(2));   // past the SMS resend cool-down
        sdk.linkedApps().sendSmsCode(zhang.number());
        OneTimeCode sent = bank.lastCode(who.zhang());
        refused("disabling with a wrong SMS code", () -> sdk.linkedApps().disable(zhang.number(), "invest",
                OneTimeCode.of(new String(sent.digits()).equals("000000") ? "111111" : "000000")));
        var off = sdk.linkedApps().disable(zhang.number(), "invest", sent);
        out.println("  disabled in invest with an SMS code: enabled in " + off.apps().size() + " apps now (both apps, biometrics included)");
        Transaction viaBanking = new Transaction("linked-after-disable", Scenario.OTHER, Money.cny("10.00"),
                new Party("厦门测试有限公司", "6222000000000001", "厦门银行"), Optional.of(new Party("上海供应商有限公司", "6222000000000002", "工商银行")),
                List.of(), "mobile_banking", "付款 10.00 元");
        out.println("  a payment through the mobile-banking channel now: "
                + ((Authorization.Denied) sdk.transactions().authorize(zhang.number(), viaBanking, Authenticator.SHIELD)).code());
    }

    private void refused(String what, Runnable action) {
        try {
            action.run();
            throw new IllegalStateException("expected a refusal for " + what);
        } catch (ShieldException e) {
            out.println("  refused  " + what + ": " + e.code() + e.attemptsLeft().stream().mapToObj(n -> " (" + n + " attempts left)")
                    .findFirst().orElse(""));
        }
    }
}
