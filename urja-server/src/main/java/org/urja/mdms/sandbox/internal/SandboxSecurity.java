package org.urja.mdms.sandbox.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The sandbox gateway is a separate party: its pages are open to anyone paying (no staff sign-in) and protected by
 * CSRF tokens; its merchant API ({@code /sandbox-gateway/v1/**}) is called server to server with the merchant's key
 * (checked by {@link SandboxApi}), so it takes no session and needs no CSRF token.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("urja.sandbox-gateway.enabled")
@EnableConfigurationProperties(SandboxProperties.class)
class SandboxSecurity {

    @Bean
    @Order(0)
    SecurityFilterChain sandboxGatewayChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/sandbox-gateway/**")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(c -> c.ignoringRequestMatchers("/sandbox-gateway/v1/**"))
                .requestCache(c -> c.disable())
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(
                        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")));
        return http.build();
    }
}
