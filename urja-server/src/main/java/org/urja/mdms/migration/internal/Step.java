package org.urja.mdms.migration.internal;

import java.util.List;

import org.urja.mdms.network.PaymentMode;

/**
 * The steps of a migration, each with the use-case step it carries out ({@code null}: the reconnection after a
 * move to postpaid, which the use case leaves out but no utility would).
 */
enum Step {
    REQUEST_RECEIVED("13.1", "14.1"),
    PREPAID_PROFILE("13.2", null),
    INSTALLATION_ORDER("13.3", null),
    INSTALLATION_REPORT("13.4", null),
    READ_BEFORE_REQUEST(null, "14.2"),
    READ_BEFORE_VERIFICATION(null, "14.3"),
    DISCONNECT_COMMAND(null, "14.4"),
    DISCONNECT_CONFIRMATION(null, "14.5"),
    PAYMENT_MODE_COMMAND("13.5", "14.6"),
    PAYMENT_MODE_CONFIRMATION("13.6", "14.7"),
    RECONNECT_COMMAND(null, null),
    RECONNECT_CONFIRMATION(null, null),
    READ_REQUEST("13.7", "14.8"),
    READ_VERIFICATION("13.8", "14.9"),
    COMPLETION("13.9", "14.10");

    static final List<Step> TO_PREPAID = List.of(REQUEST_RECEIVED, PREPAID_PROFILE, INSTALLATION_ORDER,
            INSTALLATION_REPORT, PAYMENT_MODE_COMMAND, PAYMENT_MODE_CONFIRMATION, READ_REQUEST, READ_VERIFICATION,
            COMPLETION);
    static final List<Step> TO_POSTPAID = List.of(REQUEST_RECEIVED, READ_BEFORE_REQUEST, READ_BEFORE_VERIFICATION,
            DISCONNECT_COMMAND, DISCONNECT_CONFIRMATION, PAYMENT_MODE_COMMAND, PAYMENT_MODE_CONFIRMATION,
            RECONNECT_COMMAND, RECONNECT_CONFIRMATION, READ_REQUEST, READ_VERIFICATION, COMPLETION);

    private final String toPrepaid;
    private final String toPostpaid;

    Step(String toPrepaid, String toPostpaid) {
        this.toPrepaid = toPrepaid;
        this.toPostpaid = toPostpaid;
    }

    String useCaseStep(PaymentMode target) {
        return target == PaymentMode.PREPAID ? toPrepaid : toPostpaid;
    }

    Step next(PaymentMode target) {
        List<Step> steps = target == PaymentMode.PREPAID ? TO_PREPAID : TO_POSTPAID;
        return steps.get(steps.indexOf(this) + 1);
    }

    /** The step that asks for what this step waits for (a command's outcome, a read's data). */
    Step request() {
        return switch (this) {
            case INSTALLATION_REPORT -> INSTALLATION_ORDER;
            case READ_BEFORE_VERIFICATION -> READ_BEFORE_REQUEST;
            case DISCONNECT_CONFIRMATION -> DISCONNECT_COMMAND;
            case PAYMENT_MODE_CONFIRMATION -> PAYMENT_MODE_COMMAND;
            case RECONNECT_CONFIRMATION -> RECONNECT_COMMAND;
            case READ_VERIFICATION -> READ_REQUEST;
            default -> this;
        };
    }
}
