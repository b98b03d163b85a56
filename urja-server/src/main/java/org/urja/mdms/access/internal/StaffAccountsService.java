package org.urja.mdms.access.internal;

import java.util.List;
import java.util.Set;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.urja.mdms.access.StaffAccounts;
import org.urja.mdms.platform.StaffRole;

@Service
class StaffAccountsService implements StaffAccounts {

    private final StaffUsers users;
    private final PasswordEncoder encoder;

    StaffAccountsService(StaffUsers users, PasswordEncoder encoder) {
        this.users = users;
        this.encoder = encoder;
    }

    @Override
    public boolean createIfAbsent(String username, String displayName, String password, Set<StaffRole> roles,
                                  boolean mustChangePassword) {
        if (users.find(username).isPresent()) {
            return false;
        }
        return users.create(username, displayName, encoder.encode(password), List.copyOf(roles), mustChangePassword);
    }
}
