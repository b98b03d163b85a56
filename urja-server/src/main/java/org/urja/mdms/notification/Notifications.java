package org.urja.mdms.notification;

import java.util.Map;

/**
 * Published API: queue a notification. It is stored in the caller's transaction (so it is sent only if what caused
 * it commits, and never lost once committed) and delivered asynchronously. The same {@code key} twice queues once.
 */
public interface Notifications {

    enum Channel { EMAIL, SMS }

    /**
     * @param to       an email address (EMAIL) or a mobile number with country code, e.g. +919811111111 (SMS)
     * @param template a template name, e.g. RECHARGE_RECEIVED (resources/notifications/{template}.{language}.txt)
     * @param language {@code en} or {@code hi}
     * @param params   the template's placeholders
     * @param key      idempotency key, e.g. "recharge:K1:PAY-1:sms"
     */
    record Request(Channel channel, String to, String template, String language, Map<String, String> params, String key,
                   String requestedBy) {
    }

    /** Queues the notification; returns its outbox id (the first one's for a repeated key). */
    long queue(Request request);
}
