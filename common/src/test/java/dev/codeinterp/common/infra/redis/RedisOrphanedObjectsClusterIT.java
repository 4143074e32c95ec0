package dev.codeinterp.common.infra.redis;

import org.junit.jupiter.api.BeforeAll;

/**
 * Every test of {@link RedisOrphanedObjectsIT} against a single-node Redis Cluster, where a script or command whose
 * keys span hash slots is refused (CROSSSLOT): the adapter works unchanged on a cluster.
 */
class RedisOrphanedObjectsClusterIT extends RedisOrphanedObjectsIT {

    // Hides the superclass's, so JUnit runs only this one.
    @BeforeAll
    static void startRedis() {
        redis = TestRedis.startCluster();
    }
}
