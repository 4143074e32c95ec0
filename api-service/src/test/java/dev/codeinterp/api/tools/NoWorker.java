package dev.codeinterp.api.tools;

import dev.codeinterp.api.config.ApiProperties;
import dev.codeinterp.api.admission.InMemoryAdmissionControl;
import dev.codeinterp.api.execution.ExecuteCode;
import dev.codeinterp.common.files.InMemoryGrantLedger;
import dev.codeinterp.common.files.RecordingOrphanedObjects;
import dev.codeinterp.common.job.InMemoryJobStore;
import java.time.Clock;
import java.util.ArrayList;
import reactor.core.publisher.Mono;

/** The execute use case for HTTP tests of the api alone: everything in memory, and any dispatched job fails. */
final class NoWorker {

    private NoWorker() {
    }

    static ExecuteCode executeCode(ApiProperties properties, Clock clock) {
        return new ExecuteCode(properties, new InMemoryGrantLedger(), new RecordingOrphanedObjects(new ArrayList<>()),
                new InMemoryJobStore(), (job, timeout) -> Mono.error(new IllegalStateException("No worker here")),
                InMemoryAdmissionControl.unlimited(), clock);
    }
}
