package jp.uketsuke.config;

import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The data directory, the one clock, and the order they must exist in. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UketsukeProperties.class)
public class DataConfiguration {

    @Bean
    DataDirectory dataDirectory(UketsukeProperties properties) {
        return new DataDirectory(properties.dataDir());
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The embedded database lives in the data directory: create it (owner-only) before H2 does. */
    @Bean
    static DataSourceNeedsDataDirectory dataSourceNeedsDataDirectory() {
        return new DataSourceNeedsDataDirectory();
    }

    static final class DataSourceNeedsDataDirectory extends AbstractDependsOnBeanFactoryPostProcessor {
        DataSourceNeedsDataDirectory() {
            super(DataSource.class, DataDirectory.class);
        }
    }
}
