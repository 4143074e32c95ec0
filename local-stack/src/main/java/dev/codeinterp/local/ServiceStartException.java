package dev.codeinterp.local;

import java.util.ArrayList;
import java.util.List;

/** One of the services of the local stack did not start; the message names it and says why, cause by cause. */
public final class ServiceStartException extends RuntimeException {

    private final String service;

    public ServiceStartException(String service, Throwable cause) {
        super(service + " failed to start: " + reasons(cause), cause);
        this.service = service;
    }

    public String service() {
        return service;
    }

    /**
     * The outermost message and the last two distinct ones of the cause chain: Spring wraps a bad setting in several
     * bean-creation failures whose messages repeat each other, and the innermost name the setting and the value.
     */
    static String reasons(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null && messages.size() < 50; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
            if (!messages.contains(message)) {
                messages.add(message);
            }
        }
        List<String> kept = new ArrayList<>(messages.subList(Math.max(1, messages.size() - 2), messages.size()));
        kept.add(0, messages.get(0));
        return String.join("\n  caused by: ", kept);
    }
}
