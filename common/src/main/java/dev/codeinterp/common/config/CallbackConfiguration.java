package dev.codeinterp.common.config;

import dev.codeinterp.common.callback.CallbackLedger;
import dev.codeinterp.common.callback.CallbackSettings;
import dev.codeinterp.common.callback.CallbackTargets;
import dev.codeinterp.common.callback.JobCallbacks;
import dev.codeinterp.common.infra.http.OkHttpCallbackTransport;
import dev.codeinterp.common.infra.redis.RedisCallbackLedger;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.json.ContractJson;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Wires job callbacks: settings, the Redis ledger, the HTTP transport and the sender every service shares. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CallbackProperties.class)
public class CallbackConfiguration {

    /** Threads sending callbacks; each attempt takes at most the transport's 10 s. */
    static final int SENDER_THREADS = 4;

    @Bean
    CallbackSettings callbackSettings(CallbackProperties properties) {
        return properties.settings();
    }

    @Bean
    CallbackLedger callbackLedger(StringRedisTemplate redis) {
        return new RedisCallbackLedger(redis);
    }

    @Bean(destroyMethod = "close")
    JobCallbacks jobCallbacks(CallbackLedger ledger, JobStore jobs, CallbackSettings settings, ContractJson json,
            Clock clock) {
        return new JobCallbacks(ledger, jobs, new CallbackTargets(settings, CallbackTargets.HostResolver.SYSTEM),
                new OkHttpCallbackTransport(), json::encode, settings, senderThreads(), clock);
    }

    private static ScheduledExecutorService senderThreads() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newScheduledThreadPool(SENDER_THREADS, task -> {
            Thread thread = new Thread(task, "callback-sender-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
