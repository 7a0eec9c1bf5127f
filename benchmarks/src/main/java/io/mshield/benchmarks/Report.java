package io.mshield.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges JMH's JSON results of one run (one file per thread count) into one file and writes the
 * results section of {@code docs/benchmarks.md}: every measurement with its error and bytes per
 * operation, then every target of issue 8 as a ratio from this run, met or not. The SDK's path is
 * the default one, with a signature-time-stamp token in every evidence ({@code timeStamping=token});
 * {@code benchmarks/timestamping.sh} and {@link TimeStampingReport} measure it without.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.mshield.benchmarks.Report OUT.json DOC.md IN.json...}.
 * The document's text between {@code <!-- RESULTS-BEGIN -->} and {@code <!-- RESULTS-END -->}
 * is replaced; the rest is kept.
 */
public final class Report {
    private static final String BEGIN = "<!-- RESULTS-BEGIN -->";
    private static final String END = "<!-- RESULTS-END -->";

    private Report() {
    }

    private record Row(String benchmark, String params, int threads, double score, double error, double bytesPerOp) {
        String key() {
            return benchmark + (params.isEmpty() ? "" : "[" + params + "]") + "@" + threads;
        }
    }

    /**
     * Runs the report.
     *
     * @param args output JSON, document, input JSON files
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: Report OUT.json DOC.md IN.json...");
            System.exit(2);
        }
        ArrayNode merged = merge(Path.of(args[0]), args, 2);
        Map<String, Row> rows = new TreeMap<>();
        for (JsonNode r : merged) {
            String name = r.path("benchmark").asText().replace("io.mshield.benchmarks.", "");
            List<String> params = new ArrayList<>();
            r.path("params").properties().forEach(e -> params.add(e.getKey() + "=" + e.getValue().asText()));
            JsonNode gc = r.path("secondaryMetrics").has("gc.alloc.rate.norm") ? r.path("secondaryMetrics").path("gc.alloc.rate.norm")
                    : r.path("secondaryMetrics").path("·gc.alloc.rate.norm");
            Row row = new Row(name, String.join(",", params), r.path("threads").asInt(), r.path("primaryMetric").path("score").asDouble(),
                    r.path("primaryMetric").path("scoreError").asDouble(), gc.path("score").asDouble(Double.NaN));
            rows.put(row.key(), row);
        }
        String section = render(rows, merged.size() == 0 ? "" : merged.get(0).path("jvm").asText() + " "
                + merged.get(0).path("vmVersion").asText());
        replaceSection(Path.of(args[1]), BEGIN, END, section);
        System.out.println(section);
    }

    /**
     * Merges JMH's JSON result files into one array and writes it.
     *
     * @param out   the merged file
     * @param args  the command's arguments
     * @param first the index of the first input file in them
     * @return the merged results
     * @throws IOException when a file cannot be read or written
     */
    static ArrayNode merge(Path out, String[] args, int first) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode merged = mapper.createArrayNode();
        for (int i = first; i < args.length; i++) {
            mapper.readTree(Path.of(args[i]).toFile()).forEach(merged::add);
        }
        mapper.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), merged);
        return merged;
    }

    /**
     * Replaces a document's text between two markers, keeping the rest.
     *
     * @param doc     the document (made with just the markers when missing)
     * @param begin   the first marker
     * @param end     the second marker
     * @param section the new text between them
     * @throws IOException when the document cannot be read or written, or lacks the markers
     */
    static void replaceSection(Path doc, String begin, String end, String section) throws IOException {
        String text = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : begin + "\n" + end + "\n";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IOException(doc + " has no " + begin + " … " + end + " section");
        }
        Files.writeString(doc, text.substring(0, b + begin.length()) + "\n" + section + text.substring(e), StandardCharsets.UTF_8);
    }

    private static String render(Map<String, Row> rows, String jvm) {
        StringBuilder sb = new StringBuilder();
        sb.append("\nJVM: `").append(jvm).append("`\n\n");
        sb.append("| benchmark | parameters | threads | ops/s | ± (99.9%) | B/op |\n|---|---|---:|---:|---:|---:|\n");
        for (Row r : rows.values()) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %,.0f | %,.0f | %s |%n", r.benchmark(), r.params(), r.threads(),
                    r.score(), r.error(), Double.isNaN(r.bytesPerOp()) ? "–" : String.format(Locale.ROOT, "%,.0f", r.bytesPerOp())));
        }
        sb.append("\n### Targets, from this run\n\n| target | measured | ratio | goal | met |\n|---|---|---:|---:|---|\n");
        for (int t : new int[]{1, 2}) {
            target(sb, rows, "SDK signing path, memory, SM2 vs raw sign", "SdkSigningBenchmark.signPayment[alg=SM2,store=memory,timeStamping=token]",
                    "RawSignatureBenchmark.sign[alg=SM2]", t, 0.90);
            target(sb, rows, "SDK signing path, memory, P-256 vs raw sign", "SdkSigningBenchmark.signPayment[alg=EC_P256,store=memory,timeStamping=token]",
                    "RawSignatureBenchmark.sign[alg=P256]", t, 0.90);
            target(sb, rows, "SDK signing path, memory, Ed25519 vs raw sign", "SdkSigningBenchmark.signPayment[alg=ED25519,store=memory,timeStamping=token]",
                    "RawSignatureBenchmark.sign[alg=ED25519]", t, 0.90);
            target(sb, rows, "bank's half of two-party SM2 vs raw SM2 verify", "TwoPartyBenchmark.bankHalf",
                    "RawSignatureBenchmark.verify[alg=SM2]", t, 0.90);
            target(sb, rows, "full two-party SM2 signature vs raw SM2 sign", "TwoPartyBenchmark.fullSignature",
                    "RawSignatureBenchmark.sign[alg=SM2]", t, 0.35);
            for (String[] a : new String[][]{{"SM2", "SM2"}, {"EC_P256", "P256"}, {"ED25519", "ED25519"}}) {
                target(sb, rows, "CMS sign, " + a[1] + " vs raw sign", "CmsBenchmark.cmsSign[alg=" + a[0] + "]",
                        "RawSignatureBenchmark.sign[alg=" + a[1] + "]", t, 0.80);
                target(sb, rows, "CMS verify (cached path, revocation), " + a[1] + " vs raw verify", "CmsBenchmark.cmsVerify[alg=" + a[0] + "]",
                        "RawSignatureBenchmark.verify[alg=" + a[1] + "]", t, 0.80);
            }
            target(sb, rows, "SunEC vs BouncyCastle, P-256 sign (reference)", "SunEcBenchmark.sign", "RawSignatureBenchmark.sign[alg=P256]", t, 0);
            target(sb, rows, "SunEC vs BouncyCastle, P-256 verify (reference)", "SunEcBenchmark.verify", "RawSignatureBenchmark.verify[alg=P256]", t, 0);
        }
        for (String a : new String[]{"SM2", "EC_P256", "ED25519"}) {
            String raw = a.equals("EC_P256") ? "P256" : a;
            target(sb, rows, "SDK signing path, H2 on disk, " + raw + " vs raw sign, 2 threads",
                    "SdkSigningBenchmark.signPayment[alg=" + a + ",store=h2,timeStamping=token]", "RawSignatureBenchmark.sign[alg=" + raw + "]", 2, 0.50);
        }
        for (String a : new String[]{"SM2", "EC_P256", "ED25519"}) {
            String key = "SdkSigningBenchmark.signPayment[alg=" + a + ",store=memory,timeStamping=token]";
            Row one = rows.get(key + "@1");
            Row two = rows.get(key + "@2");
            if (one != null && two != null) {
                double ratio = two.score() / one.score();
                sb.append(String.format(Locale.ROOT, "| SDK signing path, memory, %s: 2 threads vs 1 | %,.0f vs %,.0f ops/s | %.2f× | ≥ 1.80× | %s |%n",
                        a, two.score(), one.score(), ratio, ratio >= 1.8 ? "yes" : "**no**"));
            }
        }
        return sb.toString();
    }

    private static void target(StringBuilder sb, Map<String, Row> rows, String what, String measured, String baseline, int threads,
                               double goal) {
        Row m = rows.get(measured + "@" + threads);
        Row b = rows.get(baseline + "@" + threads);
        if (m == null || b == null) {
            sb.append("| ").append(what).append(", ").append(threads).append(" thread(s) | not measured | – | – | – |\n");
            return;
        }
        double ratio = m.score() / b.score();
        sb.append(String.format(Locale.ROOT, "| %s, %d thread(s) | %,.0f vs %,.0f ops/s | %.2f× | %s | %s |%n", what, threads,
                m.score(), b.score(), ratio, goal > 0 ? String.format(Locale.ROOT, "≥ %.2f×", goal) : "–",
                goal > 0 ? (ratio >= goal ? "yes" : "**no**") : "reference"));
    }
}
