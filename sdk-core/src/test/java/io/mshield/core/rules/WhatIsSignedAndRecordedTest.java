package io.mshield.core.rules;

import io.mshield.ErrorCode;
import io.mshield.core.fixtures.World;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.shield.ShieldDetails;
import io.mshield.signature.SignatureRecord;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.BusinessData;
import io.mshield.transaction.Party;
import io.mshield.transaction.PayrollLine;
import io.mshield.transaction.SignatureReceipt;
import io.mshield.transaction.Transaction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.fixtures.World.BOSS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R6.3: the bytes the holder signs name everything the payment is about, each field length-prefixed,
 * so that no field can be left out or shifted into another; and the signature history records the
 * digest of exactly those bytes.
 */
class WhatIsSignedAndRecordedTest {
    private static final String PIN = "135790";
    private static final Party PAYER = new Party("厦门测试有限公司", "6222000000000001", "厦门银行");
    private static final Party PAYEE = new Party("上海供应商有限公司", "6222000000000002", "工商银行");
    private final World w = new World(b -> b.coolingOff(CoolingOffPolicy.none()));

    private static String field(String name, String value) {
        return name + "=" + value.getBytes(StandardCharsets.UTF_8).length + ":" + value + "\n";
    }

    @Test
    @DisplayName("a transfer's signed bytes carry the authorization, shield, reference, scenario, channel, amount, both parties and the display text")
    void transfer() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        Transaction t = new Transaction("ref-77", Scenario.TRANSFER, Money.cny("100.50"), PAYER, Optional.of(PAYEE), List.of(), "mobile",
                "转账 100.50 元");
        Authorization.Allowed a = (Authorization.Allowed) w.sdk.transactions().authorize(d.number(), t, Authenticator.SHIELD);
        String signed = new String(a.signedContent(), StandardCharsets.UTF_8);
        assertThat(signed).startsWith("MSTX/1\n" + field("authorization", a.id().value()) + field("shield", d.number().value())
                + field("issuedAt", w.clock.instant().toString()));
        assertThat(signed).containsSubsequence(field("reference", "ref-77"), field("scenario", "transfer"), field("channel", "mobile"),
                field("currency", "CNY"), field("amount", "100.50"),
                field("payer.name", PAYER.name()), field("payer.account", PAYER.account()), field("payer.bank", PAYER.bank()),
                field("payee.name", PAYEE.name()), field("payee.account", PAYEE.account()), field("payee.bank", PAYEE.bank()),
                field("display", "转账 100.50 元"));
        assertThat(signed).containsPattern("\nnonce=32:[0-9a-f]{32}\n").doesNotContain("payroll");

        SignatureReceipt r = w.sdk.transactions().complete(a.id(), w.deviceSign(d.number(), a.signedContent()), Optional.of(w.pin(d.number(), PIN)));
        assertThat(r.record().contentDigestHex()).isEqualTo(sha256(a.signedContent()));
        assertThat(r.record().certificateSerial()).isEqualTo(d.certificate().orElseThrow().serialHex());
        assertThat(w.sdk.signatures().evidence(r.record().id()).orElseThrow().content()).isEqualTo(a.signedContent());
    }

    @Test
    @DisplayName("a payroll's signed bytes carry the count and every line's payee and amount, in order")
    void payroll() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        Party first = new Party("员工甲", "6222000000000011", "厦门银行");
        Party second = new Party("员工乙", "6222000000000012", "建设银行");
        Transaction t = new Transaction("pay-1", Scenario.PAYROLL, Money.cny("1000.00"), PAYER, Optional.empty(),
                List.of(new PayrollLine(first, Money.cny("400.00")), new PayrollLine(second, Money.cny("600.00"))), "mobile", "代发工资 2 笔");
        Authorization.Allowed a = (Authorization.Allowed) w.sdk.transactions().authorize(d.number(), t, Authenticator.SHIELD);
        String signed = new String(a.signedContent(), StandardCharsets.UTF_8);
        assertThat(signed).containsSubsequence(field("amount", "1000.00"), field("payer.account", PAYER.account()), field("payroll.count", "2"),
                field("payroll.1.name", first.name()), field("payroll.1.account", first.account()), field("payroll.1.bank", first.bank()),
                field("payroll.1.amount", "400.00"),
                field("payroll.2.name", second.name()), field("payroll.2.account", second.account()), field("payroll.2.bank", second.bank()),
                field("payroll.2.amount", "600.00"), field("display", "代发工资 2 笔"));
        assertThat(signed).doesNotContain("payee.").doesNotContain("payroll.3").doesNotContain("payroll.0");
    }

    @Test
    @DisplayName("business data's signed bytes carry the authorization, shield, time, nonce, app, reference, summary and the data itself")
    void businessData() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        byte[] payload = {0, 1, (byte) 0xfe, 0x7f};
        BusinessData data = new BusinessData("报关系统", "decl-9", "报关单 decl-9", payload);
        Authorization.Allowed a = (Authorization.Allowed) w.sdk.transactions().authorizeData(d.number(), data);
        String signed = new String(a.signedContent(), StandardCharsets.UTF_8);
        assertThat(signed).startsWith("MSDATA/1\n" + field("authorization", a.id().value()) + field("shield", d.number().value())
                + field("issuedAt", w.clock.instant().toString()));
        assertThat(signed).containsPattern("\nnonce=32:[0-9a-f]{32}\napp=");
        assertThat(signed).containsSubsequence(field("app", "报关系统"), field("reference", "decl-9"), field("display", "报关单 decl-9"),
                field("data", "0001fe7f"));
    }

    @Test
    @DisplayName("the signature history pages from offset 0 with 1 to 100 entries a page, newest first")
    void historyPaging() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        for (String amount : List.of("1.00", "2.00")) {
            Authorization.Allowed a = (Authorization.Allowed) w.sdk.transactions().authorize(d.number(), new Transaction("r-" + amount,
                    Scenario.TRANSFER, Money.cny(amount), PAYER, Optional.of(PAYEE), List.of(), "mobile", "转账 " + amount), Authenticator.SHIELD);
            w.sdk.transactions().complete(a.id(), w.deviceSign(d.number(), a.signedContent()), Optional.of(w.pin(d.number(), PIN)));
            w.clock.advance(java.time.Duration.ofSeconds(5));
        }
        assertThat(w.sdk.signatures().history(d.number(), 0, 100)).extracting(SignatureRecord::amount)
                .containsExactly(Optional.of(Money.cny("2.00")), Optional.of(Money.cny("1.00")));
        assertThat(w.sdk.signatures().history(d.number(), 1, 1)).extracting(SignatureRecord::amount).containsExactly(Optional.of(Money.cny("1.00")));
        refused(ErrorCode.INVALID_ARGUMENT, () -> w.sdk.signatures().history(d.number(), 0, 101));
        refused(ErrorCode.INVALID_ARGUMENT, () -> w.sdk.signatures().history(d.number(), 0, 0));
        refused(ErrorCode.INVALID_ARGUMENT, () -> w.sdk.signatures().history(d.number(), -1, 10));
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
