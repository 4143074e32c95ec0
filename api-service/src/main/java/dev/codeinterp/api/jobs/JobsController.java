package dev.codeinterp.api.jobs;

import dev.codeinterp.api.chat.ChatIds;
import dev.codeinterp.api.execution.ExecuteRequest;
import dev.codeinterp.api.execution.ExecuteRequestParser;
import dev.codeinterp.api.execution.ExecuteRequestSettings;
import dev.codeinterp.api.execution.IdempotencyKey;
import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.api.web.JsonBodies;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
class JobsController {

    private static final Logger log = LoggerFactory.getLogger(JobsController.class);
    private static final String LAST_EVENT_ID = "Last-Event-ID";

    private final JsonBodies bodies;
    private final JsonMapper mapper;
    private final ExecuteRequestParser parser;
    private final ExecuteRequestSettings requestSettings;
    private final JobsSettings settings;
    private final SubmitJob submitJob;
    private final TrackJobs trackJobs;
    private final FollowJob followJob;
    private final EventStreamSlots streams;
    private final CallbackUrlField callbackUrl;

    JobsController(JsonBodies bodies, JsonMapper mapper, ExecuteRequestParser parser,
            ExecuteRequestSettings requestSettings, JobsSettings settings, SubmitJob submitJob, TrackJobs trackJobs,
            FollowJob followJob, EventStreamSlots streams, CallbackUrlField callbackUrl) {
        this.bodies = bodies;
        this.mapper = mapper;
        this.parser = parser;
        this.requestSettings = requestSettings;
        this.settings = settings;
        this.submitJob = submitJob;
        this.trackJobs = trackJobs;
        this.followJob = followJob;
        this.streams = streams;
        this.callbackUrl = callbackUrl;
    }

    @PostMapping(path = "/v1/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<AcceptedJob>> submit(ServerHttpRequest request,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) String idempotencyKey) {
        return bodies.read(request)
                .flatMap(body -> idempotencyKey == null ? submitJob.submit(parser.parse(body), callbackOf(body))
                        : submitJob.submit(parser.parse(body), callbackOf(body),
                                IdempotencyKey.of(idempotencyKey, body, mapper)))
                .map(job -> ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/v1/jobs/" + job.jobId()))
                        .body(job));
    }

    @PostMapping(path = "/v1/jobs/batch", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Map<String, List<BatchEntry>>>> submitBatch(ServerHttpRequest request) {
        return bodies.read(request)
                .flatMapMany(body -> Flux.fromIterable(entries(body)))
                .concatMap(entry -> Mono.fromCallable(() -> parser.parse(entry))
                        .flatMap(parsed -> submitJob.submit(parsed, callbackOf(entry)))
                        .map(BatchEntry::accepted)
                        .onErrorResume(e -> {
                            if (!(e instanceof ApiException)) {
                                log.warn("A batch entry failed", e);
                            }
                            return Mono.just(BatchEntry.refused(e));
                        }))
                .collectList()
                .map(entries -> ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("jobs", entries)));
    }

    @GetMapping(path = "/v1/jobs/{jobId}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<JobView> find(@PathVariable String jobId, @RequestParam(name = "chat_id", required = false) String chatId) {
        String chat = chatOf(chatId);
        return blocking(() -> trackJobs.find(jobId, chat));
    }

    /** The job's events as Server-Sent Events; {@code Last-Event-ID} resumes after the event it names. */
    @GetMapping(path = "/v1/jobs/{jobId}/events")
    Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> events(@PathVariable String jobId,
            @RequestParam(name = "chat_id", required = false) String chatId,
            @RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId) {
        String chat = chatOf(chatId);
        EventCursor from = EventCursor.parse(lastEventId);
        return blocking(() -> trackJobs.find(jobId, chat))
                .map(found -> eventStream(followJob.events(jobId, chat, from, streams.take(chat))));
    }

    /**
     * Runs one job (as {@code POST /v1/jobs}) and streams its events in the response. The stream's slot is taken
     * first: a job is never queued for a stream that is then refused.
     */
    @PostMapping(path = "/v1/execute/stream")
    Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> executeStreaming(ServerHttpRequest request) {
        return bodies.read(request).flatMap(body -> {
            ExecuteRequest parsed = parser.parse(body);
            EventStreamSlots.Slot slot = streams.take(parsed.chatId());
            return Mono.defer(() -> submitJob.submit(parsed)) // a refusal thrown at once also gives the slot back
                    .doOnError(e -> slot.close())
                    .doOnCancel(slot::close)
                    .map(job -> eventStream(followJob.events(job.jobId(), job.chatId(), EventCursor.START, slot)));
        });
    }

    @DeleteMapping(path = "/v1/jobs/{jobId}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<JobView> cancel(@PathVariable String jobId, @RequestParam(name = "chat_id", required = false) String chatId) {
        String chat = chatOf(chatId);
        return blocking(() -> trackJobs.cancel(jobId, chat));
    }

    private static ResponseEntity<Flux<ServerSentEvent<Object>>> eventStream(Flux<JobEvent> events) {
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("X-Accel-Buffering", "no") // proxies such as nginx pass each event on at once
                .body(events.map(JobsController::serverSentEvent));
    }

    private static ServerSentEvent<Object> serverSentEvent(JobEvent event) {
        return event.isKeepAlive() ? ServerSentEvent.builder().comment("keep-alive").build()
                : ServerSentEvent.builder(event.data()).id(event.id()).event(event.name()).build();
    }

    /** The entries of {@code {"jobs": [...]}} (also wrapped as {@code {"requestBody": {...}}}). */
    private List<JsonNode> entries(JsonNode body) {
        JsonNode root = body.has("requestBody") && body.get("requestBody").isObject() ? body.get("requestBody") : body;
        JsonNode jobs = root.get("jobs");
        if (jobs == null || !jobs.isArray()) {
            throw ApiException.badRequest("Field 'jobs' must be an array of execute requests");
        }
        if (jobs.isEmpty() || jobs.size() > settings.maxBatchSize()) {
            throw ApiException.badRequest("Field 'jobs' must hold 1 to " + settings.maxBatchSize()
                    + " execute requests; it holds " + jobs.size());
        }
        return jobs.valueStream().toList();
    }

    private String callbackOf(JsonNode body) {
        return callbackUrl.read(body).orElse(null);
    }

    private String chatOf(String chatId) {
        return ChatIds.resolve(Optional.ofNullable(chatId), requestSettings.requireChatId());
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
