package org.urja.mdms.access.internal;

import java.time.Clock;
import java.time.OffsetDateTime;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Staff accounts for Spring Security; a locked account (too many failures) is refused until the lock expires. */
@Service
class StaffUserDetailsService implements UserDetailsService {

    private final StaffUsers users;
    private final Clock clock;

    StaffUserDetailsService(StaffUsers users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        var user = users.find(username).orElseThrow(() -> new UsernameNotFoundException("No staff user " + username));
        boolean locked = user.lockedUntil() != null && user.lockedUntil().isAfter(OffsetDateTime.now(clock));
        return User.withUsername(user.username())
                .password(user.passwordHash())
                .authorities(user.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList())
                .disabled(!user.enabled())
                .accountLocked(locked)
                .build();
    }
}
