package dev.codeinterp.api.openapi;

import java.util.ArrayList;
import java.util.List;

/** Reads a whole {@code text/event-stream} body into its events; comment lines (keep-alives) are skipped. */
final class ServerSentEvents {

    record Event(String id, String name, String data) {
    }

    private ServerSentEvents() {
    }

    static List<Event> parse(String stream) {
        List<Event> events = new ArrayList<>();
        for (String block : stream.replace("\r\n", "\n").split("\n\n")) {
            String id = null;
            String name = "message";
            StringBuilder data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("id:")) {
                    id = value(line);
                } else if (line.startsWith("event:")) {
                    name = value(line);
                } else if (line.startsWith("data:")) {
                    data = data == null ? new StringBuilder(value(line)) : data.append('\n').append(value(line));
                }
            }
            if (data != null) {
                events.add(new Event(id, name, data.toString()));
            }
        }
        return events;
    }

    private static String value(String line) {
        String value = line.substring(line.indexOf(':') + 1);
        return value.startsWith(" ") ? value.substring(1) : value;
    }
}
