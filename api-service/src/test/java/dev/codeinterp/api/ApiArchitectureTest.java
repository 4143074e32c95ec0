package dev.codeinterp.api;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The api's packages form no cycle: settings, shared chat rules and adapters each depend one way only. */
class ApiArchitectureTest {

    private static JavaClasses api;

    @BeforeAll
    static void importProductionClasses() {
        api = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.codeinterp.api");
    }

    @Test
    void shouldKeepTheApiPackagesFreeOfCycles() {
        slices().matching("dev.codeinterp.api.(*)..").should().beFreeOfCycles().check(api);
    }
}
