package org.urja.mdms.portal.internal;

/**
 * A consumer's request the portal turns down, with the form field it concerns and the message (a key of
 * messages.properties, with its arguments) shown beside it. Thrown inside a transaction, it undoes what was begun.
 */
class Refusal extends RuntimeException {

    private final String field;
    private final String messageKey;
    private final transient Object[] args;

    Refusal(String field, String messageKey, Object... args) {
        super(messageKey);
        this.field = field;
        this.messageKey = messageKey;
        this.args = args;
    }

    String field() {
        return field;
    }

    String messageKey() {
        return messageKey;
    }

    Object[] args() {
        return args;
    }
}
