package dev.codeinterp.common.infra.redis;

/** Every test of {@link RedisReplicaRegistryIT} against a single-node Redis Cluster. */
@OnRedisCluster
class RedisReplicaRegistryClusterIT extends RedisReplicaRegistryIT {
}
