package org.urja.mdms.care;

import java.time.Duration;
import java.util.List;

/**
 * The catalogue of service requests a consumer may make (UC19.2): what each is, its default SLA (the utility sets its
 * own under {@code urja.care.service-request-sla}) and the fields of {@code details} it takes.
 */
public enum ServiceRequestType {

    NAME_CHANGE("Change of name on the account", Duration.ofDays(7), List.of("name"), List.of(), false),
    ADDRESS_CHANGE("Change of the postal address", Duration.ofDays(7), List.of("address"), List.of(), false),
    /** A new mobile number, email address or both (at least one). */
    CONTACT_CHANGE("Change of mobile number or email", Duration.ofDays(2), List.of(), List.of("phone", "email"), true),
    LOAD_CHANGE("Change of sanctioned load", Duration.ofDays(15), List.of("sanctionedLoadKw"), List.of(), false),
    METER_TESTING("Testing of the meter's accuracy", Duration.ofDays(15), List.of(), List.of("reason"), false),
    RECONNECTION("Reconnection of supply", Duration.ofDays(1), List.of(), List.of("reason"), false),
    /** Starts the payment-mode migration workflow (UC13/UC14); resolved when it completes. */
    MIGRATION("Migration between prepaid and postpaid", Duration.ofDays(7), List.of("targetMode"),
            List.of("servicePointCode", "meterChange"), false),
    CLOSURE("Permanent closure of the connection", Duration.ofDays(7), List.of(), List.of("reason"), false);

    private final String label;
    private final Duration defaultSla;
    private final List<String> required;
    private final List<String> optional;
    private final boolean oneOfOptional;

    ServiceRequestType(String label, Duration defaultSla, List<String> required, List<String> optional,
                       boolean oneOfOptional) {
        this.label = label;
        this.defaultSla = defaultSla;
        this.required = required;
        this.optional = optional;
        this.oneOfOptional = oneOfOptional;
    }

    public String label() {
        return label;
    }

    public Duration defaultSla() {
        return defaultSla;
    }

    /** Fields of {@code details} the request must have. */
    public List<String> requiredFields() {
        return required;
    }

    /** Fields of {@code details} it may have. */
    public List<String> optionalFields() {
        return optional;
    }

    /** At least one of the optional fields is needed (a contact change names a phone, an email or both). */
    public boolean needsOneOfOptional() {
        return oneOfOptional;
    }
}
