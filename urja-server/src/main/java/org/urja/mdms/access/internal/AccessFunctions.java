package org.urja.mdms.access.internal;

import java.util.EnumSet;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;

@Configuration(proxyBeanMethods = false)
class AccessFunctions {

    @Bean
    StaffFunction staffUsersFunction() {
        return new StaffFunction("Administration", "Staff users", "/admin/users",
                "Create staff users, assign roles, unlock locked accounts", EnumSet.of(StaffRole.ADMIN), 10);
    }

    @Bean
    StaffFunction passwordFunction() {
        return new StaffFunction("My account", "Change my password", "/account/password",
                "Set a new password for your account", EnumSet.allOf(StaffRole.class), 90);
    }
}
