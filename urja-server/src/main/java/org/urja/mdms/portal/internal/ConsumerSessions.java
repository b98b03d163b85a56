package org.urja.mdms.portal.internal;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.stereotype.Component;
import org.urja.mdms.platform.ConsumerPrincipal;

/**
 * Where a consumer's sign-in lives: its own attributes of the HTTP session (security context, CSRF token, saved
 * request), apart from the staff portal's. A staff sign-in is therefore invisible to {@code /portal/**} and a consumer
 * sign-in to the staff pages and the API, even in one browser.
 */
@Component
class ConsumerSessions {

    static final String CONTEXT_KEY = "URJA_CONSUMER_SECURITY_CONTEXT";
    static final String CSRF_KEY = "URJA_CONSUMER_CSRF_TOKEN";
    static final String SAVED_REQUEST_KEY = "URJA_CONSUMER_SAVED_REQUEST";
    /** A consumer who has set their own password. */
    static final String CONSUMER = "ROLE_CONSUMER";
    /** A consumer signed in with the default password: only the password page is open. */
    static final String PASSWORD_CHANGE = "ROLE_CONSUMER_PASSWORD_CHANGE";

    private final HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final HttpSessionCsrfTokenRepository csrf = new HttpSessionCsrfTokenRepository();

    ConsumerSessions() {
        contexts.setSpringSecurityContextKey(CONTEXT_KEY);
        csrf.setSessionAttributeName(CSRF_KEY);
    }

    HttpSessionSecurityContextRepository contexts() {
        return contexts;
    }

    HttpSessionCsrfTokenRepository csrf() {
        return csrf;
    }

    static Authentication authentication(ConsumerPrincipal principal) {
        return UsernamePasswordAuthenticationToken.authenticated(principal, null,
                List.of(new SimpleGrantedAuthority(principal.mustChangePassword() ? PASSWORD_CHANGE : CONSUMER)));
    }

    /** Replaces the signed-in consumer (after a password change or a newly linked consumer number). */
    void replace(ConsumerPrincipal principal, HttpServletRequest request, HttpServletResponse response) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication(principal));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }

    /** Ends the consumer's sign-in only: a staff sign-in in the same browser is left alone. */
    void end(HttpServletRequest request) {
        var session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(CONTEXT_KEY);
            session.removeAttribute(SAVED_REQUEST_KEY);
            for (OneTimeCodes.Purpose p : OneTimeCodes.Purpose.values()) {
                session.removeAttribute(challengeKey(p));
            }
        }
        SecurityContextHolder.clearContext();
    }

    static String challengeKey(OneTimeCodes.Purpose purpose) {
        return "URJA_CONSUMER_OTP_" + purpose.name();
    }
}
