package org.urja.mdms.portal.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.urja.mdms.platform.ConsumerFunction;
import org.urja.mdms.platform.ConsumerFunction.Audience;

/** The money pages in the consumer's menu: bills for postpaid consumers, balance and recharge for prepaid ones. */
@Configuration(proxyBeanMethods = false)
class MoneyFunctions {

    @Bean
    ConsumerFunction bills() {
        return new ConsumerFunction("/portal/bills", "money.menu.bills", "money.menu.bills.text", Audience.POSTPAID, 300);
    }

    @Bean
    ConsumerFunction prepaid() {
        return new ConsumerFunction("/portal/prepaid", "money.menu.prepaid", "money.menu.prepaid.text", Audience.PREPAID, 310);
    }
}
