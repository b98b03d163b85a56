package org.urja.mdms.portal.internal;

import java.io.IOException;
import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.web.servlet.LocaleResolver;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.platform.ConsumerPrincipal;

/**
 * The consumer portal's own filter chain ({@code /portal/**}), ahead of the staff chains: form sign-in at
 * {@code /portal/login} against consumer logins only, the consumer's security context, CSRF token and saved request in
 * their own session attributes ({@link ConsumerSessions}), session id changed at sign-in, CSRF tokens on every form,
 * a strict Content-Security-Policy and the other security headers, rate limits on sign-in and one-time codes
 * ({@link RateLimits}), lockout ({@link ConsumerAuthentication}). A consumer with the default password reaches only
 * the password page. Session cookies are HttpOnly and SameSite=Lax (application.yml) and Secure whenever the request
 * came over HTTPS (behind a TLS proxy: {@code server.forward-headers-strategy}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PortalProperties.class)
class PortalSecurity {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    @Bean
    @Order(0)
    SecurityFilterChain consumerPortalChain(HttpSecurity http, ConsumerSessions sessions, ConsumerLogins logins,
                                            PasswordEncoder encoder, AuditTrail audit, PortalProperties props, Clock clock,
                                            RateWindows rateWindows, MessageSource messages, LocaleResolver locales) throws Exception {
        HttpSessionRequestCache requestCache = new HttpSessionRequestCache();
        requestCache.setSessionAttrName(ConsumerSessions.SAVED_REQUEST_KEY);
        requestCache.setMatchingRequestParameterName(null);
        SavedRequestAwareAuthenticationSuccessHandler success = new SavedRequestAwareAuthenticationSuccessHandler() {
            @Override
            public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                                org.springframework.security.core.Authentication auth)
                    throws IOException, jakarta.servlet.ServletException {
                if (auth.getPrincipal() instanceof ConsumerPrincipal p && p.mustChangePassword()) {
                    requestCache.removeRequest(request, response);
                    getRedirectStrategy().sendRedirect(request, response, "/portal/password");
                    return;
                }
                super.onAuthenticationSuccess(request, response, auth);
            }
        };
        success.setRequestCache(requestCache);
        success.setDefaultTargetUrl("/portal");
        AccessDeniedHandlerImpl forbidden = new AccessDeniedHandlerImpl();

        http.securityMatcher("/portal/**")
                .authenticationManager(new ProviderManager(new ConsumerAuthentication(logins, encoder, audit, props, clock)))
                .securityContext(c -> c.securityContextRepository(sessions.contexts()))
                .csrf(c -> c.csrfTokenRepository(sessions.csrf()))
                .requestCache(c -> c.requestCache(requestCache))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/portal/login", "/portal/register", "/portal/register/**", "/portal/forgot",
                                "/portal/forgot/**", "/portal/assets/**", "/portal/icons/**", "/portal/manifest.json",
                                "/portal/sw.js").permitAll()
                        .requestMatchers("/portal/password").hasAnyAuthority(ConsumerSessions.CONSUMER,
                                ConsumerSessions.PASSWORD_CHANGE)
                        .anyRequest().hasAuthority(ConsumerSessions.CONSUMER))
                .formLogin(f -> f.loginPage("/portal/login").loginProcessingUrl("/portal/login")
                        .usernameParameter("loginId").passwordParameter("password")
                        .successHandler(success)
                        .failureHandler((HttpServletRequest request, HttpServletResponse response, AuthenticationException e) ->
                                response.sendRedirect(request.getContextPath()
                                        + (e instanceof LockedException ? "/portal/login?locked" : "/portal/login?error"))))
                .logout(l -> l.logoutUrl("/portal/logout")
                        .invalidateHttpSession(false)
                        .addLogoutHandler((request, response, auth) -> {
                            if (auth != null) {
                                audit.record(auth.getName(), "CONSUMER_SIGN_OUT", null, "OK", "consumer portal",
                                        request.getRemoteAddr());
                            }
                            sessions.end(request);
                        })
                        .logoutSuccessUrl("/portal/login?logout"))
                .exceptionHandling(e -> e.accessDeniedHandler((request, response, denied) -> {
                    if (ConsumerPrincipal.current().map(ConsumerPrincipal::mustChangePassword).orElse(false)) {
                        response.sendRedirect(request.getContextPath() + "/portal/password");
                    } else {
                        forbidden.handle(request, response, denied);
                    }
                }))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .addFilterBefore(new RateLimits(rateWindows, props, messages, locales), UsernamePasswordAuthenticationFilter.class)
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives(CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .permissionsPolicyHeader(p -> p.policy("camera=(), microphone=(), geolocation=(), payment=(self)"))
                        .httpStrictTransportSecurity(s -> s.includeSubDomains(true).maxAgeInSeconds(31_536_000))
                        .crossOriginOpenerPolicy(c -> c.policy(
                                CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy.SAME_ORIGIN)));
        return http.build();
    }
}
