package dev.codeinterp.local.faults;

import java.util.Map;
import java.util.SortedMap;

/**
 * The counts of one kind of job (sync or async).
 *
 * @param runs     programs run to their end, per the workers' logs (at least {@code succeeded}: fewer means the
 *                 workers' log line is not being found)
 * @param refusals jobs not accepted, by HTTP status (or {@code io} when no answer came)
 * @param examples a few job ids with what went wrong, for lost and duplicated jobs
 */
record KindTally(int submitted, int accepted, int succeeded, int lost, int duplicated, int rerun, int runs,
        SortedMap<String, Integer> refusals, Map<String, String> examples) {
}
