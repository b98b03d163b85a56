package org.urja.mdms.platform;

/**
 * One function of the consumer portal, declared as a bean by the module that serves its page (consumption, bills,
 * recharge, service requests, complaints …). The consumer's menu lists only the declared functions, so a page that
 * does not exist is never linked. Titles are message keys of {@code messages.properties} /
 * {@code messages_hi.properties} (English and Hindi).
 *
 * @param path           the page, under {@code /portal/}
 * @param titleKey       message key of the menu title
 * @param descriptionKey message key of a one-line description
 * @param audience       which consumers see it: a recharge is for prepaid consumers, a bill for postpaid ones
 * @param order          position in the menu
 */
public record ConsumerFunction(String path, String titleKey, String descriptionKey, Audience audience, int order) {

    public enum Audience { ALL, PREPAID, POSTPAID }

    public ConsumerFunction {
        if (!path.startsWith("/portal/")) {
            throw new IllegalArgumentException("A consumer function lives under /portal/: " + path);
        }
    }

    /** Whether a consumer whose accounts are prepaid and/or postpaid sees it. */
    public boolean shownTo(boolean anyPrepaid, boolean anyPostpaid) {
        return switch (audience) {
            case ALL -> true;
            case PREPAID -> anyPrepaid;
            case POSTPAID -> anyPostpaid;
        };
    }
}
