package dev.codeinterp.common.infra.redis;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes {@link RedisServerExtension} start a single-node Redis Cluster for this test class, where a command or script
 * whose keys span hash slots is refused (CROSSSLOT), as on a real cluster.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OnRedisCluster {
}
