package dev.codeinterp.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering of {@code common}: a plain-Java domain, and each technology inside its adapter package. */
class ArchitectureTest {

    private static JavaClasses common;

    @BeforeAll
    static void importProductionClasses() {
        // Only our own classes: resolving every referenced Spring/Kafka/MinIO class would take seconds.
        common = ArchConfiguration.withThreadLocalScope(configuration -> {
            configuration.setResolveMissingDependenciesFromClassPath(false);
            return new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.codeinterp.common");
        });
    }

    @Test
    void shouldDependOnlyOnJavaWhenInJobOrFilesPackage() {
        classes().that().resideInAnyPackage("dev.codeinterp.common.job..", "dev.codeinterp.common.files..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "dev.codeinterp.common.job..", "dev.codeinterp.common.files..")
                .check(common);
    }

    @Test
    void shouldUseMinioOnlyWhenInS3AdapterOrConfiguration() {
        noClasses().that().resideOutsideOfPackages("..infra.s3..", "..config..")
                .should().dependOnClassesThat().resideInAPackage("io.minio..")
                .check(common);
    }

    @Test
    void shouldUseSpringDataRedisOnlyWhenInRedisAdapterOrConfiguration() {
        noClasses().that().resideOutsideOfPackages("..infra.redis..", "..config..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework.data.redis..")
                .check(common);
    }

    @Test
    void shouldHaveNoCyclesBetweenTopLevelPackages() {
        slices().matching("dev.codeinterp.common.(*)..").should().beFreeOfCycles().check(common);
    }

    @Test
    void shouldFindTheClassesItChecks() {
        assertThat(common.containPackage("dev.codeinterp.common.job")).isTrue();
        assertThat(common.containPackage("dev.codeinterp.common.infra.s3")).isTrue();
    }
}
