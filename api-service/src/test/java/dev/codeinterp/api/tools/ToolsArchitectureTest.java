package dev.codeinterp.api.tools;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The static reading of tools is plain Java: no framework reaches the Python reader or the schema mapping. */
class ToolsArchitectureTest {

    private static JavaClasses tools;

    @BeforeAll
    static void importProductionClasses() {
        tools = ArchConfiguration.withThreadLocalScope(configuration -> {
            configuration.setResolveMissingDependenciesFromClassPath(false);
            return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.codeinterp.api.tools");
        });
    }

    @Test
    void shouldReadPythonWithPlainJavaOnly() {
        classes().that().resideInAPackage("dev.codeinterp.api.tools.python..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.codeinterp.api.tools.python..")
                .check(tools);
    }

    @Test
    void shouldMapAnnotationsToSchemasWithPlainJavaAndThePythonReaderOnly() {
        classes().that().resideInAPackage("dev.codeinterp.api.tools.types..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.codeinterp.api.tools.python..",
                        "dev.codeinterp.api.tools.types..")
                .check(tools);
    }
}
