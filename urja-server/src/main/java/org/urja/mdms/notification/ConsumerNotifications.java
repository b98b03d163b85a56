package org.urja.mdms.notification;

import java.util.Map;

/**
 * Published API: tell a consumer something through the channels their account has — SMS to the registered mobile
 * number, email to the registered address — in the utility's default language. The consumer's name and number and the
 * utility's name are filled into the template. Queued in the caller's transaction, once per {@code key}.
 */
public interface ConsumerNotifications {

    /** Returns how many messages were queued (0 when the consumer is unknown or has neither mobile nor email). */
    int notify(String consumerNo, String template, Map<String, String> params, String key, String requestedBy);
}
