package org.urja.mdms.notification.internal;

import java.util.HashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.notification.ConsumerNotifications;
import org.urja.mdms.notification.Notifications;

@Service
class JdbcConsumerNotifications implements ConsumerNotifications {

    private final ConsumerAccounts consumers;
    private final Notifications notifications;
    private final String utility;
    private final String language;

    JdbcConsumerNotifications(ConsumerAccounts consumers, Notifications notifications,
                              @Value("${urja.notification.utility-name:Urja}") String utility,
                              @Value("${urja.notification.default-language:en}") String language) {
        this.consumers = consumers;
        this.notifications = notifications;
        this.utility = utility;
        this.language = language;
    }

    @Override
    public int notify(String consumerNo, String template, Map<String, String> params, String key, String requestedBy) {
        ConsumerAccount a = consumers.find(consumerNo).orElse(null);
        if (a == null) {
            return 0;
        }
        Map<String, String> all = new HashMap<>(params);
        all.put("name", a.name());
        all.put("consumerNo", a.consumerNo());
        all.put("utility", utility);
        int queued = 0;
        String mobile = mobile(a.phone());
        if (mobile != null) {
            notifications.queue(new Notifications.Request(Notifications.Channel.SMS, mobile, template, language, all,
                    key + ":sms", requestedBy));
            queued++;
        }
        if (a.email() != null && !a.email().isBlank()) {
            notifications.queue(new Notifications.Request(Notifications.Channel.EMAIL, a.email(), template, language, all,
                    key + ":email", requestedBy));
            queued++;
        }
        return queued;
    }

    /** An Indian mobile number as +91XXXXXXXXXX, or null when the account has none that could be one. */
    static String mobile(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("[^0-9+]", "");
        if (digits.matches("\\+[1-9][0-9]{7,14}")) {
            return digits;
        }
        if (digits.matches("(0|91)?[6-9][0-9]{9}")) {
            return "+91" + digits.substring(digits.length() - 10);
        }
        return null;
    }
}
