package org.urja.mdms.connection.internal;

import java.util.List;

import org.urja.mdms.network.PaymentMode;

/** The steps of a new connection, each with the use-case step it carries out ({@code null}: none of UC12's). */
enum Step {
    REQUEST_RECEIVED("12.1"),
    ACCOUNT_OPENED("12.1"),
    INSTALLATION_ORDER("12.2"),
    INSTALLATION_REPORT("12.3"),
    READ_REQUEST("12.4"),
    READ_VERIFICATION("12.5"),
    PREPAID_WALLET(null),
    BILL_GROUP("12.6"),
    ACTIVATION("12.6");

    private static final List<Step> PREPAID = List.of(REQUEST_RECEIVED, ACCOUNT_OPENED, INSTALLATION_ORDER,
            INSTALLATION_REPORT, READ_REQUEST, READ_VERIFICATION, PREPAID_WALLET, ACTIVATION);
    private static final List<Step> POSTPAID = List.of(REQUEST_RECEIVED, ACCOUNT_OPENED, INSTALLATION_ORDER,
            INSTALLATION_REPORT, READ_REQUEST, READ_VERIFICATION, BILL_GROUP, ACTIVATION);

    private final String useCaseStep;

    Step(String useCaseStep) {
        this.useCaseStep = useCaseStep;
    }

    String useCaseStep() {
        return useCaseStep;
    }

    Step next(PaymentMode mode) {
        List<Step> steps = mode == PaymentMode.PREPAID ? PREPAID : POSTPAID;
        return steps.get(steps.indexOf(this) + 1);
    }

    /** The step that asks for what this step waits for. */
    Step request() {
        return this == READ_VERIFICATION ? READ_REQUEST : this;
    }
}
