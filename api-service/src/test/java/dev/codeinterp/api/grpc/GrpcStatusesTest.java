package dev.codeinterp.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.api.failure.InconsistentStateException;
import dev.codeinterp.api.failure.ServiceUnavailableException;
import dev.codeinterp.api.web.ApiException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpStatus;

class GrpcStatusesTest {

    @ParameterizedTest
    @CsvSource({"BAD_REQUEST, INVALID_ARGUMENT", "CONTENT_TOO_LARGE, INVALID_ARGUMENT",
            "UNAUTHORIZED, UNAUTHENTICATED", "FORBIDDEN, PERMISSION_DENIED", "NOT_FOUND, NOT_FOUND",
            "CONFLICT, ALREADY_EXISTS", "TOO_MANY_REQUESTS, RESOURCE_EXHAUSTED", "SERVICE_UNAVAILABLE, UNAVAILABLE",
            "GATEWAY_TIMEOUT, DEADLINE_EXCEEDED", "INTERNAL_SERVER_ERROR, INTERNAL"})
    void shouldKeepTheHttpDetailAsTheDescriptionWhenMappingAnApiException(HttpStatus http, Status.Code code) {
        StatusRuntimeException status = GrpcStatuses.of(new ApiException(http, "the detail", null));

        assertThat(status.getStatus().getCode()).isEqualTo(code);
        assertThat(status.getStatus().getDescription()).isEqualTo("the detail");
    }

    @Test
    void shouldSendRetryAfterAsATrailerWhenTheQueueIsUnavailable() {
        StatusRuntimeException status = GrpcStatuses.of(new ServiceUnavailableException("queue down",
                Duration.ofSeconds(5)));

        assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status.getStatus().getDescription()).isEqualTo("queue down");
        assertThat(status.getTrailers().get(GrpcStatuses.RETRY_AFTER)).isEqualTo("5");
    }

    @Test
    void shouldAnswerUnavailableWhenADataStoreFails() {
        StatusRuntimeException status = GrpcStatuses.of(new QueryTimeoutException("redis timed out"));

        assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status.getStatus().getDescription()).doesNotContain("redis");
    }

    @Test
    void shouldAnswerInternalWithItsMessageWhenStateIsInconsistent() {
        StatusRuntimeException status = GrpcStatuses.of(new InconsistentStateException("result of job j is gone"));

        assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(status.getStatus().getDescription()).isEqualTo("result of job j is gone");
    }

    @Test
    void shouldHideTheMessageWhenTheFailureIsUnexpected() {
        StatusRuntimeException status = GrpcStatuses.of(new IllegalStateException("secret internals"));

        assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(status.getStatus().getDescription()).isEqualTo("Internal server error");
    }
}
