package dev.codeinterp.api.jobs;

import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.job.LiveOutput;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far a client has followed a job's events, carried as each event's id so that {@code Last-Event-ID} resumes
 * exactly there: the position of the last output chunk sent, the status and attempt last announced, and whether the
 * result was sent (then nothing follows). Written {@code <position>/<status>/<attempt>}, plus {@code /end} after the
 * result.
 *
 * @param status null before any status was announced
 */
record EventCursor(String position, JobStatus status, int attempt, boolean ended) {

    private static final Pattern ID = Pattern.compile("(" + LiveOutput.POSITION.pattern() + ")/([a-z_]{1,16})/"
            + "(0|[1-9][0-9]{0,2})(/end)?");

    private static final String NO_STATUS = "none";

    /** Where a client that has seen nothing starts. */
    static final EventCursor START = new EventCursor(LiveOutput.START, null, 0, false);

    /** The cursor a client sent back ({@code Last-Event-ID}); null or blank starts from the beginning. */
    static EventCursor parse(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return START;
        }
        Matcher id = ID.matcher(lastEventId.strip());
        if (!id.matches() || !id.group(4).equals(NO_STATUS) && statusNamed(id.group(4)) == null) {
            throw ApiException.badRequest("Last-Event-ID is not an id this stream sent");
        }
        return new EventCursor(id.group(1), statusNamed(id.group(4)), Integer.parseInt(id.group(5)),
                id.group(6) != null);
    }

    String id() {
        return position + "/" + (status == null ? NO_STATUS : status.wireName()) + "/" + attempt + (ended ? "/end" : "");
    }

    EventCursor at(String newPosition) {
        return new EventCursor(newPosition, status, attempt, ended);
    }

    EventCursor announcing(JobStatus newStatus, int newAttempt) {
        return new EventCursor(position, newStatus, newAttempt, ended);
    }

    EventCursor ending() {
        return new EventCursor(position, status, attempt, true);
    }

    private static JobStatus statusNamed(String name) {
        for (JobStatus status : JobStatus.values()) {
            if (status.wireName().equals(name)) {
                return status;
            }
        }
        return null;
    }
}
