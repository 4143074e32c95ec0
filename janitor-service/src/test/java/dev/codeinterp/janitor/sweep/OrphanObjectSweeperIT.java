package dev.codeinterp.janitor.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.files.FileStore;
import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.GrantLimits;
import dev.codeinterp.common.files.OrphanedObjects;
import dev.codeinterp.common.infra.redis.FileKeys;
import dev.codeinterp.common.infra.redis.RedisGrantLedger;
import dev.codeinterp.common.infra.redis.RedisOrphanedObjects;
import dev.codeinterp.common.infra.redis.RedisServerExtension;
import dev.codeinterp.common.infra.s3.S3FileStore;
import dev.codeinterp.common.infra.s3.S3ServerExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class OrphanObjectSweeperIT {

    // Far ahead, so Redis's own key expiry never removes what the sweepers are expected to remove.
    private static final Instant NOW = Instant.parse("2100-01-01T12:00:00Z");
    private static final Duration GRACE = Duration.ofHours(1);
    private static final Instant AFTER_GRACE = NOW.plus(GRACE).plusSeconds(1);
    private static final int BATCH_SIZE = 2;

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();
    @RegisterExtension
    static final S3ServerExtension s3 = new S3ServerExtension();

    private FileStore files;
    private GrantLedger grants;
    private OrphanedObjects orphans;
    private OrphanObjectSweeper sweeper;

    @BeforeEach
    void setUp() throws IOException {
        redis.flushAll();
        S3FileStore store = new S3FileStore(s3.client(), "files-" + UUID.randomUUID());
        store.ensureBucket();
        files = store;
        grants = new RedisGrantLedger(redis.template());
        orphans = new RedisOrphanedObjects(redis.template());
        sweeper = new OrphanObjectSweeper(orphans, files, GRACE, BATCH_SIZE);
    }

    @Test
    void shouldKeepObjectWhileTheGracePeriodRuns() throws IOException {
        String hash = givenStoredFileExpiredAt("data", NOW);

        assertThat(sweeper.sweepOnce(NOW.plus(GRACE).minusSeconds(1))).isZero();
        assertThat(sweeper.sweepOnce(NOW.plus(GRACE))).isZero();

        assertThat(files.exists(hash)).isTrue();
    }

    @Test
    void shouldDeleteObjectAndSayWhyWhenItHadNoGrantForTheGracePeriod(CapturedOutput output) throws IOException {
        String hash = givenStoredFileExpiredAt("data", NOW);

        assertThat(sweeper.sweepOnce(AFTER_GRACE)).isEqualTo(1);

        assertThat(files.exists(hash)).isFalse();
        assertThat(orphans.claimDeletable(AFTER_GRACE.plus(Duration.ofDays(1)), AFTER_GRACE.plus(Duration.ofDays(1)),
                10)).as("forgotten after deletion").isEmpty();
        assertThat(output).contains("Deleted object " + hash + ": no live grant since " + NOW + ", orphan grace PT1H");
    }

    @Test
    void shouldDeleteObjectAfterGraceWhenItsGrantExpiredAndWasRemoved() throws IOException {
        String hash = store("data");
        grants.register(new GrantKey("chat", hash, "data.txt"), GrantLimits.of(0, NOW));
        Instant removedAt = NOW.plusSeconds(10);
        new ExpiredGrantSweeper(grants, BATCH_SIZE).sweepOnce(removedAt);

        assertThat(sweeper.sweepOnce(removedAt.plus(GRACE))).isZero();
        assertThat(sweeper.sweepOnce(removedAt.plus(GRACE).plusSeconds(1))).isEqualTo(1);

        assertThat(files.exists(hash)).isFalse();
    }

    @Test
    void shouldDeleteObjectAfterGraceWhenItsLastDownloadWasUsed() throws IOException {
        String hash = store("downloaded twice");
        GrantKey key = new GrantKey("chat", hash, "report.csv");
        grants.register(key, GrantLimits.of(2, null));
        assertThat(grants.consumeDownload(key, NOW)).isPresent();
        assertThat(sweeper.sweepOnce(AFTER_GRACE)).as("one download left").isZero();

        assertThat(grants.consumeDownload(key, NOW)).contains(new GrantLimits(0, null));

        assertThat(sweeper.sweepOnce(NOW.plus(GRACE))).as("within the grace").isZero();
        assertThat(files.exists(hash)).isTrue();
        assertThat(sweeper.sweepOnce(AFTER_GRACE)).isEqualTo(1);
        assertThat(files.exists(hash)).isFalse();
    }

    @Test
    void shouldKeepObjectWhenAnotherChatStillHoldsItAfterOneGrantIsUsedUp() throws IOException {
        String hash = store("shared and downloaded");
        GrantKey mine = new GrantKey("chat", hash, "data.txt");
        grants.register(mine, GrantLimits.of(1, null));
        grants.register(new GrantKey("another-chat", hash, "data.txt"), GrantLimits.of(0, null));

        grants.consumeDownload(mine, NOW);

        assertThat(sweeper.sweepOnce(AFTER_GRACE)).isZero();
        assertThat(files.exists(hash)).isTrue();
    }

    @Test
    void shouldKeepObjectUntilTheJobReadingItIsDoneWhenItsLastDownloadWasUsed() throws IOException {
        String hash = store("read by a job");
        GrantKey key = new GrantKey("chat", hash, "data.txt");
        grants.register(key, GrantLimits.of(1, null));
        Instant jobDone = AFTER_GRACE.plus(Duration.ofMinutes(5));
        orphans.markInUse(List.of(hash), jobDone);

        grants.consumeDownload(key, NOW);

        assertThat(sweeper.sweepOnce(AFTER_GRACE)).isZero();
        assertThat(files.exists(hash)).isTrue();
        assertThat(sweeper.sweepOnce(jobDone)).isEqualTo(1);
        assertThat(files.exists(hash)).isFalse();
    }

    @Test
    void shouldKeepObjectWhenAJobWillReadItLater() throws IOException {
        String hash = givenStoredFileExpiredAt("data", NOW);
        Instant jobDone = AFTER_GRACE.plus(Duration.ofMinutes(5));
        orphans.markInUse(List.of(hash), jobDone);

        assertThat(sweeper.sweepOnce(AFTER_GRACE)).isZero();
        assertThat(files.exists(hash)).isTrue();

        assertThat(sweeper.sweepOnce(jobDone)).isEqualTo(1);
        assertThat(files.exists(hash)).isFalse();
    }

    @Test
    void shouldKeepAndForgetObjectWhenItWasRegisteredAgain() throws IOException {
        String hash = givenStoredFileExpiredAt("data", NOW);
        grants.register(new GrantKey("another-chat", hash, "copy.txt"), GrantLimits.of(0, null));

        assertThat(sweeper.sweepOnce(AFTER_GRACE)).isZero();

        assertThat(files.exists(hash)).isTrue();
        assertThat(redis.template().opsForZSet().size(FileKeys.orphans())).isZero();
    }

    @Test
    void shouldKeepObjectWhenAnotherChatStillHoldsIt() throws IOException {
        String hash = store("shared");
        GrantKey mine = new GrantKey("chat", hash, "data.txt");
        grants.register(mine, GrantLimits.of(0, null));
        grants.register(new GrantKey("another-chat", hash, "data.txt"), GrantLimits.of(0, null));

        grants.expire(mine, NOW);

        assertThat(sweeper.sweepOnce(AFTER_GRACE)).isZero();
        assertThat(files.exists(hash)).isTrue();
    }

    @Test
    void shouldDeleteAtMostBatchSizeWhenMoreObjectsAreOrphaned() throws IOException {
        String first = givenStoredFileExpiredAt("one", NOW);
        String second = givenStoredFileExpiredAt("two", NOW.plusSeconds(1));
        String third = givenStoredFileExpiredAt("three", NOW.plusSeconds(2));

        assertThat(sweeper.sweepOnce(AFTER_GRACE.plusSeconds(2))).isEqualTo(BATCH_SIZE);

        assertThat(files.exists(first)).isFalse();
        assertThat(files.exists(second)).isFalse();
        assertThat(files.exists(third)).isTrue();
        assertThat(sweeper.sweepOnce(AFTER_GRACE.plusSeconds(2))).isEqualTo(1);
        assertThat(files.exists(third)).isFalse();
    }

    @Test
    void shouldDeleteNothingWhenSweptTwice() throws IOException {
        givenStoredFileExpiredAt("data", NOW);
        sweeper.sweepOnce(AFTER_GRACE);

        assertThat(sweeper.sweepOnce(AFTER_GRACE.plusSeconds(10))).isZero();
    }

    @Test
    void shouldDeleteTheRestAndRetryLaterWhenOneObjectCannotBeDeleted() throws IOException {
        String stuck = givenStoredFileExpiredAt("stuck", NOW);
        String other = givenStoredFileExpiredAt("other", NOW.plusSeconds(1));
        OrphanObjectSweeper failingOnce = new OrphanObjectSweeper(orphans, new FailingToDelete(files, stuck), GRACE,
                BATCH_SIZE);

        assertThat(failingOnce.sweepOnce(AFTER_GRACE.plusSeconds(1))).isEqualTo(1);
        assertThat(files.exists(stuck)).isTrue();
        assertThat(files.exists(other)).isFalse();

        assertThat(sweeper.sweepOnce(AFTER_GRACE.plusSeconds(60))).isEqualTo(1);
        assertThat(files.exists(stuck)).isFalse();
    }

    /** Stores the content, gives it one grant and expires that grant at {@code expiredAt}; returns the hash. */
    private String givenStoredFileExpiredAt(String content, Instant expiredAt) throws IOException {
        String hash = store(content);
        GrantKey key = new GrantKey("chat", hash, "data.txt");
        grants.register(key, GrantLimits.of(0, null));
        assertThat(grants.expire(key, expiredAt)).isTrue();
        return hash;
    }

    private String store(String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String hash = sha256(bytes);
        files.put(hash, new ByteArrayInputStream(bytes), bytes.length);
        return hash;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
