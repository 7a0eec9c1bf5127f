package io.mshield.samples;

import io.mshield.ShieldException;
import io.mshield.identity.CreditCode;
import io.mshield.identity.IdDocumentType;
import io.mshield.identity.PhoneNumber;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.identity.ShieldNumber;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.limit.ScenarioLimits;
import io.mshield.pin.Pin;
import io.mshield.pin.PinPolicy;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The end-to-end demo a bank's product owner can follow: run it with {@code ./demo.sh} or
 * {@code java -jar samples/target/mshield-demo.jar [--out DIR] [--data DIR]}.
 *
 * <p>{@code --out DIR} is where files that anyone can check with OpenSSL are written;
 * {@code --data DIR} is where the embedded database lives.
 */
public final class Demo {
    private final PrintStream out;
    private final Optional<Path> outDir;
    private final Optional<Path> dataDir;

    private Demo(PrintStream out, Optional<Path> outDir, Optional<Path> dataDir) {
        this.out = out;
        this.outDir = outDir;
        this.dataDir = dataDir;
    }

    /**
     * Runs the demo.
     *
     * @param args {@code [--out DIR] [--data DIR]}
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the demo, printing to the given streams.
     *
     * @param args {@code [--out DIR] [--data DIR]}
     * @param out  the transcript
     * @param err  usage and failures
     * @return the exit status: 0 on success, 2 on bad arguments, 1 on failure
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Optional<Path> outDir = Optional.empty();
        Optional<Path> dataDir = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--out") || a.equals("--data")) && i + 1 < args.length) {
                Path p = Path.of(args[++i]);
                if (a.equals("--out")) {
                    outDir = Optional.of(p);
                } else {
                    dataDir = Optional.of(p);
                }
            } else if (a.equals("--help") || a.equals("-h")) {
                out.println("usage: mshield-demo [--out DIR] [--data DIR]");
                return 0;
            } else {
                err.println("unknown or incomplete argument: " + a);
                err.println("usage: mshield-demo [--out DIR] [--data DIR]");
                return 2;
            }
        }
        try {
            for (Path p : List.of(outDir, dataDir).stream().flatMap(Optional::stream).toList()) {
                Files.createDirectories(p);
            }
            new Demo(out, outDir, dataDir).walkThrough();
            return 0;
        } catch (Exception e) {
            err.println("demo failed: " + e);
            return 1;
        }
    }

    private void walkThrough() {
        out.println("MobileShield demo");
        out.println("  output files: " + outDir.map(Path::toString).orElse("(none; pass --out DIR)"));
        out.println("  data:         " + dataDir.map(d -> d + " (H2 database and password-protected key store)")
                .orElse("(in memory; pass --data DIR for the embedded H2 database)"));
        values();
        policies();
        new BankDemo(out, outDir, dataDir).run();
        out.println();
        out.println("demo finished");
    }

    private void values() {
        section("1. Values are checked where they are made (R1.2, R1.3, R2.4, R2.6)");
        ok("resident ID number with a valid GB 11643 check digit",
                () -> ResidentIdNumber.of(IdDocumentType.MAINLAND_RESIDENT_ID, "11010519491231002X").toString());
        refused("same number with a wrong check digit",
                () -> ResidentIdNumber.of(IdDocumentType.MAINLAND_RESIDENT_ID, "110105194912310021"));
        refused("a passport instead of a mainland ID card", () -> ResidentIdNumber.of(IdDocumentType.PASSPORT, "E12345678"));
        ok("unified social credit code with a valid GB 32100 check digit", () -> CreditCode.of("91350100M000100Y43").value());
        refused("credit code with a wrong check digit", () -> CreditCode.of("91350100M000100Y44"));
        ok("shield number", () -> ShieldNumber.of("MS12345678901").value());
        refused("shield number with 10 digits", () -> ShieldNumber.of("MS1234567890"));
        ok("phone number (shown masked)", () -> PhoneNumber.of("13812345678").toString());
        ok("money at the currency's scale", () -> Money.cny("999999.99").toString());
        refused("negative money", () -> Money.cny("-1.00"));
        refused("CNY with three decimals", () -> Money.cny("1.001"));
        ok("a PIN never shows its digits", () -> Pin.of("135790").toString());
        refused("a PIN of five digits (the error does not echo it)", () -> Pin.of("13579"));
    }

    private void policies() {
        section("2. Policies are values with the seeds' presets (R5.2, R6.1)");
        for (var preset : List.of(new Object[]{"001", PinPolicy.seed001()}, new Object[]{"002", PinPolicy.seed002()},
                new Object[]{"003", PinPolicy.seed003()}, new Object[]{"004", PinPolicy.seed004()})) {
            PinPolicy p = (PinPolicy) preset[1];
            out.printf("  PIN policy of seed %s: %d wrong -> %s%n", preset[0], p.maxAttempts(), p.lockoutAction());
        }
        ScenarioLimits caps = ScenarioLimits.seed000();
        List<String> lines = new ArrayList<>();
        for (Scenario s : List.of(Scenario.TRANSFER, Scenario.PAYROLL, Scenario.LOAN, Scenario.OTHER)) {
            lines.add(s.name() + " " + caps.cap(s).map(Money::toString).orElse("uncapped"));
        }
        out.println("  single-transaction caps of seed 000: " + String.join(", ", lines));
        refused("a PIN policy that locks after 0 attempts", () -> PinPolicy.defaults().toBuilder().maxAttempts(0).build());
    }

    private void section(String title) {
        out.println();
        out.println(title);
    }

    private void ok(String what, Supplier<Object> action) {
        out.println("  ok       " + what + ": " + action.get());
    }

    private void refused(String what, Supplier<Object> action) {
        try {
            Object result = action.get();
            throw new IllegalStateException("expected a refusal for " + what + " but got " + result);
        } catch (ShieldException e) {
            out.println("  refused  " + what + ": " + e.code());
        }
    }
}
