package org.urja.mdms.platform;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where this server is reached from outside — by browsers sent back from a payment gateway, by a gateway's webhooks:
 * {@code urja.public-url} (e.g. {@code https://mdm.discom.in}), or {@code http://localhost:<port>} when it is not set.
 */
@Component
public class PublicUrl {

    private final Environment env;

    PublicUrl(Environment env) {
        this.env = env;
    }

    /** The base URL without a trailing slash. */
    public String base() {
        String configured = env.getProperty("urja.public-url", "");
        if (!configured.isBlank()) {
            return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        }
        return "http://localhost:" + env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
    }
}
