package io.mshield;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps docs/errors.md and {@link ErrorCode} in step. */
class ErrorCodeDocumentationTest {
    /** A table row: {@code | `CODE` | CATEGORY | meaning | raised when |}. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([A-Z0-9_]+)`\\s*\\|\\s*([A-Z_]+)\\s*\\|(.*)\\|(.*)\\|\\s*$");

    private static Map<String, String> documented;

    @BeforeAll
    static void readPage() throws IOException {
        String basedir = System.getProperty("basedir", Paths.get("").toAbsolutePath().toString());
        Path page = Paths.get(basedir).resolve("../docs/errors.md").normalize();
        assertThat(page).as("docs/errors.md beside the sdk-api module").isRegularFile();
        documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                assertThat(documented.put(m.group(1), m.group(2)))
                        .as("code listed twice: " + m.group(1)).isNull();
                assertThat(m.group(3).strip()).as("meaning of " + m.group(1)).isNotEmpty();
                assertThat(m.group(4).strip()).as("when " + m.group(1) + " is raised").isNotEmpty();
            }
        }
    }

    @Test
    @DisplayName("every ErrorCode is documented in docs/errors.md")
    void everyCodeDocumented() {
        Set<String> codes = Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toSet());
        assertThat(documented.keySet()).as("codes in docs/errors.md").containsAll(codes);
    }

    @Test
    @DisplayName("docs/errors.md lists no code that does not exist")
    void noUnknownCodes() {
        Set<String> codes = Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toSet());
        assertThat(codes).as("ErrorCode constants").containsAll(documented.keySet());
    }

    @Test
    @DisplayName("docs/errors.md gives each code its real category")
    void categoriesMatch() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(documented.get(code.name())).as("category of " + code).isEqualTo(code.category().name());
        }
    }
}
