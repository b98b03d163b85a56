package org.urja.mdms.payment.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The gateway's callback and webhooks come without a staff session or credentials: like the HES endpoints they get
 * their own stateless filter chain without CSRF tokens (no session cookie is read, so there is nothing to forge a
 * request with), ahead of the staff API chain. They are authenticated by the gateway's signature, checked by
 * {@link GatewayEndpoints} before anything is read or changed.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PaymentProperties.class)
class PaymentSecurity {

    @Bean
    @Order(0)
    SecurityFilterChain paymentGatewayChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/v1/payments/webhooks/**", "/payments/callback/**")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .requestCache(c -> c.disable());
        return http.build();
    }
}
