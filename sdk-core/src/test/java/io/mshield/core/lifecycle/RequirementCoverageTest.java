package io.mshield.core.lifecycle;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every sub-requirement R1.1–R5.4 opens the display name of at least one test of sdk-core. */
class RequirementCoverageTest {
    private static final List<String> REQUIRED = List.of(
            "R1.1", "R1.2", "R1.3", "R1.4",
            "R2.1", "R2.2", "R2.3", "R2.4", "R2.5", "R2.6", "R2.7", "R2.8", "R2.9", "R2.10",
            "R3.1", "R3.2", "R3.3", "R3.4", "R3.5", "R3.6", "R3.7", "R3.8",
            "R4.1", "R4.2", "R4.3", "R4.4",
            "R5.1", "R5.2", "R5.3", "R5.4");

    @Test
    @DisplayName("every requirement R1.1–R5.4 leads the display name of a test")
    void covered() throws Exception {
        Path tests = Path.of(System.getProperty("basedir", "."), "src", "test", "java");
        Pattern name = Pattern.compile("@DisplayName\\(\"((?:R\\d+\\.\\d+ )+)");
        Set<String> leading = new TreeSet<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(tests)) {
            walk.filter(p -> p.toString().endsWith("Test.java")).forEach(files::add);
        }
        for (Path f : files) {
            Matcher m = name.matcher(Files.readString(f));
            while (m.find()) {
                for (String id : m.group(1).trim().split(" ")) {
                    leading.add(id);
                }
            }
        }
        assertThat(leading).containsAll(REQUIRED);
    }
}
