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

    /**
     * One bean owns both the server and its pool, so they stop in the right order (pool, then server) after every
     * bean that uses the DataSource, such as the event publication registry, has been destroyed.
     */
    @Bean(destroyMethod = "close")
    DataSource dataSource(@Value("${urja.db.embedded.data-dir:./data/pg}") String dataDir,
                          @Value("${urja.db.embedded.clean:false}") boolean clean,
                          @Value("${urja.db.pool-size:10}") int poolSize) throws IOException {
        Path dir = Path.of(dataDir).toAbsolutePath().normalize();
        Files.createDirectories(dir.getParent());
        log.info("Starting embedded PostgreSQL with data directory {}", dir);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(new File(dir.toString()))
                .setCleanDataDirectory(clean)
                .setRegisterShutdownHook(false) // stopped by close() below, after the beans that use it
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "100")
                .start();
        log.info("Embedded PostgreSQL listening on 127.0.0.1:{}", pg.getPort());
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true");
        config.setUsername("postgres");
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("urja-embedded");
        return new EmbeddedPostgresDataSource(config, pg);
    }

    /** The pool over the embedded server; closing it stops the server too. */
    static final class EmbeddedPostgresDataSource extends HikariDataSource {

        private final EmbeddedPostgres pg;

        EmbeddedPostgresDataSource(HikariConfig config, EmbeddedPostgres pg) {
            super(config);
            this.pg = pg;
        }

        @Override
        public void close() {
            super.close();
            try {
                pg.close();
            } catch (IOException e) {
                log.warn("Embedded PostgreSQL did not stop cleanly", e);
            }
        }
    }
}
