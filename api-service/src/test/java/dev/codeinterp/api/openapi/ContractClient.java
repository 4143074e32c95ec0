package dev.codeinterp.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.function.UnaryOperator;

/**
 * Sends calls to a running api and holds each answer to its expected status and to the OpenAPI document the api
 * serves. {@code decorate} adds what every call of a test needs (an API key, a forwarded client address).
 */
final class ContractClient {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;
    private final UnaryOperator<ApiCall> decorate;
    private OpenApiContract contract;

    ContractClient(int port, UnaryOperator<ApiCall> decorate) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.decorate = decorate;
    }

    /** Reads the document the api serves (with {@code decorate}d access) and holds every later answer to it. */
    OpenApiContract readServedDocument() {
        ApiAnswer served = send(decorate.apply(ApiCall.get("/v1/openapi.json")));
        assertThat(served.status()).as("GET /v1/openapi.json: " + served.text()).isEqualTo(200);
        contract = new OpenApiContract(served.text());
        return contract;
    }

    /** Sends the decorated call and checks its status and its agreement with the document. */
    ApiAnswer expect(ApiCall call, int status) {
        return expectAsIs(decorate.apply(call), status);
    }

    /** Sends the call as it is, undecorated, and checks it as {@link #expect} does. */
    ApiAnswer expectAsIs(ApiCall call, int status) {
        ApiAnswer answer = send(call);
        assertThat(answer.status()).as(call.method() + " " + call.path() + ": " + answer.text()).isEqualTo(status);
        assertThat(contract.problemsOf(call, answer)).as(call.method() + " " + call.path() + " " + status + ": "
                + answer.text()).isEmpty();
        return answer;
    }

    ApiCall decorated(ApiCall call) {
        return decorate.apply(call);
    }

    ApiAnswer send(ApiCall call) {
        try {
            return ApiAnswer.of(http.send(call.toHttp(baseUrl), HttpResponse.BodyHandlers.ofByteArray()));
        } catch (HttpTimeoutException e) {
            // A rare unanswered call (seen once in CI): where the api's threads were tells why next time.
            System.err.println("No answer to " + call.method() + " " + call.path() + "; threads of this JVM:");
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                System.err.println("\"" + thread.getName() + "\" " + thread.getState());
                for (StackTraceElement frame : stack) {
                    System.err.println("    at " + frame);
                }
            });
            throw new IllegalStateException(call.method() + " " + call.path() + " failed", e);
        } catch (IOException e) {
            throw new IllegalStateException(call.method() + " " + call.path() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
