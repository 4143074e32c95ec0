package dev.codeinterp.api.infra.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.api.admission.AdmissionControl;
import dev.codeinterp.api.admission.AdmissionLimits;
import dev.codeinterp.api.admission.AdmitAll;
import dev.codeinterp.api.admission.ChatRateLimit;
import dev.codeinterp.api.admission.JobSlot;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Redis is only used for admission when some limit is on; with none, every job is admitted without it. */
class RedisAdmissionConfigurationTest {

    private final RedisAdmissionConfiguration configuration = new RedisAdmissionConfiguration();
    // Never connected: neither choice touches Redis while it is being wired.
    private final StringRedisTemplate redis = new StringRedisTemplate();

    @Test
    void shouldAdmitEveryJobWithoutRedisWhenEveryLimitIsOff() {
        AdmissionControl admission = configuration.admissionControl(AdmissionLimits.none(), redis, (chatId, jobId) -> { });

        assertThat(admission).isInstanceOf(AdmitAll.class);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(admission.admit(new JobSlot("chat", "job", now.plusSeconds(60)), now).isAdmitted()).isTrue();
    }

    @Test
    void shouldUseRedisWhenAnyLimitIsOn() {
        AdmissionControl admission = configuration.admissionControl(
                new AdmissionLimits(0, 1, ChatRateLimit.UNLIMITED), redis, (chatId, jobId) -> { });

        assertThat(admission).isInstanceOf(RedisAdmissionControl.class);
    }
}
