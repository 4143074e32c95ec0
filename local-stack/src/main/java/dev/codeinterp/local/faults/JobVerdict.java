package dev.codeinterp.local.faults;

import java.util.List;
import java.util.Objects;

/**
 * What became of one accepted job. Lost: its last outcome seen is not {@code succeeded} with its own marker (and its
 * file, when it writes one). Duplicated: its program ran to its end more than once (per the workers' logs), its
 * callers saw two different runs' results, or resubmitting it with its Idempotency-Key named another job.
 *
 * @param completions how many times the workers' logs say its program ran to its end
 */
record JobVerdict(boolean lost, boolean duplicated, boolean rerun, String why) {

    static JobVerdict of(TrackedJob job, int completions) {
        List<Observation> seen = job.observations();
        Observation last = seen.stream().filter(Observation::isTerminal).reduce((a, b) -> b)
                .orElse(seen.isEmpty() ? null : seen.get(seen.size() - 1));
        String marker = job.program().marker();
        boolean lost = last == null || !last.status().equals(Observation.SUCCEEDED) || last.nonceAfter(marker) == null
                || (job.program().writesFile() && !last.fileReturned());
        long results = seen.stream().filter(o -> o.status().equals(Observation.SUCCEEDED))
                .map(o -> o.nonceAfter(marker)).filter(Objects::nonNull).distinct().count();
        boolean duplicated = completions > 1 || results > 1 || job.isIdempotencyBroken();
        String why = lost ? "lost: last seen " + (last == null ? "nothing" : last)
                : duplicated ? "duplicated: " + completions + " runs to the end, " + results
                        + " different results" + (job.isIdempotencyBroken() ? ", Idempotency-Key named another job" : "")
                : "ok";
        return new JobVerdict(lost, duplicated, job.attempt() > 1, why);
    }
}
