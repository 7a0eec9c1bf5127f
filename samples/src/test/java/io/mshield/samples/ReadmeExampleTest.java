package io.mshield.samples;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ReadmeExampleTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

    @Test
    @DisplayName("the README's embedding example runs")
    void runs() {
        assertThat(ReadmeExample.run()).as("1,000,000.01 CNY is over the 1,000,000 CNY transfer cap").isTrue();
    }

    @Test
    @DisplayName("the README's java block is the compiled sample, line for line")
    void readmeMatchesSample() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).as("README has a java block").isTrue();
        List<String> readmeLines = m.group(1).lines().map(String::strip).filter(s -> !s.isEmpty()).toList();

        String source = Files.readString(ROOT.resolve("samples/src/main/java/io/mshield/samples/ReadmeExample.java"));
        String between = source.substring(source.indexOf("// README-BEGIN") + "// README-BEGIN".length(),
                source.indexOf("// README-END"));
        List<String> sampleLines = between.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        assertThat(readmeLines).isEqualTo(sampleLines);
    }
}
