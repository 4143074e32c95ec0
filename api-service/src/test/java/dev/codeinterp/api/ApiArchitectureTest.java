package dev.codeinterp.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The api's packages form no cycle: settings, shared chat rules and adapters each depend one way only. */
class ApiArchitectureTest {

    private static final String[] FEATURES = {"dev.codeinterp.api.access..", "dev.codeinterp.api.admission..",
            "dev.codeinterp.api.chat..", "dev.codeinterp.api.execution..", "dev.codeinterp.api.failure..",
            "dev.codeinterp.api.files..", "dev.codeinterp.api.openapi..", "dev.codeinterp.api.tools..",
            "dev.codeinterp.api.web.."};

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

    @Test
    void shouldGiveFeaturesTheirOwnSettingsRatherThanTheWholeBinding() {
        noClasses().that().resideInAnyPackage(FEATURES)
                .should().dependOnClassesThat().resideInAPackage("dev.codeinterp.api.config..").check(api);
    }

    @Test
    void shouldKeepKafkaInsideItsAdapter() {
        noClasses().that().resideOutsideOfPackage("dev.codeinterp.api.infra.kafka..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..")
                .check(api);
    }

    @Test
    void shouldKeepGrpcAndProtobufInsideTheGrpcEdge() {
        noClasses().that().resideOutsideOfPackage("dev.codeinterp.api.grpc..")
                .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "com.google.protobuf..").check(api);
    }

    @Test
    void shouldKeepRedisInsideItsAdapter() {
        noClasses().that().resideOutsideOfPackage("dev.codeinterp.api.infra.redis..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework.data.redis..").check(api);
    }
}
