package dev.codeinterp.api.files;

import static dev.codeinterp.api.config.ApiPropertiesBuilder.defaultApiProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeinterp.api.config.ApiProperties;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Pooled buffers through the real multipart parser: whether the form is accepted or refused, and wherever the body
 * happens to be cut into buffers, each buffer is released exactly once (a second release would corrupt Netty's pool).
 */
class UploadFormReaderTest {

    private static final String BOUNDARY = "b0undary";

    @TempDir
    Path staging;
    private final List<ByteBuf> sent = new CopyOnWriteArrayList<>();

    @ParameterizedTest
    @CsvSource({"hello.txt, 100, ", "../x, 100, Invalid filename", "hello.txt, 3, File too large"})
    void shouldReleaseEveryBufferOnceWhereverTheBodyIsCut(String filename, long maxBytes, String refusal)
            throws IOException {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\nchat\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\nhello\r\n--" + BOUNDARY + "--\r\n";
        for (int size = 1; size <= body.length(); size++) {
            sent.clear();
            StagedFile staged = StagedFile.create(staging, maxBytes);

            Throwable error = read(pieces(body, size), staged);
            staged.delete();

            if (refusal == null) {
                assertThat(error).as("cut every %d bytes", size).isNull();
            } else {
                assertThat(error).as("cut every %d bytes", size).hasMessage(refusal);
            }
            // A refusal is answered at once while the rest of the body is still being read and released.
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(sent).allSatisfy(buf -> assertThat(buf.refCnt()).isZero()));
        }
    }

    private Throwable read(List<String> pieces, StagedFile staged) {
        ApiProperties properties = defaultApiProperties().build();
        UploadFormReader reader = new UploadFormReader(new UploadRequestParser(properties.fileSettings(),
                properties.expiryPolicy()));
        MockServerHttpRequest request = MockServerHttpRequest.post("/v1/upload")
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .body(Flux.fromIterable(pieces).map(this::pooledBuffer));
        return reader.read(new MultipartBodies().read(request), staged).then(Mono.<Throwable>empty())
                .onErrorResume(Mono::just).block();
    }

    private static List<String> pieces(String body, int size) {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < body.length(); i += size) {
            pieces.add(body.substring(i, Math.min(body.length(), i + size)));
        }
        return pieces;
    }

    private NettyDataBuffer pooledBuffer(String text) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer().writeBytes(text.getBytes(StandardCharsets.UTF_8));
        sent.add(buf);
        return new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT).wrap(buf);
    }
}
