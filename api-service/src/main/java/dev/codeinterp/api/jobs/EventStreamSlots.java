package dev.codeinterp.api.jobs;

import dev.codeinterp.api.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The event streams open on this replica, each holding a {@link Slot}: at most {@code APP_MAX_EVENT_STREAMS} in all
 * (503 beyond) and {@code APP_CHAT_MAX_EVENT_STREAMS} per chat (429 beyond), each 0 for no limit. Every open stream
 * polls the job store ten times a second, so the limits bound what streams cost Redis.
 *
 * <p>A slot is taken before the answer's status is sent (so a refusal is a status, not a broken stream) and given back
 * when the stream ends. A stream touches its slot at every poll; a slot nobody touched for {@link #STALE} is no longer
 * counted, so a response whose stream never started (its client left first) cannot hold a slot forever. A stream
 * that polls again after that counts again.
 */
public final class EventStreamSlots {

    static final Duration STALE = Duration.ofSeconds(10);
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    /** Why a stream was refused. */
    public enum Refusal {
        /** {@code APP_MAX_EVENT_STREAMS} streams are open on this replica. */
        REPLICA_FULL,
        /** {@code APP_CHAT_MAX_EVENT_STREAMS} streams of this chat are open on this replica. */
        CHAT_FULL
    }

    /** Port: told each stream refused. */
    @FunctionalInterface
    public interface Refusals {

        Refusals NONE = refusal -> { };

        void refused(Refusal refusal);
    }

    private final int maxStreams;
    private final int chatMaxStreams;
    private final Refusals refusals;
    private final Clock clock;
    private final Set<Slot> open = new HashSet<>();

    /**
     * @param maxStreams     streams open at once on this replica; 0 = unlimited
     * @param chatMaxStreams streams of one chat open at once on this replica; 0 = unlimited
     */
    public EventStreamSlots(int maxStreams, int chatMaxStreams, Refusals refusals, Clock clock) {
        if (maxStreams < 0 || chatMaxStreams < 0) {
            throw new IllegalArgumentException("stream limits must be 0 (unlimited) or positive");
        }
        this.maxStreams = maxStreams;
        this.chatMaxStreams = chatMaxStreams;
        this.refusals = refusals;
        this.clock = clock;
    }

    /** A slot for one more stream of the chat, or the refusal (503 or 429, with {@code Retry-After}). */
    public synchronized Slot take(String chatId) {
        Instant now = clock.instant();
        open.removeIf(slot -> slot.isStale(now));
        if (maxStreams > 0 && open.size() >= maxStreams) {
            refusals.refused(Refusal.REPLICA_FULL);
            throw ApiException.unavailable("Too many event streams are open (" + maxStreams + "); try again later",
                    RETRY_AFTER);
        }
        if (chatMaxStreams > 0 && open.stream().filter(slot -> slot.chatId.equals(chatId)).count() >= chatMaxStreams) {
            refusals.refused(Refusal.CHAT_FULL);
            throw ApiException.tooManyRequests("Chat " + chatId + " already has " + chatMaxStreams
                    + " event streams open; try again when one ends", RETRY_AFTER);
        }
        Slot slot = new Slot(chatId, now);
        open.add(slot);
        return slot;
    }

    /** Streams open now (stale slots not counted). */
    public synchronized int openCount() {
        Instant now = clock.instant();
        return (int) open.stream().filter(slot -> !slot.isStale(now)).count();
    }

    private synchronized void touched(Slot slot) {
        slot.touchedAt = clock.instant();
        if (!slot.closed) {
            open.add(slot);
        }
    }

    private synchronized void released(Slot slot) {
        slot.closed = true;
        open.remove(slot);
    }

    /** One open stream's place; {@link #close} gives it back (at most once counts). */
    public final class Slot implements AutoCloseable {

        private final String chatId;
        /** Both guarded by the outer instance. */
        private Instant touchedAt;
        private boolean closed;

        private Slot(String chatId, Instant touchedAt) {
            this.chatId = chatId;
            this.touchedAt = touchedAt;
        }

        /** The stream is alive: called at each poll. */
        public void touch() {
            touched(this);
        }

        @Override
        public void close() {
            released(this);
        }

        private boolean isStale(Instant now) {
            return touchedAt.plus(STALE).isBefore(now);
        }
    }
}
