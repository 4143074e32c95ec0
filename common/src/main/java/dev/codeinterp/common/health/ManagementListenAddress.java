package dev.codeinterp.common.health;

import dev.codeinterp.common.net.ListenAddress;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Where a service serves its health and metrics: {@code APP_MANAGEMENT_LISTEN_ADDR} ({@code host:port}), turned into
 * the address and port of Spring Boot's server for it before the application starts. The worker and janitor serve
 * nothing else, so it is their only server ({@link #ONLY_SERVER}); the api serves its API on its own port and these on
 * a second one ({@link #SECOND_SERVER}), so that metrics never share the API's port.
 */
public final class ManagementListenAddress implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    public static final String SETTING = "APP_MANAGEMENT_LISTEN_ADDR";
    static final String PROPERTY = "app.management-listen-addr";
    private static final String API_PROPERTY = "app.http-listen-addr";
    public static final String DEFAULT = "0.0.0.0:50082";
    /** The application's only web server. */
    public static final String ONLY_SERVER = "server";
    /** A management server beside the application's own. */
    public static final String SECOND_SERVER = "management.server";

    private final String serverPrefix;

    /** @param serverPrefix {@link #ONLY_SERVER} or {@link #SECOND_SERVER} */
    public ManagementListenAddress(String serverPrefix) {
        this.serverPrefix = serverPrefix;
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        ListenAddress address = ListenAddress.parse(environment.getProperty(PROPERTY, DEFAULT), SETTING);
        String api = environment.getProperty(API_PROPERTY);
        if (serverPrefix.equals(SECOND_SERVER) && api != null && address.port() != 0
                && ListenAddress.parse(api, "APP_HTTP_LISTEN_ADDR").port() == address.port()) {
            // Spring Boot would serve the metrics on the API's own port, to every client of the API
            throw new IllegalArgumentException(SETTING + " must not use the port of APP_HTTP_LISTEN_ADDR ("
                    + address.port() + ")");
        }
        environment.getPropertySources().addFirst(new MapPropertySource(SETTING, Map.of(
                serverPrefix + ".address", address.host().getHostAddress(),
                serverPrefix + ".port", Integer.toString(address.port()))));
    }
}
