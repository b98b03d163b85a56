package org.urja.mdms.platform;

import java.io.Serializable;
import java.security.Principal;
import java.util.List;
import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A consumer signed in to the consumer portal ({@code /portal/**}): never a staff user. Pages of any module under
 * {@code /portal/} take it with {@code @AuthenticationPrincipal ConsumerPrincipal me} and serve only the consumer
 * numbers it {@link #holds} — anything else is answered 404, as if it did not exist.
 *
 * @param loginId            the consumer's login id (upper case, e.g. {@code C123456789}; staff names are lower case)
 * @param consumerNos        the consumer ("K") numbers this login holds, as of sign-in or the last link
 * @param mustChangePassword signed in with the default password: only the password page is open until it is changed
 */
public record ConsumerPrincipal(String loginId, List<String> consumerNos, boolean mustChangePassword)
        implements Principal, Serializable {

    public ConsumerPrincipal {
        consumerNos = List.copyOf(consumerNos);
    }

    @Override
    public String getName() {
        return loginId;
    }

    public boolean holds(String consumerNo) {
        return consumerNo != null && consumerNos.contains(consumerNo);
    }

    /** The consumer signed in on this request, if any. */
    public static Optional<ConsumerPrincipal> current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof ConsumerPrincipal p ? Optional.of(p) : Optional.empty();
    }
}
