package dev.codeinterp.api.files;

import dev.codeinterp.api.web.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * Reads an upload form as it arrives: the {@code upload} part streams into a {@link StagedFile} (its name checked
 * before any byte is read), text fields are kept, other parts are skipped. Parts may come in any order.
 *
 * <p>A refusal (bad name, file too large) is answered at once, but the rest of the body is still read and released
 * rather than cancelled: Spring's multipart parser releases the buffers it is emitting when it is cancelled in the
 * middle of emitting them, so cancelling it from here would release them twice. Reading stops when the body ends or
 * the server closes the connection after the answer. Everything runs on a worker thread, one hop away from the event
 * loop: writing the file blocks, and the answer must not be written from inside the parser either.
 */
final class UploadFormReader {

    static final String FILE_PART = "upload";
    /** Events queued for the worker: a few hundred KiB at most, so memory stays flat whatever the size. */
    private static final int QUEUED_EVENTS = 16;
    private static final Logger log = LoggerFactory.getLogger(UploadFormReader.class);

    private final UploadRequestParser parser;

    UploadFormReader(UploadRequestParser parser) {
        this.parser = parser;
    }

    Mono<UploadRequest> read(Flux<PartEvent> events, StagedFile staged) {
        return Mono.create(sink -> {
            Form form = new Form(staged, sink);
            events.publishOn(Schedulers.boundedElastic(), QUEUED_EVENTS)
                    .subscribe(form::accept, form::fail, form::complete);
        });
    }

    /** The form so far; its methods run one at a time on the worker. */
    private final class Form {

        private final StagedFile staged;
        private final MonoSink<UploadRequest> sink;
        private final Map<String, String> fields = new LinkedHashMap<>();
        private String filename;
        private boolean inFilePart;
        private boolean inPart;
        private Throwable refusal;

        Form(StagedFile staged, MonoSink<UploadRequest> sink) {
            this.staged = staged;
            this.sink = sink;
        }

        /** Takes the event unless the upload was refused; either way its buffer is released here, once. */
        void accept(PartEvent event) {
            try {
                if (refusal == null) {
                    take(event);
                }
            } catch (RuntimeException | IOException e) {
                refuse(e instanceof IOException io ? new UncheckedIOException(io) : e);
            } finally {
                DataBufferUtils.release(event.content());
            }
        }

        private void take(PartEvent event) throws IOException {
            if (!inPart) {
                startPart(event);
            }
            if (inFilePart) {
                staged.append(event.content());
            } else if (event instanceof FormPartEvent field) {
                fields.putIfAbsent(field.name(), field.value());
            }
            if (event.isLast()) {
                endPart();
            }
        }

        private void startPart(PartEvent event) {
            inPart = true;
            inFilePart = FILE_PART.equals(event.name());
            if (inFilePart) {
                String name = event.headers().getContentDisposition().getFilename();
                if (!FileNames.isValid(name)) {
                    throw ApiException.badRequest(FileNames.INVALID);
                }
                if (filename != null) {
                    throw ApiException.badRequest("Only one 'upload' part is allowed");
                }
                filename = name;
            }
        }

        private void endPart() throws IOException {
            if (inFilePart) {
                staged.finish();
            }
            inPart = false;
            inFilePart = false;
        }

        private void refuse(Throwable e) {
            refusal = e;
            log.debug("Upload refused, reading the rest of the body without keeping it: {}", e.getMessage());
            sink.error(e);
        }

        void fail(Throwable e) {
            if (refusal == null) {
                refusal = e;
                sink.error(e);
            }
        }

        void complete() {
            if (refusal != null) {
                return;
            }
            try {
                sink.success(parser.parse(fields, filename));
            } catch (RuntimeException e) {
                sink.error(e);
            }
        }
    }
}
