package dev.codeinterp.common.infra.redis;

/** The same contract on a Redis Cluster node: the script touches one key only. */
@OnRedisCluster
class RedisLiveOutputClusterIT extends RedisLiveOutputIT {
}
