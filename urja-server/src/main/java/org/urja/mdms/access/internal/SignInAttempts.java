package org.urja.mdms.access.internal;

import java.time.Clock;
import java.time.OffsetDateTime;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.urja.mdms.audit.AuditTrail;

/**
 * Counts failed sign-ins per staff user and locks the account after {@code urja.access.max-failed-attempts}
 * consecutive failures; a success resets the count. Every attempt is audited with the caller's address.
 */
@Component
class SignInAttempts {

    private static final Logger log = LoggerFactory.getLogger(SignInAttempts.class);

    private final StaffUsers users;
    private final AuditTrail audit;
    private final AccessProperties props;
    private final Clock clock;

    SignInAttempts(StaffUsers users, AuditTrail audit, AccessProperties props, Clock clock) {
        this.users = users;
        this.audit = audit;
        this.props = props;
        this.clock = clock;
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        String name = event.getAuthentication().getName();
        if (users.find(name).isEmpty()) {
            return; // integration systems are not staff users
        }
        users.recordSuccess(name, OffsetDateTime.now(clock));
        // Every stateless API call authenticates anew: audit portal sign-ins, not each API call (those that change
        // something are audited by the state-change audit).
        if ("portal".equals(channel())) {
            audit.record(name, "SIGN_IN", null, "OK", "portal", remoteAddr());
        }
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        String name = String.valueOf(event.getAuthentication().getPrincipal());
        if (event.getException() instanceof LockedException) {
            audit.record(name, "SIGN_IN", null, "LOCKED", channel(), remoteAddr());
            return;
        }
        var user = users.find(name);
        if (user.isEmpty()) {
            audit.record(name, "SIGN_IN", null, "UNKNOWN_USER", channel(), remoteAddr());
            return;
        }
        users.recordFailure(name, props.maxFailedAttempts(), OffsetDateTime.now(clock).plus(props.lockDuration()));
        boolean nowLocked = user.get().failedAttempts() + 1 >= props.maxFailedAttempts();
        if (nowLocked) {
            log.warn("Staff user {} locked for {} after {} failed sign-ins", name, props.lockDuration(),
                    props.maxFailedAttempts());
        }
        audit.record(name, "SIGN_IN", null, nowLocked ? "FAILED_NOW_LOCKED" : "FAILED", channel(), remoteAddr());
    }

    private static String channel() {
        HttpServletRequest request = request();
        return request != null && request.getRequestURI().startsWith(request.getContextPath() + "/api") ? "api" : "portal";
    }

    private static String remoteAddr() {
        HttpServletRequest request = request();
        return request == null ? null : request.getRemoteAddr();
    }

    private static HttpServletRequest request() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs
                ? attrs.getRequest() : null;
    }
}
