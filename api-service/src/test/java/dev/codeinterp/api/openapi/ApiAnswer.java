package dev.codeinterp.api.openapi;

import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleResponse;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A response as it came over the wire: status, headers and the whole body. */
record ApiAnswer(int status, Map<String, List<String>> headers, byte[] body) {

    static ApiAnswer of(HttpResponse<byte[]> response) {
        return new ApiAnswer(response.statusCode(), response.headers().map(), response.body());
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    Response toValidated() {
        SimpleResponse.Builder response = new SimpleResponse.Builder(status);
        // HTTP/2 pseudo headers and the like are not the API's
        headers.forEach((name, values) -> {
            if (!name.startsWith(":")) {
                response.withHeader(name, values);
            }
        });
        if (body.length > 0) {
            response.withBody(body);
        }
        return response.build();
    }
}
