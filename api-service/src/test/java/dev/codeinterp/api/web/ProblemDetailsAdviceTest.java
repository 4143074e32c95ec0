package dev.codeinterp.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.api.failure.InconsistentStateException;
import dev.codeinterp.api.failure.ServiceUnavailableException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Every failure leaves as problem details with a detail; nothing internal leaks. */
class ProblemDetailsAdviceTest {

    private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice();

    @Test
    void shouldCarryStatusDetailAndRetryAfterOfAClassifiedFailure() {
        ResponseEntity<ProblemDetail> response = advice.handleApiException(
                ApiException.unavailable("No sandbox became free in time", Duration.ofSeconds(7)));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
        assertThat(response.getBody().getDetail()).isEqualTo("No sandbox became free in time");
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenADependencyIsUnavailable() {
        ResponseEntity<ProblemDetail> response = advice.handleUnavailable(
                new ServiceUnavailableException("The job queue is unavailable", Duration.ofSeconds(5)));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(response.getBody().getDetail()).isEqualTo("The job queue is unavailable");
    }

    @Test
    void shouldAnswer500WithItsMessageWhenStateIsInconsistent() {
        ResponseEntity<ProblemDetail> response = advice.handleInconsistentState(
                new InconsistentStateException("The result of job j-1 was lost"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNull();
        assertThat(response.getBody().getDetail()).isEqualTo("The result of job j-1 was lost");
    }

    @Test
    void shouldAnswer503WhenRedisIsUnreachable() {
        ResponseEntity<ProblemDetail> response = advice.handleStoreUnavailable(
                new RedisConnectionFailureException("Unable to connect to 10.0.0.7:6379"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
        assertThat(response.getBody().getDetail()).doesNotContain("10.0.0.7");
    }

    @Test
    void shouldAnswer500WithoutInternalsWhenTheFailureIsUnexpected() {
        ResponseEntity<ProblemDetail> response = advice.handleUnexpected(
                new IllegalStateException("secret internal state at /srv/app"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(response.getBody().getDetail()).isEqualTo("Internal server error");
    }
}
