package io.mshield.core.internal.transaction;

import io.mshield.transaction.Party;
import io.mshield.transaction.PayrollLine;
import io.mshield.transaction.Transaction;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The one canonical encoding of a transaction: what is signed (R6.4). Deterministic byte for
 * byte; every field, the shown text included, is inside, so changing any field changes the bytes.
 *
 * <p>UTF-8 text, one field per line, in a fixed order, each as {@code name=<byte length>:<value>}
 * (the length counts the UTF-8 bytes of the value, so no value can be confused with a field
 * separator):
 * <pre>
 * MSTX/1
 * authorization, shield, issuedAt, nonce, reference, scenario, channel, currency, amount,
 * payer.name, payer.account, payer.bank,
 * then either payee.name, payee.account, payee.bank
 * or payroll.count and, for each line i from 1, payroll.i.name, payroll.i.account, payroll.i.bank, payroll.i.amount,
 * display
 * </pre>
 * Amounts are plain decimals at the currency's scale ({@code 999999.99}). See
 * {@code docs/transactions.md}.
 */
public final class CanonicalTransaction {
    /** The first line. */
    public static final String HEADER = "MSTX/1";

    private CanonicalTransaction() {
    }

    /**
     * Encodes a transaction bound to an authorization.
     *
     * @param authorization the authorization id
     * @param shield        the shield number
     * @param issuedAt      when the bank authorized it
     * @param nonce         the bank's nonce
     * @param t             the transaction
     * @return the bytes to sign
     */
    public static byte[] encode(String authorization, String shield, Instant issuedAt, byte[] nonce, Transaction t) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        field(sb, "authorization", authorization);
        field(sb, "shield", shield);
        field(sb, "issuedAt", issuedAt.toString());
        field(sb, "nonce", HexFormat.of().formatHex(nonce));
        field(sb, "reference", t.reference());
        field(sb, "scenario", t.scenario().name());
        field(sb, "channel", t.channel());
        field(sb, "currency", t.amount().currency().getCurrencyCode());
        field(sb, "amount", t.amount().amount().toPlainString());
        party(sb, "payer", t.payer());
        if (t.payee().isPresent()) {
            party(sb, "payee", t.payee().get());
        } else {
            field(sb, "payroll.count", Integer.toString(t.payroll().size()));
            int i = 1;
            for (PayrollLine line : t.payroll()) {
                party(sb, "payroll." + i, line.payee());
                field(sb, "payroll." + i + ".amount", line.amount().amount().toPlainString());
                i++;
            }
        }
        field(sb, "display", t.displayText());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /**
     * Encodes business data for app-to-app signing (R7.1): {@code MSDATA/1}, then authorization,
     * shield, issuedAt, nonce, app, reference, summary and the data in hex, with the same
     * length-prefixed fields.
     *
     * @param authorization the authorization id
     * @param shield        the shield number
     * @param issuedAt      when the bank authorized it
     * @param nonce         the bank's nonce
     * @param d             the data
     * @return the bytes to sign
     */
    public static byte[] encodeData(String authorization, String shield, Instant issuedAt, byte[] nonce, io.mshield.transaction.BusinessData d) {
        StringBuilder sb = new StringBuilder("MSDATA/1").append('\n');
        field(sb, "authorization", authorization);
        field(sb, "shield", shield);
        field(sb, "issuedAt", issuedAt.toString());
        field(sb, "nonce", HexFormat.of().formatHex(nonce));
        field(sb, "app", d.app());
        field(sb, "reference", d.reference());
        field(sb, "display", d.summary());
        field(sb, "data", HexFormat.of().formatHex(d.data()));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void party(StringBuilder sb, String prefix, Party p) {
        field(sb, prefix + ".name", p.name());
        field(sb, prefix + ".account", p.account());
        field(sb, prefix + ".bank", p.bank());
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append(name).append('=').append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value).append('\n');
    }
}
