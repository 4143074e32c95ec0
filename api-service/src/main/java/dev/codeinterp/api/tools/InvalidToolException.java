package dev.codeinterp.api.tools;

import java.util.List;

/** Tool source that does not describe a valid tool; {@link #messages()} are the exact strings clients expect. */
public final class InvalidToolException extends RuntimeException {

    private final List<String> messages;

    InvalidToolException(List<String> messages) {
        super(String.join("; ", messages), null, false, false);
        this.messages = List.copyOf(messages);
    }

    InvalidToolException(String message) {
        this(List.of(message));
    }

    public List<String> messages() {
        return messages;
    }
}
