package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.codeinterp.worker.packages.Wheels;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Package installation through the API: a program that imports a module the sandbox lacks gets its distribution
 * installed by the worker, from a directory of wheels this test builds ({@code APP_PIP_FIND_LINKS}: no internet), into
 * the host's package store, which every later job reuses and no sandbox can write; the sandbox keeps no network. A
 * package that cannot be installed is not fatal: the program runs, after a notice on its stderr, and meets its
 * ModuleNotFoundError.
 */
class PackageInstallationIT {

    private static final String NOTICE = "[package installation] could not install ";

    @Test
    void shouldInstallAnImportedPackageOnceAndReuseItInTheNextJob() throws IOException {
        // given: a wheel only the worker's pip can see
        Path wheel = Wheels.write(TestStack.wheelDirectory(), "e2e-calc", "1.0",
                Map.of("e2e_calc/__init__.py", "def add(a, b):\n    return a + b\n"), List.of());
        int apiPort = URI.create(TestStack.get().baseUrl()).getPort();
        String program = """
                import e2e_calc, socket
                print(e2e_calc.add(2, 3), e2e_calc.__file__.startswith('/opt/'))
                try:
                    socket.create_connection(('127.0.0.1', %d), timeout=2)
                    print('network')
                except OSError:
                    print('no network')
                """.formatted(apiPort);

        double before = installs("installed");

        // when
        Map<String, Object> first = execute("packages-install", program);
        double afterFirst = installs("installed");
        Files.delete(wheel); // a second install would now fail
        Map<String, Object> second = execute("packages-reuse", program);

        // then: the worker installed it once; the program, which uses it, still has no network (the fake kubelet's
        // pods share the host's: in a cluster a NetworkPolicy isolates them)
        String network = TestStack.sandboxesHaveTheirOwnNetwork() ? "no network" : "network";
        for (Map<String, Object> response : List.of(first, second)) {
            assertThat(response).containsEntry("stdout", "5 True\n" + network + "\n").containsEntry("stderr", "")
                    .containsEntry("exit_code", 0);
        }
        assertThat(afterFirst).isEqualTo(before + 1);
        assertThat(installs("installed")).isEqualTo(afterFirst);
    }

    @Test
    void shouldInstallAModulesDistributionUnderTheNameTheMapGivesIt() throws IOException {
        assumeTrue(!importable("sklearn"), "this host has scikit-learn");
        Wheels.write(TestStack.wheelDirectory(), "scikit-learn", "0.0.1",
                Map.of("sklearn/__init__.py", "NAME = 'the test build'\n"), List.of());

        Map<String, Object> response = execute("packages-map", "from sklearn import NAME\nprint(NAME)");

        assertThat(response).containsEntry("stdout", "the test build\n").containsEntry("stderr", "");
    }

    @Test
    void shouldRunAProgramImportingAnUnknownPackageAfterANoticeSayingWhy() {
        double failedBefore = installs("failed");

        Map<String, Object> response = execute("packages-unknown", "print('runs')\nimport e2e_nowhere_to_be_found\n");

        assertThat(installs("failed")).isEqualTo(failedBefore + 1);

        assertThat(response).containsEntry("stdout", "runs\n").containsEntry("exit_code", 1);
        assertThat((String) response.get("stderr"))
                .startsWith(NOTICE + "e2e_nowhere_to_be_found (for import e2e_nowhere_to_be_found): "
                        + "No matching distribution found for e2e_nowhere_to_be_found\n")
                .endsWith("ModuleNotFoundError: No module named 'e2e_nowhere_to_be_found'\n");
    }

    @Test
    void shouldRunAProgramWhosePackageFailsToInstallAfterANoticeSayingWhy() throws IOException {
        // given: a wheel whose dependency is nowhere
        Wheels.write(TestStack.wheelDirectory(), "e2e-broken", "1.0", Map.of("e2e_broken.py", "OK = True\n"),
                List.of("e2e-missing-dependency"));

        // when
        Map<String, Object> response = execute("packages-broken", "import e2e_broken\n");

        // then
        assertThat(response).containsEntry("stdout", "").containsEntry("exit_code", 1);
        assertThat((String) response.get("stderr")).startsWith(NOTICE + "e2e_broken (for import e2e_broken): "
                        + "No matching distribution found for e2e-missing-dependency\n")
                .endsWith("ModuleNotFoundError: No module named 'e2e_broken'\n");
    }

    @Test
    void shouldNeverLetAProgramWriteToTheInstalledPackagesNorListThem() throws IOException {
        // given
        Wheels.write(TestStack.wheelDirectory(), "e2e-fixed", "1.0", Map.of("e2e_fixed.py", "VALUE = 1\n"),
                List.of());
        String program = """
                import os, e2e_fixed
                for path in (e2e_fixed.__file__, os.path.dirname(e2e_fixed.__file__) + '/new.py',
                             os.path.dirname(os.path.dirname(e2e_fixed.__file__)) + '/other'):
                    try:
                        open(path, 'a').close()
                        print('written', path)
                    except OSError as e:
                        print(e.strerror)
                store = os.path.dirname(os.path.dirname(e2e_fixed.__file__))
                for directory in (os.path.dirname(e2e_fixed.__file__), store):
                    try:
                        print(len(os.listdir(directory)) > 0)
                    except OSError as e:
                        print(e.strerror)
                """;

        // when
        Map<String, Object> response = execute("packages-readonly", program);

        // then: the installed file is not the sandbox user's either; nothing can be added; the program lists its own
        // package's directory but not the store, which would show what other jobs had installed
        assertThat(response).containsEntry("stderr", "");
        assertThat((String) response.get("stdout")).matches("(Permission denied|Read-only file system)\n"
                + "Read-only file system\nRead-only file system\nTrue\nPermission denied\n");
    }

    private static Map<String, Object> execute(String chatId, String program) {
        return TestHttp.post(TestStack.client(), "/v1/execute", Map.of("chat_id", chatId, "source_code", program), 200);
    }

    /** The worker's {@code code_interpreter_package_installs_total} of {@code outcome}. */
    private static double installs(String outcome) {
        String metrics = TestStack.clientFor(TestStack.get().managementUrls().get("worker-service")).get()
                .uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody();
        return MetricsIT.sum(metrics, "code_interpreter_package_installs_total", "outcome=\"" + outcome + "\"");
    }

    private static boolean importable(String module) {
        try {
            return new ProcessBuilder("/usr/bin/python3", "-c", "import " + module)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
