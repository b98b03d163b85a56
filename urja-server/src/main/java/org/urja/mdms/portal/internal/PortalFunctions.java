package org.urja.mdms.portal.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.urja.mdms.platform.ConsumerFunction;
import org.urja.mdms.platform.ConsumerFunction.Audience;

/** The portal's own entries in the consumer's menu; other modules declare theirs (consumption, bills, recharge …). */
@Configuration(proxyBeanMethods = false)
class PortalFunctions {

    @Bean
    ConsumerFunction linkConsumerNumber() {
        return new ConsumerFunction("/portal/link", "portal.menu.link", "portal.menu.link.text", Audience.ALL, 900);
    }

    @Bean
    ConsumerFunction changePassword() {
        return new ConsumerFunction("/portal/password", "portal.menu.password", "portal.menu.password.text", Audience.ALL, 910);
    }
}
