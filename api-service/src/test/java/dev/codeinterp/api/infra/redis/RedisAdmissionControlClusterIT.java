package dev.codeinterp.api.infra.redis;

import dev.codeinterp.common.infra.redis.OnRedisCluster;

/**
 * Every test of {@link RedisAdmissionControlIT} against a single-node Redis Cluster, where a script or command whose
 * keys span hash slots is refused (CROSSSLOT): the adapter works unchanged on a cluster.
 */
@OnRedisCluster
class RedisAdmissionControlClusterIT extends RedisAdmissionControlIT {
}
