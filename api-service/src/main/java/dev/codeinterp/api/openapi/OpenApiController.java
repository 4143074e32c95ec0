package dev.codeinterp.api.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the API's OpenAPI document, {@value #DOCUMENT}, as it is shipped. The document is kept by hand next to the
 * controllers rather than inferred: they read their bodies themselves (aliases, wrapped bodies, multipart streams),
 * so an inferred document would describe none of their fields or statuses. {@code OpenApiContractHttpTest} holds
 * it to what the api really answers. Served under the same access rules as every other path.
 */
@RestController
class OpenApiController {

    static final String PATH = "/v1/openapi.json";
    static final String DOCUMENT = "openapi.json";

    private final byte[] document;

    OpenApiController() {
        this.document = read();
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> document() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(document);
    }

    private static byte[] read() {
        try (InputStream in = OpenApiController.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException("The OpenAPI document " + DOCUMENT + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
