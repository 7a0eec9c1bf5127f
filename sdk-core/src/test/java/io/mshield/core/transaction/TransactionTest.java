package io.mshield.core.transaction;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.fixtures.World;
import io.mshield.core.persistence.AbstractPersistenceContractTest;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.enrollment.Application;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.KeyProposal;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.limit.CumulativeLimits;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.pin.AuthMethod;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import io.mshield.signature.Evidence;
import io.mshield.signature.SignatureRecord;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.Party;
import io.mshield.transaction.PayrollLine;
import io.mshield.transaction.SignatureReceipt;
import io.mshield.transaction.Transaction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static io.mshield.core.fixtures.World.BOSS;
import static io.mshield.core.fixtures.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionTest {
    private static final String PIN = "135790";
    private static final Party PAYER = new Party("厦门测试有限公司", "6222000000000001", "厦门银行");
    private static final Party PAYEE = new Party("上海供应商有限公司", "6222000000000002", "工商银行");

    static Transaction transfer(String amount) {
        return new Transaction("ref-" + amount, Scenario.TRANSFER, Money.cny(amount), PAYER, Optional.of(PAYEE), List.of(), "mobile",
                "转账 " + amount + " 元 给 上海供应商有限公司");
    }

    private World w = new World();

    private ShieldDetails device() {
        return w.open(BOSS, "dev-1", "acct-boss", PIN);
    }

    private SignatureReceipt signDevice(ShieldDetails d, Transaction t) {
        Authorization.Allowed a = (Authorization.Allowed) w.sdk.transactions().authorize(d.number(), t, Authenticator.SHIELD);
        return w.sdk.transactions().complete(a.id(), w.deviceSign(d.number(), a.signedContent()), Optional.of(w.pin(d.number(), PIN)));
    }

    @Test
    @DisplayName("R6.1 R6.2 the cap is exact: 1,000,000.00 CNY is signed with the shield, 1,000,000.01 needs the hardware key")
    void capBoundary() {
        ShieldDetails d = device();
        w.hardwareKeys.add(BOSS);
        assertThat(w.sdk.transactions().authorize(d.number(), transfer("1000000.00"), Authenticator.SHIELD)).isInstanceOf(Authorization.Allowed.class);
        assertThat(w.sdk.transactions().authorize(d.number(), transfer("1000000.01"), Authenticator.SHIELD))
                .isEqualTo(new Authorization.HardwareKeyRequired(Money.cny("1000000.00")));
        Transaction other = new Transaction("o-1", Scenario.OTHER, Money.cny("5000000.00"), PAYER, Optional.of(PAYEE), List.of(), "mobile", "其他 5,000,000.00");
        assertThat(w.sdk.transactions().authorize(d.number(), other, Authenticator.SHIELD)).isInstanceOf(Authorization.Allowed.class);
        refused(ErrorCode.INVALID_AMOUNT, () -> Money.cny("1000000.001"));
    }

    @Test
    @DisplayName("R6.3 the user may choose the hardware key anyway, if the bank's directory shows an active one")
    void chooseHardwareKey() {
        ShieldDetails d = device();
        w.hardwareKeys.add(BOSS);
        assertThat(w.sdk.transactions().authorize(d.number(), transfer("10.00"), Authenticator.HARDWARE_KEY))
                .isEqualTo(new Authorization.HardwareKeyRequired(Money.cny("10.00")));
    }

    @Test
    @DisplayName("R6.3 choosing the hardware key without an active one is refused with NO_ACTIVE_HARDWARE_KEY, below and above the cap; nothing is reserved")
    void hardwareKeyWithoutOne() {
        w = new World(b -> b.coolingOff(CoolingOffPolicy.none()).cumulativeLimits(CumulativeLimits.builder()
                .dailyPerShield(Money.cny("2000000.00")).build()));
        ShieldDetails d = device();
        long audit = w.sdk.audit().read(1, 1000).size();
        for (Transaction t : List.of(transfer("10.00"), transfer("1500000.00"))) {
            Authorization chosen = w.sdk.transactions().authorize(d.number(), t, Authenticator.HARDWARE_KEY);
            assertThat(chosen).isInstanceOf(Authorization.Denied.class);
            assertThat(((Authorization.Denied) chosen).code()).isEqualTo(ErrorCode.NO_ACTIVE_HARDWARE_KEY);
        }
        // above the cap with the shield: the step-up it would need is refused the same way
        Authorization stepUp = w.sdk.transactions().authorize(d.number(), transfer("1500000.00"), Authenticator.SHIELD);
        assertThat(((Authorization.Denied) stepUp).code()).isEqualTo(ErrorCode.NO_ACTIVE_HARDWARE_KEY);
        assertThat(w.sdk.audit().read(1, 1000)).hasSize((int) audit);
        // nothing was reserved: the whole daily limit is still there for the shield
        assertThat(signDevice(d, transfer("1000000.00")).record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        assertThat(signDevice(d, transfer("1000000.00")).record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        // a hardware key of another person does not count
        w.hardwareKeys.add(World.OPERATOR);
        assertThat(((Authorization.Denied) w.sdk.transactions().authorize(d.number(), transfer("10.00"), Authenticator.HARDWARE_KEY)).code())
                .isEqualTo(ErrorCode.NO_ACTIVE_HARDWARE_KEY);
        w.hardwareKeys.add(BOSS);
        assertThat(w.sdk.transactions().authorize(d.number(), transfer("10.00"), Authenticator.HARDWARE_KEY))
                .isInstanceOf(Authorization.HardwareKeyRequired.class);
    }

    @Test
    @DisplayName("R6.4 what is shown is inside what is signed; a signature over a changed amount, payee, payroll line or text fails")
    void whatYouSeeIsWhatYouSign() {
        ShieldDetails d = device();
        Authorization.Allowed a = (Authorization.Allowed) w.sdk.transactions().authorize(d.number(), transfer("100.00"), Authenticator.SHIELD);
        String text = new String(a.signedContent(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("MSTX/1\n").contains("转账 100.00 元").contains("amount=6:100.00").contains("6222000000000002");
        List<Transaction> changed = List.of(transfer("100.01"),
                new Transaction("ref-100.00", Scenario.TRANSFER, Money.cny("100.00"), PAYER,
                        Optional.of(new Party("上海供应商有限公司", "6222000000000003", "工商银行")), List.of(), "mobile", "转账 100.00 元 给 上海供应商有限公司"),
                new Transaction("ref-100.00", Scenario.TRANSFER, Money.cny("100.00"), PAYER, Optional.of(PAYEE), List.of(), "mobile",
                        "转账 100.00 元 给 上海供应商"));
        byte[] signedOriginal = w.deviceSign(d.number(), a.signedContent());
        for (Transaction t : changed) {
            Authorization.Allowed other = (Authorization.Allowed) w.sdk.transactions().authorize(d.number(), t, Authenticator.SHIELD);
            refused(ErrorCode.SIGNATURE_INVALID, () -> w.sdk.transactions().complete(other.id(), signedOriginal, Optional.of(w.pin(d.number(), PIN))));
        }
        Transaction payroll = payroll("600.00", "400.00");
        Authorization.Allowed p = (Authorization.Allowed) w.sdk.transactions().authorize(d.number(), payroll, Authenticator.SHIELD);
        Authorization.Allowed p2 = (Authorization.Allowed) w.sdk.transactions().authorize(d.number(), payroll("500.00", "500.00"), Authenticator.SHIELD);
        byte[] payrollSig = w.deviceSign(d.number(), p.signedContent());
        refused(ErrorCode.SIGNATURE_INVALID, () -> w.sdk.transactions().complete(p2.id(), payrollSig, Optional.of(w.pin(d.number(), PIN))));
        assertThat(w.sdk.transactions().complete(p.id(), payrollSig, Optional.of(w.pin(d.number(), PIN))).record().outcome())
                .isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        assertThat(w.sdk.transactions().complete(a.id(), signedOriginal, Optional.of(w.pin(d.number(), PIN))).record().outcome())
                .isEqualTo(SignatureRecord.Outcome.ACCEPTED);
    }

    private static Transaction payroll(String first, String second) {
        return new Transaction("pay-1", Scenario.PAYROLL, Money.cny("1000.00"), PAYER, Optional.empty(),
                List.of(new PayrollLine(new Party("员工甲", "6222000000000011", "厦门银行"), Money.cny(first)),
                        new PayrollLine(new Party("员工乙", "6222000000000012", "厦门银行"), Money.cny(second))),
                "pc", "代发工资 2 笔 共 1,000.00 元");
    }

    @Test
    @DisplayName("R6.4 a payroll batch whose lines do not add up to the total is refused")
    void payrollTotal() {
        ShieldDetails d = device();
        refused(ErrorCode.INVALID_AMOUNT, () -> w.sdk.transactions().authorize(d.number(), payroll("600.00", "300.00"), Authenticator.SHIELD));
    }

    @Test
    @DisplayName("R6.5 a newly enabled shield waits 6 hours for high-risk transactions")
    void coolingOff() {
        World cw = new World(b -> b.coolingOff(CoolingOffPolicy.seed004()));
        ShieldDetails d = cw.open(BOSS, "dev-1", "acct-boss", PIN);
        Authorization first = cw.sdk.transactions().authorize(d.number(), transfer("100.00"), Authenticator.SHIELD);
        assertThat(first).isInstanceOfSatisfying(Authorization.Denied.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.COOLING_OFF));
        cw.clock.advance(Duration.ofHours(6));
        assertThat(cw.sdk.transactions().authorize(d.number(), transfer("100.00"), Authenticator.SHIELD)).isInstanceOf(Authorization.Allowed.class);
    }

    @Test
    @DisplayName("R6.6 every signature stays in the history and its evidence verifies later; changed content does not")
    void historyAndEvidence() {
        ShieldDetails d = device();
        SignatureReceipt first = signDevice(d, transfer("1.00"));
        w.clock.advance(Duration.ofMinutes(1));
        SignatureReceipt second = signDevice(d, transfer("2.00"));
        List<SignatureRecord> history = w.sdk.signatures().history(d.number(), 0, 10);
        assertThat(history).extracting(SignatureRecord::id).containsExactly(second.record().id(), first.record().id());
        assertThat(history.get(0).displayText()).contains("2.00");
        assertThat(history.get(0).certificateSerial()).isEqualTo(d.certificate().orElseThrow().serialHex());
        Evidence e = w.sdk.signatures().evidence(first.record().id()).orElseThrow();
        // the embedded CA's chain: the shield's certificate, the issuing CA, the root
        assertThat(e.chain()).hasSize(3);
        assertThat(e.revocationData()).hasSize(1);
        io.mshield.crypto.SignatureVerification verdict = w.sdk.signatures().verifyEvidence(e);
        assertThat(verdict.valid()).as("failure: %s", verdict.failure()).isTrue();
        assertThat(verdict.signer().orElseThrow().getSerialNumber().toString(16)).isEqualTo(d.certificate().orElseThrow().serialHex());
        assertThat(verdict.revocation().state()).isEqualTo(io.mshield.crypto.RevocationStatus.State.GOOD);
        assertThat(verdict.timeSource()).isEqualTo(io.mshield.crypto.SignatureVerification.TimeSource.TIME_STAMP_TOKEN);
        byte[] content = e.content();
        content[content.length - 2] ^= 1;
        assertThat(w.sdk.signatures().verifyEvidence(new Evidence(e.signatureId(), content, e.cms(), e.chain(), e.revocationData())).valid()).isFalse();
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.transactions().complete(
                new io.mshield.transaction.AuthorizationId(first.record().id()), first.record().signature(), Optional.of(w.pin(d.number(), PIN))));
    }

    @Test
    @DisplayName("R6.1 a frozen, lost or locked shield is denied with the reason; a wrong PIN is refused with attempts left")
    void deniedByStatus() {
        ShieldDetails d = device();
        Authorization.Allowed a = (Authorization.Allowed) w.sdk.transactions().authorize(d.number(), transfer("5.00"), Authenticator.SHIELD);
        assertThatThrownBy(() -> w.sdk.transactions().complete(a.id(), w.deviceSign(d.number(), a.signedContent()),
                Optional.of(w.pin(d.number(), "246801")))).isInstanceOfSatisfying(ShieldException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PIN_INCORRECT);
                    assertThat(e.attemptsLeft()).hasValue(4);
                });
        w.sdk.administration().freeze(d.number(), World.legalRep(World.ENTERPRISE));
        assertThat(w.sdk.transactions().authorize(d.number(), transfer("5.00"), Authenticator.SHIELD))
                .isEqualTo(new Authorization.Denied(ErrorCode.SHIELD_FROZEN, "shield " + d.number().value() + " is FROZEN and cannot sign"));
        w.sdk.administration().unfreeze(d.number(), World.legalRep(World.ENTERPRISE));
        w.sdk.administration().reportLoss(d.number(), World.legalRep(World.ENTERPRISE));
        assertThat(w.sdk.transactions().authorize(d.number(), transfer("5.00"), Authenticator.SHIELD))
                .isEqualTo(new Authorization.Denied(ErrorCode.SHIELD_LOST, "shield " + d.number().value() + " is LOST and cannot sign"));
        w.sdk.administration().cancelLoss(d.number(), World.legalRep(World.ENTERPRISE));
        for (int i = 0; i < 5; i++) {
            w.sdk.shields().checkPin(d.number(), w.pin(d.number(), "246801"));
        }
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.LOCKED);
        assertThat(w.sdk.transactions().authorize(d.number(), transfer("5.00"), Authenticator.SHIELD))
                .isEqualTo(new Authorization.Denied(ErrorCode.PIN_LOCKED, "shield " + d.number().value() + " is LOCKED and cannot sign"));
    }

    @Test
    @DisplayName("R6.6 64 threads paying against one daily limit never exceed it, and a cancelled payment gives its amount back")
    void dailyLimitUnderConcurrency() throws Exception {
        World lw = new World(b -> b.coolingOff(CoolingOffPolicy.none())
                .cumulativeLimits(CumulativeLimits.builder().dailyPerShield(Money.cny("1000.00")).build()));
        ShieldDetails d = lw.open(BOSS, "dev-1", "acct-boss", PIN);
        AtomicInteger allowed = new AtomicInteger();
        AbstractPersistenceContractTest.race(64, i -> {
            Authorization a = lw.sdk.transactions().authorize(d.number(), transfer("100.00"), Authenticator.SHIELD);
            if (a instanceof Authorization.Allowed) {
                allowed.incrementAndGet();
                return true;
            }
            assertThat(a).isInstanceOfSatisfying(Authorization.Denied.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
            return false;
        });
        assertThat(allowed).hasValue(10);
        lw.clock.advance(Duration.ofMinutes(6));
        assertThat(lw.sdk.transactions().authorize(d.number(), transfer("100.00"), Authenticator.SHIELD))
                .as("lapsed authorizations give their reservation back").isInstanceOf(Authorization.Allowed.class);
        Authorization.Allowed x = (Authorization.Allowed) lw.sdk.transactions().authorize(d.number(), transfer("900.00"), Authenticator.SHIELD);
        assertThat(lw.sdk.transactions().authorize(d.number(), transfer("0.01"), Authenticator.SHIELD)).isInstanceOf(Authorization.Denied.class);
        lw.sdk.transactions().cancel(x.id());
        assertThat(lw.sdk.transactions().authorize(d.number(), transfer("900.00"), Authenticator.SHIELD)).isInstanceOf(Authorization.Allowed.class);
    }

    @Test
    @DisplayName("R7.1 app-to-app signing: business data with its summary is signed like a payment and kept in the history")
    void appToApp() {
        ShieldDetails d = device();
        io.mshield.transaction.BusinessData data = new io.mshield.transaction.BusinessData("报关系统", "decl-2026-0001",
                "报关单 2026-0001 签名确认", "<declaration id=\"2026-0001\"/>".getBytes(StandardCharsets.UTF_8));
        Authorization.Allowed a = (Authorization.Allowed) w.sdk.transactions().authorizeData(d.number(), data);
        assertThat(new String(a.signedContent(), StandardCharsets.UTF_8)).startsWith("MSDATA/1\n").contains("报关单 2026-0001 签名确认");
        SignatureReceipt r = w.sdk.transactions().complete(a.id(), w.deviceSign(d.number(), a.signedContent()), Optional.of(w.pin(d.number(), PIN)));
        assertThat(r.record().displayText()).isEqualTo("报关单 2026-0001 签名确认");
        assertThat(r.record().amount()).isEmpty();
        assertThat(w.sdk.signatures().verifyEvidence(w.sdk.signatures().evidence(r.record().id()).orElseThrow()).valid()).isTrue();
        w.sdk.administration().reportLoss(d.number(), World.legalRep(World.ENTERPRISE));
        assertThat(w.sdk.transactions().authorizeData(d.number(), data)).isInstanceOf(Authorization.Denied.class);
    }

    @Test
    @DisplayName("R7.5 the certificate is bound to an account in another system only with the right PIN")
    void accountBinding() {
        ShieldDetails d = device();
        Actor holder = Actor.holder("acct-boss");
        refused(ErrorCode.PIN_INCORRECT, () -> w.sdk.shields().bindAccount(d.number(), holder, "e-port", "user-7", w.pin(d.number(), "246801")));
        assertThat(w.sdk.shields().accountBindings(d.number())).isEmpty();
        var b = w.sdk.shields().bindAccount(d.number(), holder, "e-port", "user-7", w.pin(d.number(), PIN));
        assertThat(b.certificateSerial()).isEqualTo(d.certificate().orElseThrow().serialHex());
        w.sdk.shields().bindAccount(d.number(), holder, "e-port", "user-8", w.pin(d.number(), PIN));
        assertThat(w.sdk.shields().accountBindings(d.number())).extracting(io.mshield.shield.AccountBinding::account).containsExactly("user-8");
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.shields().bindAccount(d.number(), Actor.holder("other"), "e-port", "x", w.pin(d.number(), PIN)));
    }

    @Test
    @DisplayName("R6.4 HOSTED: the bank signs the canonical bytes in its key storage after the PIN check")
    void hosted() {
        Application dev = w.application(BOSS, "dev-1", "acct-boss");
        EnrollmentSession s = w.sdk.enrollment().start(new Application("h-1", dev.enterprise(), dev.creditCode(), dev.applicant(), dev.name(), dev.userType(),
                dev.device(), CustodyMode.HOSTED, KeyAlgorithm.EC_P256));
        w.sdk.enrollment().acceptAgreement(s.id(), "v1");
        w.sdk.enrollment().sendSmsCode(s.id());
        w.sdk.enrollment().verifySmsCode(s.id(), w.lastCode(BOSS));
        w.sdk.enrollment().verifyFace(s.id(), new FaceVerifier.FaceCapture(new byte[]{1}));
        w.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(World.pinBlock(w.sdk.enrollment().pinChallenge(s.id()), PIN)));
        w.sdk.enrollment().prepareKey(s.id(), new KeyProposal.HostedKey());
        ShieldDetails d = w.sdk.enrollment().complete(s.id(), new byte[0]);
        Authorization.Allowed a = (Authorization.Allowed) w.sdk.transactions().authorize(d.number(), transfer("88.00"), Authenticator.SHIELD);
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.transactions().complete(a.id(), new byte[]{1}, Optional.empty()));
        refused(ErrorCode.PIN_INCORRECT, () -> w.sdk.transactions().signHosted(a.id(), w.pin(d.number(), "246801")));
        SignatureReceipt r = w.sdk.transactions().signHosted(a.id(), w.pin(d.number(), PIN));
        Evidence ev = w.sdk.signatures().evidence(r.record().id()).orElseThrow();
        assertThat(w.sdk.signatures().verifyEvidence(ev).valid()).isTrue();
        byte[] changed = new String(ev.content(), StandardCharsets.UTF_8).replace("88.00", "98.00").getBytes(StandardCharsets.UTF_8);
        assertThat(w.sdk.signatures().verifyEvidence(new Evidence(ev.signatureId(), changed, ev.cms(), ev.chain(), ev.revocationData())).valid())
                .as("a changed amount does not verify").isFalse();
        // R7.4: a digital envelope to the HOSTED shield opens in the bank's key storage after the PIN
        byte[] envelope = w.sdk.shields().sealEnvelope(d.number(), "content key".getBytes(StandardCharsets.UTF_8));
        refused(ErrorCode.PIN_INCORRECT, () -> w.sdk.shields().openEnvelope(d.number(), envelope, w.pin(d.number(), "246801")));
        assertThat(w.sdk.shields().openEnvelope(d.number(), envelope, w.pin(d.number(), PIN))).asString(StandardCharsets.UTF_8).isEqualTo("content key");
        refused(ErrorCode.INPUT_TOO_LARGE, () -> w.sdk.shields().sealEnvelope(d.number(), new byte[70_000]));
    }
}
