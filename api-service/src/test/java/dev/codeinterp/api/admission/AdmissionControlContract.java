package dev.codeinterp.api.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AdmissionControl} must do. Each adapter's test extends this class and supplies an empty instance
 * with the given limits. Time is the {@code now} the tests pass, never a wall clock.
 */
public abstract class AdmissionControlContract {

    protected static final Instant NOW = Instant.parse("2100-01-01T00:00:00Z");
    private static final Duration HOLD = Duration.ofMinutes(2);

    /** An instance holding no slots and no history, enforcing {@code limits}. */
    protected abstract AdmissionControl newAdmissionControl(AdmissionLimits limits);

    private final String chat = "chat-" + UUID.randomUUID();

    @Test
    void shouldAdmitEverythingWhenNoLimitIsSet() {
        AdmissionControl admission = newAdmissionControl(AdmissionLimits.none());

        for (int i = 0; i < 50; i++) {
            assertThat(admission.admit(slot(chat), NOW).isAdmitted()).isTrue();
        }
    }

    @Test
    void shouldRefuseTheChatWhenItHasMaxConcurrentJobsInFlight() {
        AdmissionControl admission = newAdmissionControl(limits(0, 2, ChatRateLimit.UNLIMITED));
        admission.admit(slot(chat), NOW);
        admission.admit(slot(chat), NOW);

        assertThat(admission.admit(slot(chat), NOW).outcome()).isEqualTo(Admission.Outcome.CHAT_BUSY);
    }

    @Test
    void shouldAdmitAnotherChatWhenOneChatIsBusy() {
        AdmissionControl admission = newAdmissionControl(limits(0, 1, ChatRateLimit.UNLIMITED));
        admission.admit(slot(chat), NOW);

        assertThat(admission.admit(slot(chat + "-other"), NOW).isAdmitted()).isTrue();
    }

    @Test
    void shouldAdmitTheChatAgainWhenASlotIsReleased() {
        AdmissionControl admission = newAdmissionControl(limits(0, 1, ChatRateLimit.UNLIMITED));
        JobSlot first = slot(chat);
        admission.admit(first, NOW);

        admission.release(first);

        assertThat(admission.admit(slot(chat), NOW).isAdmitted()).isTrue();
    }

    @Test
    void shouldIgnoreASecondReleaseOfTheSameSlot() {
        AdmissionControl admission = newAdmissionControl(limits(0, 1, ChatRateLimit.UNLIMITED));
        JobSlot first = slot(chat);
        admission.admit(first, NOW);
        admission.release(first);
        admission.admit(slot(chat), NOW);

        admission.release(first);

        assertThat(admission.admit(slot(chat), NOW).outcome()).isEqualTo(Admission.Outcome.CHAT_BUSY);
    }

    @Test
    void shouldLetASlotLapseWhenItsLeaseEndsWithoutARelease() {
        AdmissionControl admission = newAdmissionControl(limits(1, 1, ChatRateLimit.UNLIMITED));
        JobSlot leaked = slot(chat);
        admission.admit(leaked, NOW);

        assertThat(admission.admit(slot(chat), leaked.heldUntil().minusMillis(1)).isAdmitted()).isFalse();
        assertThat(admission.admit(slot(chat), leaked.heldUntil()).isAdmitted()).isTrue();
    }

    @Test
    void shouldAnswerQueueFullWhenAllChatsTogetherReachTheGlobalBound() {
        AdmissionControl admission = newAdmissionControl(limits(3, 0, ChatRateLimit.UNLIMITED));
        admission.admit(slot("a-" + chat), NOW);
        admission.admit(slot("b-" + chat), NOW);
        admission.admit(slot("c-" + chat), NOW);

        assertThat(admission.admit(slot("d-" + chat), NOW).outcome()).isEqualTo(Admission.Outcome.QUEUE_FULL);
    }

    @Test
    void shouldAnswerQueueFullBeforeChatLimitsWhenBothApply() {
        AdmissionControl admission = newAdmissionControl(limits(1, 1, new ChatRateLimit(1, Duration.ofMinutes(1))));
        admission.admit(slot(chat), NOW);

        assertThat(admission.admit(slot(chat), NOW).outcome()).isEqualTo(Admission.Outcome.QUEUE_FULL);
    }

    @Test
    void shouldRateLimitTheChatAndSayWhenTheOldestExecutionLeavesTheWindow() {
        AdmissionControl admission = newAdmissionControl(limits(0, 0, new ChatRateLimit(2, Duration.ofMinutes(1))));
        admission.admit(slot(chat), NOW);
        admission.admit(slot(chat), NOW.plusSeconds(10));

        Admission refused = admission.admit(slot(chat), NOW.plusSeconds(15));

        assertThat(refused.outcome()).isEqualTo(Admission.Outcome.CHAT_RATE_LIMITED);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void shouldAdmitTheChatAgainWhenTheWindowHasSlidPastItsOldestExecution() {
        AdmissionControl admission = newAdmissionControl(limits(0, 0, new ChatRateLimit(2, Duration.ofMinutes(1))));
        admission.admit(slot(chat), NOW);
        admission.admit(slot(chat), NOW.plusSeconds(10));

        assertThat(admission.admit(slot(chat), NOW.plusSeconds(60)).isAdmitted()).isTrue();
        assertThat(admission.admit(slot(chat), NOW.plusSeconds(61)).outcome())
                .isEqualTo(Admission.Outcome.CHAT_RATE_LIMITED);
    }

    @Test
    void shouldCountReleasedExecutionsAgainstTheRate() {
        AdmissionControl admission = newAdmissionControl(limits(0, 0, new ChatRateLimit(1, Duration.ofMinutes(1))));
        JobSlot first = slot(chat);
        admission.admit(first, NOW);
        admission.release(first);

        assertThat(admission.admit(slot(chat), NOW.plusSeconds(1)).outcome())
                .isEqualTo(Admission.Outcome.CHAT_RATE_LIMITED);
    }

    @Test
    void shouldNotCountRefusedRequestsAgainstTheRate() {
        AdmissionControl admission = newAdmissionControl(limits(0, 1, new ChatRateLimit(2, Duration.ofMinutes(1))));
        JobSlot first = slot(chat);
        admission.admit(first, NOW);
        admission.admit(slot(chat), NOW);
        admission.admit(slot(chat), NOW);
        admission.release(first);

        assertThat(admission.admit(slot(chat), NOW.plusSeconds(1)).isAdmitted()).isTrue();
    }

    @Test
    void shouldRateLimitEachChatOnItsOwn() {
        AdmissionControl admission = newAdmissionControl(limits(0, 0, new ChatRateLimit(1, Duration.ofMinutes(1))));
        admission.admit(slot(chat), NOW);

        assertThat(admission.admit(slot(chat + "-other"), NOW).isAdmitted()).isTrue();
    }

    private static AdmissionLimits limits(int maxQueued, int maxPerChat, ChatRateLimit rate) {
        return new AdmissionLimits(maxQueued, maxPerChat, rate);
    }

    private static JobSlot slot(String chatId) {
        return new JobSlot(chatId, UUID.randomUUID().toString(), NOW.plus(HOLD));
    }
}
