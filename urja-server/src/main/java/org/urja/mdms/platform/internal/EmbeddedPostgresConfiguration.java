package org.urja.mdms.platform.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a real PostgreSQL (zonky embedded binaries) when no external database URL is configured, so the
 * system runs with nothing installed. Data lives under {@code urja.db.embedded.data-dir} (default
 * {@code ./data/pg}) and survives restarts; the port is chosen free; the server is stopped when the
 * application context closes.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseCondition.class)
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(@Value("${urja.db.embedded.data-dir:./data/pg}") String dataDir,
                                      @Value("${urja.db.embedded.clean:false}") boolean clean) throws IOException {
        Path dir = Path.of(dataDir).toAbsolutePath().normalize();
        Files.createDirectories(dir.getParent());
        log.info("Starting embedded PostgreSQL with data directory {}", dir);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(new File(dir.toString()))
                .setCleanDataDirectory(clean)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "100")
                .start();
        log.info("Embedded PostgreSQL listening on 127.0.0.1:{}", pg.getPort());
        return pg;
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres pg, @Value("${urja.db.pool-size:10}") int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true");
        config.setUsername("postgres");
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("urja-embedded");
        return new HikariDataSource(config);
    }
}
