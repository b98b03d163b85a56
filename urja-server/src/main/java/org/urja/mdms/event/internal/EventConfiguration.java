package org.urja.mdms.event.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventProperties.class)
class EventConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EventConfiguration.class);

    /** The catalogue is read once at start; a missing or malformed file stops the server. */
    @Bean
    EventCatalogue eventCatalogue(EventProperties props, ResourceLoader resources) {
        try (var in = resources.getResource(props.catalogue()).getInputStream()) {
            EventCatalogue catalogue = EventCatalogue.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            log.info("Event catalogue {} version {}: {} codes", props.catalogue(), catalogue.version(), catalogue.size());
            return catalogue;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event catalogue " + props.catalogue(), e);
        }
    }
}
