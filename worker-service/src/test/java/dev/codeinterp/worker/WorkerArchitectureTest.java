package dev.codeinterp.worker;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packages of the worker depend on each other in one direction only. */
class WorkerArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = ArchConfiguration.withThreadLocalScope(configuration -> {
            configuration.setResolveMissingDependenciesFromClassPath(false);
            return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.codeinterp.worker");
        });
    }

    @Test
    void shouldHaveNoCyclesBetweenTopLevelPackages() {
        slices().matching("dev.codeinterp.worker.(*)..").should().beFreeOfCycles().check(production);
    }

    @Test
    void shouldHaveNoCyclesBetweenSandboxPackages() {
        slices().matching("dev.codeinterp.worker.sandbox.(*)..").should().beFreeOfCycles().check(production);
    }
}
