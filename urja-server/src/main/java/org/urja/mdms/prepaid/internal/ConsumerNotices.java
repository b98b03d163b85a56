package org.urja.mdms.prepaid.internal;

import java.util.HashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.notification.Notifications;

/** Tells a prepaid consumer something by SMS and email, where the account has a mobile number and an address. */
@Component
class ConsumerNotices {

    private final Notifications notifications;
    private final String utility;
    private final String language;

    ConsumerNotices(Notifications notifications, @Value("${urja.notification.utility-name:Urja}") String utility,
                    @Value("${urja.notification.default-language:en}") String language) {
        this.notifications = notifications;
        this.utility = utility;
        this.language = language;
    }

    /** Queues the template to the consumer (name, consumer number and utility are filled in); {@code key} once. */
    void send(ConsumerAccount a, String template, Map<String, String> params, String key) {
        Map<String, String> all = new HashMap<>(params);
        all.put("name", a.name());
        all.put("consumerNo", a.consumerNo());
        all.put("utility", utility);
        String mobile = mobile(a.phone());
        if (mobile != null) {
            notifications.queue(new Notifications.Request(Notifications.Channel.SMS, mobile, template, language, all,
                    key + ":sms", "prepaid"));
        }
        if (a.email() != null && !a.email().isBlank()) {
            notifications.queue(new Notifications.Request(Notifications.Channel.EMAIL, a.email(), template, language, all,
                    key + ":email", "prepaid"));
        }
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
