package dev.codeinterp.local.faults;

import java.util.Locale;
import java.util.Random;

/**
 * A benchmark program: it sleeps, maybe writes {@code out.txt}, and prints its job's marker followed by a random nonce
 * drawn at run time, so that two runs recorded for one job show two different results. It sleeps in a {@code sleep}
 * process, which the host sees whatever the executor mode (a zygote's program has no command line of its own).
 */
record Program(String marker, double sleepSeconds, boolean writesFile) {

    /** The file a program that writes one leaves in its workspace. */
    static final String FILE = "/workspace/out.txt";

    /** A mix: 40 % quick, 40 % sleeping 0.5–3 s, 20 % writing a file after up to 1 s. */
    static Program random(String marker, Random random) {
        int kind = random.nextInt(10);
        if (kind < 4) {
            return new Program(marker, 0, false);
        }
        if (kind < 8) {
            return new Program(marker, 0.5 + 2.5 * random.nextDouble(), false);
        }
        return new Program(marker, random.nextDouble(), true);
    }

    String source() {
        StringBuilder source = new StringBuilder("import os, subprocess\n");
        if (sleepSeconds > 0) {
            source.append(String.format(Locale.ROOT, "subprocess.run(['sleep', '%.2f'])%n", sleepSeconds));
        }
        if (writesFile) {
            source.append("open('out.txt', 'w').write('").append(marker).append("')\n");
        }
        return source.append("print('").append(marker).append("', os.urandom(8).hex())\n").toString();
    }
}
