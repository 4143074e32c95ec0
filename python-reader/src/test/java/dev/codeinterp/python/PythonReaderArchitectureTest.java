package dev.codeinterp.python;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Python reader is plain Java: it reaches nothing but the JDK, and the schema mapping builds on the syntax. */
class PythonReaderArchitectureTest {

    private static JavaClasses reader;

    @BeforeAll
    static void importProductionClasses() {
        reader = ArchConfiguration.withThreadLocalScope(configuration -> {
            configuration.setResolveMissingDependenciesFromClassPath(false);
            return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.codeinterp.python");
        });
    }

    @Test
    void shouldReadPythonWithPlainJavaOnly() {
        classes().that().resideInAPackage("dev.codeinterp.python.syntax..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.codeinterp.python.syntax..")
                .check(reader);
    }

    @Test
    void shouldMapAnnotationsToSchemasWithPlainJavaAndThePythonReaderOnly() {
        classes().that().resideInAPackage("dev.codeinterp.python.schema..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.codeinterp.python..")
                .check(reader);
    }

    @Test
    void shouldHaveNoCyclesBetweenPackages() {
        slices().matching("dev.codeinterp.python.(*)..").should().beFreeOfCycles().check(reader);
    }
}
