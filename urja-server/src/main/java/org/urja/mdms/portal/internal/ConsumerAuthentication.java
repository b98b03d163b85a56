package org.urja.mdms.portal.internal;

import java.time.Clock;
import java.time.OffsetDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.platform.ConsumerPrincipal;

/**
 * Signs consumers in by login id and password — only consumers: staff users are not found here, and this provider
 * is used by the consumer chain alone (it publishes no Spring authentication events, so the staff lockout never
 * counts a consumer's attempt). Deliberately not a bean: a lone AuthenticationProvider bean would become the global
 * one and push the staff users' provider out. After {@code urja.portal.max-failed-sign-ins} consecutive wrong passwords the login
 * is locked for {@code lock-duration}; every attempt is audited with its outcome and address.
 */
class ConsumerAuthentication implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(ConsumerAuthentication.class);

    private final ConsumerLogins logins;
    private final PasswordEncoder encoder;
    private final AuditTrail audit;
    private final PortalProperties props;
    private final Clock clock;
    /** Checked for unknown login ids, so an unknown id takes as long as a wrong password. */
    private final String dummyHash;

    ConsumerAuthentication(ConsumerLogins logins, PasswordEncoder encoder, AuditTrail audit, PortalProperties props,
                           Clock clock) {
        this.logins = logins;
        this.encoder = encoder;
        this.audit = audit;
        this.props = props;
        this.clock = clock;
        this.dummyHash = encoder.encode("not-a-consumer-password");
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String loginId = attempt.getName() == null ? "" : attempt.getName().strip().toUpperCase();
        String password = attempt.getCredentials() == null ? "" : attempt.getCredentials().toString();
        String from = attempt.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : null;
        var login = logins.byLoginId(loginId).orElse(null);
        if (login == null) {
            encoder.matches(password, dummyHash);
            audit.record(loginId, "CONSUMER_SIGN_IN", null, "UNKNOWN_USER", "consumer portal", from);
            throw new BadCredentialsException("wrong login id or password");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (login.lockedUntil() != null && login.lockedUntil().isAfter(now)) {
            audit.record(login.loginId(), "CONSUMER_SIGN_IN", null, "LOCKED", "consumer portal", from);
            throw new LockedException("locked");
        }
        if (!encoder.matches(password, login.passwordHash())) {
            boolean locked = logins.recordFailure(login.id(), props.maxFailedSignIns(), now.plus(props.lockDuration()));
            if (locked) {
                log.warn("Consumer login {} locked for {} after {} failed sign-ins", login.loginId(), props.lockDuration(),
                        props.maxFailedSignIns());
            }
            audit.record(login.loginId(), "CONSUMER_SIGN_IN", null, locked ? "FAILED_NOW_LOCKED" : "FAILED",
                    "consumer portal", from);
            throw locked ? new LockedException("locked") : new BadCredentialsException("wrong login id or password");
        }
        logins.recordSuccess(login.id());
        audit.record(login.loginId(), "CONSUMER_SIGN_IN", null, "OK", "consumer portal", from);
        return ConsumerSessions.authentication(
                new ConsumerPrincipal(login.loginId(), logins.consumerNos(login.id()), login.mustChangePassword()));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
