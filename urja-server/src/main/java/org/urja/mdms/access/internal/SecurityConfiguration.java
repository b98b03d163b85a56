package org.urja.mdms.access.internal;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.urja.mdms.audit.AuditTrail;

/**
 * Three filter chains:
 * <ol>
 *   <li>{@code /api/v1/hes/**}: integration systems, HMAC-signed requests or an API key header, stateless;</li>
 *   <li>{@code /api/**} and actuator: staff over HTTP Basic, stateless (no session cookie is honoured, so no CSRF
 *       exposure);</li>
 *   <li>everything else: the staff portal with form sign-in, session, CSRF tokens on every form.</li>
 * </ol>
 * Role checks sit on the controllers ({@code @PreAuthorize}) and on URL patterns below.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableConfigurationProperties(AccessProperties.class)
class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        // BCrypt by default, with {id} prefixes so the algorithm can be raised later without a flag day.
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    @Order(1)
    SecurityFilterChain hesChain(HttpSecurity http, AccessProperties props, JdbcClient jdbc, Clock clock)
            throws Exception {
        http.securityMatcher("/api/v1/hes/**")
                .addFilterBefore(new SignedRequestAuthenticationFilter(props.hesKeyId(), props.hesSecret(),
                        props.hesReplayWindowSeconds(), "hes", "ROLE_HES", jdbc, clock), BasicAuthenticationFilter.class)
                .addFilterAfter(new ApiKeyAuthenticationFilter(props.hesApiKey(), "hes", "ROLE_HES"),
                        SignedRequestAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a.anyRequest().hasRole("HES"))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint(
                        new ProblemAuthenticationEntryPoint("X-Urja-Signature or X-Urja-Api-Key")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http, StaffUsers users) throws Exception {
        http.securityMatcher("/api/**", "/actuator/**")
                .addFilterAfter(new OneTimePasswordApiGuard(users), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/actuator/**").hasAnyRole("ADMIN", "OPERATOR")
                        .anyRequest().authenticated())
                .httpBasic(b -> b.authenticationEntryPoint(new ProblemAuthenticationEntryPoint("Basic realm=\"Urja\"")))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint(new ProblemAuthenticationEntryPoint("Basic realm=\"Urja\""))
                        .accessDeniedHandler(new ProblemAccessDeniedHandler()));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain portalChain(HttpSecurity http, AuditTrail audit) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/error",
                                "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/", true).failureHandler(new SignInFailureHandler()))
                .logout(l -> l.logoutUrl("/logout").logoutSuccessHandler(new AuditedLogoutSuccessHandler(audit))
                        .invalidateHttpSession(true).deleteCookies("JSESSIONID"))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()).maximumSessions(3))
                .headers(h -> h
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .contentSecurityPolicy(c -> c.policyDirectives(
                                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'")));
        return http.build();
    }
}
