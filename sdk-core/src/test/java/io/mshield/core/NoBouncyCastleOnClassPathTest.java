package io.mshield.core;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sdk-core never sees BouncyCastle: its runtime class path, as Maven resolves it for a bank that
 * depends on sdk-core, holds no BouncyCastle artifact. (The enforcer's bannedDependencies rule in
 * sdk-core's POM fails the build first; this test states the rule where developers look.)
 */
class NoBouncyCastleOnClassPathTest {

    @Test
    @DisplayName("sdk-core's runtime class path has no BouncyCastle jar")
    void runtimeClassPathHasNoBouncyCastle() throws Exception {
        Path file = Path.of(System.getProperty("basedir", "."), "target", "runtime-classpath.txt");
        assertThat(file).as("written by maven-dependency-plugin:build-classpath").exists();
        List<String> entries = Arrays.stream(Files.readString(file).trim().split(File.pathSeparator))
                .filter(s -> !s.isBlank()).toList();
        assertThat(entries).as("runtime class path").isNotEmpty()
                .anySatisfy(e -> assertThat(e).contains("slf4j-api"))
                .noneMatch(e -> e.contains("org" + File.separator + "bouncycastle") || e.contains("bcprov") || e.contains("bcpkix"));
    }
}
