package dev.flotilla.meta.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Two connection budgets on one database: the main Hikari pool (portal API, engines) and a second, smaller pool of
 * the same settings for the agent API ({@code flotilla.agent.db-connections}, 0 for one shared pool). Threads on the
 * agent lane ({@link DatabaseLane}) draw from the agent pool, every other thread from the main one, so ten thousand
 * agents reporting at once queue for their own connections while the portal's stay free. Both pools find dropped
 * connections as {@link ConnectionChecks} says.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseLanes {

    @Bean
    static BeanPostProcessor agentConnectionPool(ObjectProvider<FlotillaProperties> properties) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (!"dataSource".equals(beanName) || !(bean instanceof HikariDataSource main)) {
                    return bean;
                }
                return lanes(main, properties.getObject().agent().dbConnections());
            }
        };
    }

    /**
     * The service's data source on {@code main}, a pool that has not started: with the checks of
     * {@link ConnectionChecks}, and the agent pool beside it unless {@code agentConnections} is 0.
     */
    static DataSource lanes(HikariDataSource main, int agentConnections) {
        ConnectionChecks.Evictor evictor = ConnectionChecks.apply(main);
        if (agentConnections <= 0) {
            return main;
        }
        HikariDataSource agents = agentPool(main, agentConnections);
        evictor.watch(agents);
        return new LanedDataSource(main, agents);
    }

    /** The agent pool: the main pool's settings (its idle minimum too, up to the agent pool's size), its own size. */
    static HikariDataSource agentPool(HikariDataSource main, int connections) {
        HikariConfig config = new HikariConfig();
        main.copyStateTo(config);
        config.setPoolName((main.getPoolName() == null ? "flotilla" : main.getPoolName()) + "-agents");
        config.setMaximumPoolSize(connections);
        // unset (negative) on the main pool means a fixed-size pool: so is the agent pool then
        int mainIdle = main.getMinimumIdle();
        config.setMinimumIdle(mainIdle < 0 ? connections : Math.min(connections, mainIdle));
        // copyStateTo carries the main pool's registries; the agent pool reports under its own name only if asked
        config.setMetricRegistry(null);
        config.setMetricsTrackerFactory(null);
        config.setHealthCheckRegistry(null);
        return new HikariDataSource(config);
    }
}
