package dev.codeinterp.common.infra.redis;

/**
 * Every test of {@link RedisOrphanedObjectsIT} against a single-node Redis Cluster, where a script or command whose
 * keys span hash slots is refused (CROSSSLOT): the adapter works unchanged on a cluster.
 */
@OnRedisCluster
class RedisOrphanedObjectsClusterIT extends RedisOrphanedObjectsIT {
}
