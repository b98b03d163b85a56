package org.urja.mdms.access.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.urja.mdms.platform.StaffRole;

/**
 * Creates the first administrator when there is no staff user at all: with {@code urja.access.admin-password}
 * (env {@code URJA_ADMIN_PASSWORD}) if given, else with a one-time random password printed once, which must be
 * changed at first sign-in. No password is hard-coded.
 */
@Component
@Order(0)
class FirstAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

    private final StaffUsers users;
    private final PasswordEncoder encoder;
    private final AccessProperties props;

    FirstAdmin(StaffUsers users, PasswordEncoder encoder, AccessProperties props) {
        this.users = users;
        this.encoder = encoder;
        this.props = props;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (users.count() > 0) {
            return;
        }
        boolean given = props.adminPassword() != null && !props.adminPassword().isBlank();
        String password = given ? props.adminPassword() : generate();
        if (users.create("admin", "Administrator", encoder.encode(password), List.of(StaffRole.ADMIN), !given)) {
            if (given) {
                log.info("Created first staff user 'admin' with the configured password");
            } else {
                log.warn("\n\n  Created first staff user 'admin' with one-time password: {}\n"
                        + "  It must be changed at first sign-in and is not shown again.\n", password);
            }
        }
    }

    private static String generate() {
        byte[] bytes = new byte[15];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
