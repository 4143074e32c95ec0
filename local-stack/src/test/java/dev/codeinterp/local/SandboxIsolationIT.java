package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.codeinterp.embedded.EmbeddedInfrastructure;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** What user code can and cannot reach from inside its sandbox. */
@Tag("security")
class SandboxIsolationIT {

    private final WebTestClient client = TestStack.client();

    @Test
    void shouldReachNoHostServiceAndNoOutsideAddress() {
        assumeTrue(TestStack.sandboxesHaveTheirOwnNetwork(),
                "executor pods are isolated by the chart's NetworkPolicy, which the mock cluster cannot enforce");
        EmbeddedInfrastructure infra = EmbeddedInfrastructure.shared();
        int apiPort = URI.create(TestStack.get().baseUrl()).getPort();
        int s3Port = URI.create(infra.s3().endpoint()).getPort();
        int kafkaPort = Integer.parseInt(infra.kafka().bootstrapServers().replaceAll(".*:", ""));
        String code = """
                import socket
                for host, port in [('127.0.0.1', %d), ('127.0.0.1', %d), ('127.0.0.1', %d), ('127.0.0.1', %d),
                                   ('169.254.169.254', 80), ('1.1.1.1', 443), ('8.8.8.8', 53)]:
                    try:
                        socket.create_connection((host, port), timeout=2).close()
                        print('REACHED', host, port)
                    except OSError as e:
                        print('blocked', host, port)
                """.formatted(infra.redis().port(), s3Port, kafkaPort, apiPort);

        Map<String, Object> response = run(code);

        assertThat((String) response.get("stdout")).doesNotContain("REACHED").contains("blocked 8.8.8.8 53");
    }

    @Test
    void shouldSeeNoHostFilesBeyondTheReadOnlyRuntime() {
        Map<String, Object> response = run("""
                import os
                print(sorted(os.listdir('/')))
                print([(d, os.listdir(d)) for d in ('/run/sandbox', '/run/zygote') if os.path.exists(d)])
                for path in ['/root', '/home', '/work', '%s', '/var', '/etc/shadow', '/etc/hostname']:
                    print(path, os.path.exists(path))
                try:
                    open('/usr/evil', 'w')
                    print('WROTE /usr')
                except OSError as e:
                    print('usr read-only')
                """.formatted(System.getProperty("user.dir")));

        String stdout = (String) response.get("stdout");
        assertThat(stdout).doesNotContain(" True").doesNotContain("WROTE").contains("usr read-only");
        // a zygote's child also sees /run: the empty, read-only mounts that hide the zygote's socket and staging
        assertThat(stdout.lines().findFirst().orElseThrow()).isIn(
                "['bin', 'dev', 'etc', 'lib', 'lib64', 'opt', 'proc', 'sbin', 'tmp', 'usr', 'workspace']",
                "['bin', 'dev', 'etc', 'lib', 'lib64', 'opt', 'proc', 'run', 'sbin', 'tmp', 'usr', 'workspace']");
        assertThat(stdout.lines().skip(1).findFirst().orElseThrow()).isIn("[]",
                "[('/run/sandbox', []), ('/run/zygote', [])]");
    }

    @Test
    void shouldSeeNoneOfTheServiceEnvironmentAndNoOtherProcess() {
        Map<String, Object> response = run("""
                import os
                print(sorted(k for k in os.environ if k.startswith(('APP_', 'SPRING', 'JAVA', 'AWS', 'MAVEN'))))
                print(sorted(int(p) for p in os.listdir('/proc') if p.isdigit())[:1])
                print(os.getuid() != 0, len([p for p in os.listdir('/proc') if p.isdigit()]) < 5)
                """);

        assertThat((String) response.get("stdout")).isEqualTo("[]\n[1]\nTrue True\n");
    }

    @Test
    void shouldStartEveryRunInAFreshWorkspace() {
        run("open('/workspace/leftover.txt', 'w').write('x'); open('/tmp/leftover', 'w').write('x')");

        Map<String, Object> response = run("import os; print(os.listdir('/workspace'), os.path.exists('/tmp/leftover'))");

        assertThat((String) response.get("stdout")).isEqualTo("[] False\n");
    }

    @Test
    void shouldGiveTheProgramNoSpaceLeftOnDeviceWhenTheWorkspaceIsFull() {
        Map<String, Object> response = run("""
                import errno, os
                try:
                    for i in range(100):  # files below the file size limit, which equals the workspace size
                        with open(f'/workspace/big-{i}.bin', 'wb') as f:
                            f.write(b'x' * (8 * 1024 * 1024))
                except OSError as e:
                    print(errno.errorcode[e.errno], e.strerror)
                for name in os.listdir('/workspace'):
                    os.remove('/workspace/' + name)
                """);

        assertThat(response).containsEntry("stdout", "ENOSPC No space left on device\n");
    }

    @Test
    void shouldNeverFollowASymlinkOutOfTheWorkspace() {
        Map<String, Object> response = run("""
                import os
                os.symlink('/etc/passwd', 'passwd-link')
                os.symlink('/usr', 'usr-link')
                open('real.txt', 'w').write('real')
                """);

        assertThat(TestHttp.files(response)).containsOnlyKeys("/workspace/real.txt");
    }

    @Test
    void shouldKillBackgroundProcessesWhenTheProgramEnds() {
        Map<String, Object> response = run("""
                import subprocess, time
                subprocess.Popen(['sleep', '4242'], start_new_session=True)
                time.sleep(0.2)
                print(subprocess.run(['pgrep', '-c', 'sleep'], capture_output=True, text=True).stdout, end='')
                """);

        assertThat(response).as("the background process ran").containsEntry("stdout", "1\n");
        assertThat(HostProcesses.withCommandLine("sleep", "4242")).isEmpty();
    }

    @Test
    void shouldFindNeitherAnotherChatsUploadNorTheServiceDataWhenWalkingTheFilesystem() {
        String marker = "secret-of-another-chat-" + UUID.randomUUID();
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("chat_id", "isolation-victim");
        form.part("upload", marker.getBytes(StandardCharsets.UTF_8)).filename("secret.txt");
        client.post().uri("/v1/upload").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(form.build())).exchange().expectStatus().isOk();

        // Everything but the read-only runtime (/usr is the host's, where no upload can be; /bin, /lib… link into it)
        // and kernel views.
        Map<String, Object> response = run("""
                import os
                secret = bytes.fromhex('%s')  # not the marker itself: this program's own file must not match
                found, read = [], 0
                for top in os.listdir('/'):
                    if top in ('usr', 'proc', 'sys', 'dev') or os.path.islink('/' + top):
                        continue
                    for root, dirs, files in os.walk('/' + top):
                        for name in files:
                            try:
                                with open(os.path.join(root, name), 'rb') as f:
                                    read += 1
                                    if secret in f.read(1 << 20):
                                        found.append(os.path.join(root, name))
                            except OSError:
                                pass
                print(read > 0, found)
                for path in %s:
                    print(path, os.path.exists(path))
                """.formatted(HexFormat.of().formatHex(marker.getBytes(StandardCharsets.UTF_8)),
                pythonList(TestStack.dataDirectories())));

        String stdout = (String) response.get("stdout");
        assertThat(stdout.lines().findFirst().orElseThrow()).isEqualTo("True []");
        assertThat(stdout).doesNotContain(" True");
    }

    private static String pythonList(List<Path> paths) {
        return paths.stream().map(path -> "'" + path.toAbsolutePath() + "'")
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    private Map<String, Object> run(String code) {
        return TestHttp.post(client, "/v1/execute", Map.of("chat_id", "isolation", "source_code", code), 200);
    }
}
