package io.mshield.samples.server;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The docs stand on their own: no link in README.md or docs/ points outside the repository")
class RepositoryLinksTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", "."), "..", "..").toAbsolutePath().normalize();
    /** Markdown links and images {@code [text](target)}, autolinks {@code <scheme:…>}, HTML {@code href=}/{@code src=}. */
    private static final Pattern LINK = Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\\s]+)>|(?:href|src)=\"([^\"]+)\"");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:|^//");

    static List<String> problems(Path file, String text) {
        List<String> problems = new ArrayList<>();
        Matcher m = LINK.matcher(text);
        while (m.find()) {
            String target = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            if (SCHEME.matcher(target).find()) {
                problems.add(ROOT.relativize(file) + ": " + target + " leaves the repository");
                continue;
            }
            String path = target.replaceFirst("#.*$", "");
            if (path.isEmpty()) {
                continue;
            }
            Path resolved = file.getParent().resolve(path).normalize();
            if (!resolved.startsWith(ROOT)) {
                problems.add(ROOT.relativize(file) + ": " + target + " points outside the repository");
            } else if (!Files.exists(resolved)) {
                problems.add(ROOT.relativize(file) + ": " + target + " does not exist");
            }
        }
        return problems;
    }

    @Test
    @DisplayName("every link of README.md and docs/*.md is a file of the repository (no URL, no ../shared, nothing missing)")
    void linksStayInside() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        assertThat(files).contains(ROOT.resolve("docs/architecture.md"), ROOT.resolve("docs/requirements.md"));

        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            problems.addAll(problems(f, Files.readString(f)));
        }

        assertThat(problems).isEmpty();
    }

    @Test
    @DisplayName("the check itself finds a URL, a link to ../shared and a missing file")
    void findsWhatLeaves() {
        Path readme = ROOT.resolve("README.md");
        assertThat(problems(readme, "see [a](https://example.org/x) and <https://example.org>")).hasSize(2);
        assertThat(problems(readme, "[arch](../shared/ARCHITECTURE.md)")).singleElement().asString().contains("outside");
        assertThat(problems(readme, "[gone](docs/no-such-page.md)")).singleElement().asString().contains("does not exist");
        assertThat(problems(readme, "[ok](docs/errors.md#codes) and [here](#the-demo)")).isEmpty();
    }
}
