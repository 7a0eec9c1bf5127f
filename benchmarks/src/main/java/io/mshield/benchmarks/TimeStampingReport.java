package io.mshield.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the "Time-stamping" table of {@code docs/benchmarks.md} from one run of
 * {@code benchmarks/timestamping.sh}: per algorithm and store, the payment path's time with and
 * without a signature-time-stamp token from {@link TimeStampingBenchmark}'s counters (pooled over
 * the measured iterations, with the range of the token's share over the single iterations), and
 * the token's parts from {@link RawSignatureBenchmark} and {@link TimeStampBenchmark}.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.mshield.benchmarks.TimeStampingReport OUT.json DOC.md
 * LOAD-BEFORE LOAD-AFTER IN.json...}: the inputs are merged into OUT.json. The document's text between {@code <!-- TIMESTAMPING-BEGIN -->} and
 * {@code <!-- TIMESTAMPING-END -->} is replaced; the rest is kept.
 */
public final class TimeStampingReport {
    private static final String BEGIN = "<!-- TIMESTAMPING-BEGIN -->";
    private static final String END = "<!-- TIMESTAMPING-END -->";
    /** Above this share of the path, a token per signature calls for batching (issue 16 item 6). */
    static final double BATCHING_THRESHOLD = 1.0 / 3;

    private TimeStampingReport() {
    }

    /**
     * One configuration of the interleaved path, in microseconds per payment pooled over the
     * measured iterations.
     *
     * @param alg       the shields' algorithm
     * @param store     the store
     * @param withCpu   CPU time with a token
     * @param noneCpu   CPU time without
     * @param withWall  wall time with a token
     * @param noneWall  wall time without
     * @param payments  payments measured per variant (the smaller count)
     * @param minShare  the token's smallest share of the path's CPU time in a single iteration
     * @param maxShare  the largest
     */
    record Path1(String alg, String store, double withCpu, double noneCpu, double withWall, double noneWall, long payments,
                 double minShare, double maxShare) {
        double share() {
            return (withCpu - noneCpu) / withCpu;
        }

        double wallShare() {
            return (withWall - noneWall) / withWall;
        }
    }

    /**
     * Runs the report.
     *
     * @param args output JSON, document, load average before, load average after, input JSON files
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 5) {
            System.err.println("usage: TimeStampingReport OUT.json DOC.md LOAD-BEFORE LOAD-AFTER IN.json...");
            System.exit(2);
        }
        ArrayNode results = Report.merge(Path.of(args[0]), args, 4);
        List<Path1> paths = new ArrayList<>();
        Map<String, JsonNode> parts = new LinkedHashMap<>();
        String jvm = "";
        for (JsonNode r : results) {
            jvm = r.path("jvm").asText() + " " + r.path("vmVersion").asText();
            String name = r.path("benchmark").asText().replace("io.mshield.benchmarks.", "");
            String alg = r.path("params").path("alg").asText();
            if (name.equals("TimeStampingBenchmark.alternate")) {
                paths.add(path(alg, r.path("params").path("store").asText(), r.path("secondaryMetrics")));
            } else if (name.equals("TimeStampBenchmark.parts")) {
                parts.put(alg, r.path("secondaryMetrics"));
            }
        }
        String section = render(paths, parts, jvm, args[2].trim(), args[3].trim());
        Report.replaceSection(Path.of(args[1]), BEGIN, END, section);
        System.out.println(section);
    }

    private static double[] raw(JsonNode metrics, String counter) {
        JsonNode forks = metrics.path(counter).path("rawData");
        List<Double> all = new ArrayList<>();
        forks.forEach(fork -> fork.forEach(v -> all.add(v.asDouble())));
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double sum(JsonNode metrics, String counter) {
        double total = 0;
        for (double v : raw(metrics, counter)) {
            total += v;
        }
        return total;
    }

    private static Path1 path(String alg, String store, JsonNode metrics) {
        double[] tc = raw(metrics, "tokenCpuNanos");
        double[] tp = raw(metrics, "tokenPayments");
        double[] nc = raw(metrics, "noneCpuNanos");
        double[] np = raw(metrics, "nonePayments");
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < tc.length; i++) {
            double with = tc[i] / tp[i];
            double share = (with - nc[i] / np[i]) / with;
            min = Math.min(min, share);
            max = Math.max(max, share);
        }
        double payments = sum(metrics, "tokenPayments");
        double none = sum(metrics, "nonePayments");
        return new Path1(alg, store, sum(metrics, "tokenCpuNanos") / payments / 1e3, sum(metrics, "noneCpuNanos") / none / 1e3,
                sum(metrics, "tokenNanos") / payments / 1e3, sum(metrics, "noneNanos") / none / 1e3, (long) Math.min(payments, none), min, max);
    }

    private static String render(List<Path1> paths, Map<String, JsonNode> parts, String jvm, String before, String after) {
        StringBuilder sb = new StringBuilder();
        sb.append("\nJVM: `").append(jvm).append("`, one thread. Load average (1, 5, 15 min) before the run: `").append(before)
                .append("`, after: `").append(after).append("`, on 2 cores shared with other work.\n\n");
        sb.append("| algorithm | store | CPU µs per payment, with token | without | the token's CPU cost | share of the path (CPU) ")
                .append("| single iterations | wall µs, with token | without | share (wall) | payments each |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        double worst = Double.NEGATIVE_INFINITY;
        String worstAt = "";
        for (Path1 p : paths) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %,.0f µs | **%.0f%%** | %.0f%% … %.0f%% | %,.0f | %,.0f | %.0f%% | %,d |%n",
                    p.alg(), p.store(), p.withCpu(), p.noneCpu(), p.withCpu() - p.noneCpu(), 100 * p.share(), 100 * p.minShare(),
                    100 * p.maxShare(), p.withWall(), p.noneWall(), 100 * p.wallShare(), p.payments()));
            if (p.share() > worst) {
                worst = p.share();
                worstAt = p.alg() + ", " + p.store();
            }
        }
        sb.append("\nThe token's parts (`TimeStampBenchmark.parts`, same run, one thread), CPU µs per call (wall µs in brackets):\n\n")
                .append("| signer | a signature by a key like the unit's (key storage) | the token: + imprint, its CMS and chain ")
                .append("| `addSignatureTimeStamp`: + the evidence parsed and re-encoded |\n|---|---:|---:|---:|\n");
        for (Map.Entry<String, JsonNode> e : parts.entrySet()) {
            sb.append("| ").append(e.getKey());
            for (String part : new String[]{"keySignature", "token", "stampCms"}) {
                double calls = sum(e.getValue(), part + "Calls");
                sb.append(String.format(Locale.ROOT, " | %,.0f (%,.0f)", sum(e.getValue(), part + "CpuNanos") / calls / 1e3,
                        sum(e.getValue(), part + "Nanos") / calls / 1e3));
            }
            sb.append(" |\n");
        }
        if (!paths.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%nLargest share of the path's CPU time: %.0f%% (%s); the threshold for batching is a third (33%%): %s.%n",
                    100 * worst, worstAt, worst > BATCHING_THRESHOLD ? "**above**" : "below"));
        }
        return sb.toString();
    }
}
