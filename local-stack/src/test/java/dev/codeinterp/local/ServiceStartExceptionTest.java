package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceStartExceptionTest {

    @Test
    void shouldNameTheServiceTheOutermostAndTheInnermostReasonsWhenSpringWrapsABadSetting() {
        Throwable failure = new IllegalStateException("Unable to start reactive web server",
                new IllegalStateException("Error creating bean 'listenAddress'",
                        new IllegalStateException("Error creating bean 'webSettings'",
                                new IllegalStateException("Failed to instantiate ApiProperties",
                                        new IllegalArgumentException("APP_MAX_REQUEST_SIZE must be a size")))));

        assertThat(new ServiceStartException("api-service", failure)).hasMessage("""
                api-service failed to start: Unable to start reactive web server
                  caused by: Failed to instantiate ApiProperties
                  caused by: APP_MAX_REQUEST_SIZE must be a size""");
    }

    @Test
    void shouldGiveTheMessageOnceWhenTheChainRepeatsIt() {
        Throwable failure = new IllegalStateException("bad", new IllegalStateException("bad"));

        assertThat(new ServiceStartException("worker-service", failure))
                .hasMessage("worker-service failed to start: bad");
    }
}
