package io.mshield.samples;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules that keep the modules easy to see, checked over the compiled classes of every module.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.mshield");
    }

    @Test
    @DisplayName("nothing calls Security.addProvider or Security.insertProviderAt")
    void noGlobalProviderRegistration() {
        noClasses().should().callMethod(java.security.Security.class, "addProvider", java.security.Provider.class)
                .orShould().callMethod(java.security.Security.class, "insertProviderAt", java.security.Provider.class, int.class)
                .check(classes);
    }

    @Test
    @DisplayName("sdk-core and sdk-api never touch BouncyCastle")
    void coreAndApiNeverSeeBouncyCastle() {
        noClasses().that().resideInAnyPackage("io.mshield.core..", "io.mshield", "io.mshield.identity..", "io.mshield.pin..",
                        "io.mshield.limit..", "io.mshield.shield..", "io.mshield.certificate..", "io.mshield.enrollment..",
                        "io.mshield.persistence..", "io.mshield.audit..", "io.mshield.transaction..", "io.mshield.signature..",
                        "io.mshield.permission..", "io.mshield.admin..")
                .and().resideOutsideOfPackage("io.mshield.crypto..")
                .should().dependOnClassesThat().resideInAPackage("org.bouncycastle..")
                .check(classes);
    }

    @Test
    @DisplayName("sdk-api depends on the JDK only")
    void apiDependsOnJdkOnly() {
        noClasses().that().resideInAnyPackage("io.mshield", "io.mshield.identity..", "io.mshield.pin..", "io.mshield.limit..",
                        "io.mshield.shield..", "io.mshield.certificate..", "io.mshield.enrollment..", "io.mshield.persistence..",
                        "io.mshield.audit..", "io.mshield.transaction..", "io.mshield.signature..", "io.mshield.permission..",
                        "io.mshield.admin..", "io.mshield.crypto")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "io.mshield..")
                .check(classes);
    }

    @Test
    @DisplayName("every MobileShield module has a module descriptor that exports no internal package")
    void modulesExportNoInternals() throws Exception {
        List<ModuleDescriptor> ours = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("module-info.class"))) {
            try (InputStream in = url.openStream()) {
                ModuleDescriptor d = ModuleDescriptor.read(in);
                if (d.name().startsWith("io.mshield")) {
                    ours.add(d);
                }
            }
        }
        assertThat(ours).extracting(ModuleDescriptor::name)
                .contains("io.mshield.api", "io.mshield.crypto", "io.mshield.core");
        for (ModuleDescriptor d : ours) {
            assertThat(d.exports()).as(d.name() + " exports")
                    .extracting(ModuleDescriptor.Exports::source).noneMatch(p -> p.contains(".internal"));
            assertThat(d.packages()).as(d.name() + " packages").allMatch(p -> p.startsWith("io.mshield") || p.startsWith("db.mshield"));
        }
    }
}
