package dev.codeinterp.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProgramTest {

    @Test
    void shouldPrintItsMarkerThenANonceDrawnAtRunTimeWhenRunByPython() throws Exception {
        Program program = new Program("a-7-0011aabb", 0.01, false);

        String first = run(program);
        String second = run(program);

        assertThat(new Observation("succeeded", first, false).nonceAfter("a-7-0011aabb")).hasSize(16);
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void shouldMixQuickSleepingAndFileWritingPrograms() {
        Random random = new Random(1);
        List<Program> programs = IntStream.range(0, 200).mapToObj(i -> Program.random("m-" + i, random)).toList();

        assertThat(programs).anyMatch(p -> p.sleepSeconds() == 0 && !p.writesFile())
                .anyMatch(p -> p.sleepSeconds() >= 0.5 && !p.writesFile()).anyMatch(Program::writesFile)
                .allMatch(p -> p.sleepSeconds() <= 3);
        assertThat(programs.stream().filter(Program::writesFile).findFirst().orElseThrow().source())
                .contains("open('out.txt', 'w')");
    }

    private static String run(Program program) throws Exception {
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", program.source()).start();
        String stdout = new String(python.getInputStream().readAllBytes());
        assertThat(python.waitFor()).isZero();
        return stdout;
    }
}
