package dev.codeinterp.api.openapi;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One request as it goes over the wire, kept so that the very same method, path, query, headers and body can be
 * sent to the server and shown to the OpenAPI validator.
 */
record ApiCall(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body) {

    static ApiCall get(String path) {
        return new ApiCall("GET", path, Map.of(), Map.of(), new byte[0]);
    }

    static ApiCall delete(String path) {
        return new ApiCall("DELETE", path, Map.of(), Map.of(), new byte[0]);
    }

    static ApiCall postJson(String path, String json) {
        return new ApiCall("POST", path, Map.of(), Map.of("Content-Type", "application/json"),
                json.getBytes(StandardCharsets.UTF_8));
    }

    static ApiCall post(String path, String contentType, byte[] body) {
        return new ApiCall("POST", path, Map.of(), Map.of("Content-Type", contentType), body);
    }

    ApiCall query(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(query);
        more.put(name, value);
        return new ApiCall(method, path, more, headers, body);
    }

    ApiCall header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiCall(method, path, query, more, body);
    }

    HttpRequest toHttp(String baseUrl) {
        String queryString = query.isEmpty() ? "" : "?" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path + queryString))
                .timeout(Duration.ofSeconds(30))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return request.build();
    }

    Request toValidated() {
        SimpleRequest.Builder request = new SimpleRequest.Builder(method, path);
        query.forEach(request::withQueryParam);
        headers.forEach(request::withHeader);
        if (body.length > 0) {
            request.withBody(body);
        }
        return request.build();
    }
}
