package dev.codeinterp.janitor.sweep;

import dev.codeinterp.common.infra.redis.OnRedisCluster;

/**
 * Every test of {@link StuckJobSweeperIT} against a single-node Redis Cluster, where a script or command whose keys
 * span hash slots is refused (CROSSSLOT): the adapter works unchanged on a cluster.
 */
@OnRedisCluster
class StuckJobSweeperClusterIT extends StuckJobSweeperIT {
}
