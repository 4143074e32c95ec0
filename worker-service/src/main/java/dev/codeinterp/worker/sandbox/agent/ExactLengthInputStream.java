package dev.codeinterp.worker.sandbox.agent;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Exactly {@code length} bytes of an underlying stream; an early end of the underlying stream is an error. */
final class ExactLengthInputStream extends InputStream {

    private final InputStream in;
    private long remaining;

    ExactLengthInputStream(InputStream in, long length) {
        this.in = in;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int b = in.read();
        if (b < 0) {
            throw new EOFException("Agent output ended " + remaining + " bytes early");
        }
        remaining--;
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            throw new EOFException("Agent output ended " + remaining + " bytes early");
        }
        remaining -= n;
        return n;
    }

    /** Skips what the consumer did not read, so the next entry starts at the right byte. */
    void drain() throws IOException {
        while (remaining > 0) {
            long skipped = in.skip(remaining);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("Agent output ended " + remaining + " bytes early");
                }
                skipped = 1;
            }
            remaining -= skipped;
        }
    }
}
