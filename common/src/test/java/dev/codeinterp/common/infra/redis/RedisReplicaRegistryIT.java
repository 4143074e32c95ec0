package dev.codeinterp.common.infra.redis;

import dev.codeinterp.common.replica.ReplicaRegistry;
import dev.codeinterp.common.replica.ReplicaRegistryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisReplicaRegistryIT extends ReplicaRegistryContract {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Override
    protected ReplicaRegistry newRegistry() {
        redis.flushAll();
        return new RedisReplicaRegistry(redis.template());
    }
}
