package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/** No process of a program outlives its execution, and nothing in the request's environment reaches the agent. */
@Tag("security")
class ProcessEscapeIT {

    /** The processes a fresh sandbox shows its program: the agent (PID 1) and the program itself. */
    private static final String FRESH_SANDBOX = "[1, 2]\n";
    private static final String LIST_PROCESSES =
            "import os\nprint(sorted(int(p) for p in os.listdir('/proc') if p.isdigit() and int(p) != os.getpid()) "
                    + "+ [2])";

    private final WebTestClient client = TestStack.client();

    @Test
    void shouldLeaveNoDaemonSetsidChildOrDoubleForkBehindWhenTheProgramEnds() {
        // given
        Map<String, Object> response = run(Map.of("source_code", """
                import os, subprocess, sys
                subprocess.Popen(['sleep', '6161'])
                subprocess.Popen(['sleep', '6262'], start_new_session=True)
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        os.execvp('sleep', ['sleep', '6363'])
                    os._exit(0)
                os.wait()
                subprocess.Popen(['nohup', 'sleep', '6464'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 preexec_fn=os.setpgrp)
                import time
                for _ in range(100):  # nohup execs sleep a moment later
                    running = len(subprocess.run(['pgrep', '-x', 'sleep'], capture_output=True, text=True).stdout.split())
                    if running == 4:
                        break
                    time.sleep(0.05)
                print(running)
                """));
        assertThat(response).as("all four were running").containsEntry("stdout", "4\n");

        // then: the host shows none of them, and the next sandbox only itself
        for (String seconds : new String[] {"6161", "6262", "6363", "6464"}) {
            assertThat(HostProcesses.withCommandLine("sleep", seconds)).as("sleep " + seconds).isEmpty();
        }
        assertThat(run(Map.of("source_code", LIST_PROCESSES))).containsEntry("stdout", FRESH_SANDBOX);
    }

    @Test
    void shouldDeliverTheResultUnchangedWhenEnvTriesToHijackTheRuntime() {
        Map<String, Object> response = run(Map.of(
                "env", Map.of("LD_PRELOAD", "/workspace/evil.so", "LD_LIBRARY_PATH", "/workspace",
                        "PYTHONPATH", "/workspace/evil", "PYTHONSTARTUP", "/workspace/evil.py",
                        "PYTHONINSPECT", "1", "PYTHONWARNINGS", "error"),
                "source_code", """
                        import os, sys
                        print(os.environ['LD_PRELOAD'], sys.path[1])
                        for name in ['agent.py', 'launcher.py', 'seccomp.py', 'sitecustomize.py']:
                            try:
                                open('/opt/agent/' + name, 'a').write('hijacked')
                                print('WROTE', name)
                            except OSError as e:
                                print(name, e.strerror)
                        """));

        // the files belong to a host user the sandbox cannot map (so: permission denied), on a read-only mount
        assertThat(response).containsEntry("exit_code", 0).containsEntry("stdout", """
                /workspace/evil.so /opt/agent
                agent.py Permission denied
                launcher.py Permission denied
                seccomp.py Permission denied
                sitecustomize.py Permission denied
                """);
        assertThat(run(Map.of("source_code", "print('next')"))).containsEntry("stdout", "next\n")
                .containsEntry("stderr", "");
    }

    private Map<String, Object> run(Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("chat_id", "escape");
        return TestHttp.post(client, "/v1/execute", body, 200);
    }
}
