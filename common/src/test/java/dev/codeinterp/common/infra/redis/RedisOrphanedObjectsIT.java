package dev.codeinterp.common.infra.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.OrphanedObjects.Orphan;
import dev.codeinterp.common.files.OrphanedObjects;
import dev.codeinterp.common.files.OrphanedObjectsContract;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisOrphanedObjectsIT extends OrphanedObjectsContract {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Override
    protected GrantLedger newLedger() {
        redis.flushAll();
        return new RedisGrantLedger(redis.template());
    }

    @Override
    protected OrphanedObjects newOrphanedObjects() {
        return new RedisOrphanedObjects(redis.template());
    }

    @Test
    void shouldKeepInUseMarkToTheMillisecond() {
        orphan(HASH, NOW);
        Instant until = NOW.plus(GRACE).plusMillis(500);

        orphans.markInUse(List.of(HASH), until);

        assertThat(orphans.claimDeletable(NOW.plus(GRACE), until.minusMillis(1), 10)).isEmpty();
        assertThat(orphans.claimDeletable(NOW.plus(GRACE), until, 10)).hasSize(1);
    }

    @Test
    void shouldPruneLapsedInUseMarksWhenFindingDeletableContent() {
        orphans.markInUse(List.of(hash(1)), NOW);
        orphans.markInUse(List.of(hash(2)), NOW.plus(Duration.ofHours(1)));

        orphans.claimDeletable(NOW, NOW, 10);

        assertThat(redis.template().opsForZSet().range(RedisOrphanedObjects.IN_USE, 0, -1))
                .containsExactly(hash(2));
    }

    @Test
    void shouldForgetOrphanEntryWhenAGrantHoldsTheContentAgain() {
        orphan(HASH, NOW);
        // An orphan entry the ledger did not take back, e.g. written by an older version.
        redis.template().opsForSet().add(RedisGrantLedger.refsKey(HASH), "chat\0data.csv");

        assertThat(orphans.claimDeletable(NOW.plus(GRACE), NOW.plus(GRACE), 10)).isEmpty();

        assertThat(redis.template().opsForZSet().score(RedisGrantLedger.ORPHANS, HASH)).isNull();
    }

    @Test
    void shouldReadOrphansTheLedgerWrote() {
        redis.template().opsForZSet().add(RedisGrantLedger.ORPHANS, HASH, NOW.getEpochSecond());

        assertThat(orphans.claimDeletable(NOW.plusSeconds(1), NOW, 10)).containsExactly(new Orphan(HASH, NOW));
    }
}
