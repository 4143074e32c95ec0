package dev.codeinterp.worker.sandbox.agent;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** An input file held in memory, for tests that hand inputs to a sandbox. */
public record InMemoryInput(String path, byte[] content) implements InputContent {

    public static InMemoryInput of(String path, String content) {
        return new InMemoryInput(path, content.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public long size() {
        return content.length;
    }

    @Override
    public InputStream open() {
        return new ByteArrayInputStream(content);
    }
}
