package dev.codeinterp.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.api.ApiWithoutInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Clients that send their whole body before reading the answer (Python's {@code urllib}, many scripts) over a real
 * socket with {@code Connection: close}: a body over the limit must still get its 413 problem, not a reset.
 */
@SpringBootTest(classes = ApiWithoutInfrastructure.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "app.http-listen-addr=127.0.0.1:0", "app.file-size-limit=1Mi",
                "app.max-request-size=64Ki", "app.upload-temp-dir=${java.io.tmpdir}/oversized-body-http-test"})
class OversizedBodyHttpTest {

    @LocalServerPort
    int port;

    @Test
    void shouldAnswerAReadable413WhenAJsonBodyOverTheLimitIsSentWholeBeforeReading() throws IOException {
        byte[] body = new byte[4 * 1024 * 1024];
        Arrays.fill(body, (byte) ' ');

        String response = sendWholeThenRead("/v1/execute", "application/json", body);

        assertThat(response).startsWith("HTTP/1.1 413");
        assertThat(response).contains("\"detail\":\"Request body is larger than 65536 bytes\"");
    }

    @Test
    void shouldAnswerAReadable413ToPythonUrllibWhenTheUploadIsOverTheLimit() throws Exception {
        Path script = Path.of(getClass().getResource("/urllib_upload.py").toURI());
        Process python = new ProcessBuilder("/usr/bin/python3", script.toString(), Integer.toString(port),
                Integer.toString(64 * 1024 * 1024)).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(python.waitFor()).as(output).isZero();
        assertThat(output).startsWith("413 ").contains("\"detail\":\"File too large\"");
    }

    @Test
    void shouldAnswerReadablyWhenTheHandlerNeverReadsTheBody() throws IOException {
        String response = sendWholeThenRead("/v1/no-such-endpoint", "application/json", new byte[32 * 1024 * 1024]);

        assertThat(response).startsWith("HTTP/1.1 404");
    }

    /** What urllib does: the request line, headers and every byte of the body, and only then the answer. */
    private String sendWholeThenRead(String path, String contentType, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
                    + "Content-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int offset = 0; offset < body.length; offset += 64 * 1024) {
                out.write(body, offset, Math.min(64 * 1024, body.length - offset));
            }
            out.flush();
            return readAll(socket.getInputStream());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

}
