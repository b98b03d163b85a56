package org.urja.mdms.portal.internal;

import java.util.Locale;
import java.util.Optional;

import org.urja.mdms.notification.Notifications.Channel;

/** A registered mobile number (as +91XXXXXXXXXX) or email address, as a consumer types it or the account holds it. */
record Contact(Channel channel, String value) {

    static Optional<Contact> parse(String input) {
        if (input == null || input.isBlank()) {
            return Optional.empty();
        }
        String s = input.strip();
        if (s.contains("@")) {
            s = s.toLowerCase(Locale.ROOT);
            return s.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") ? Optional.of(new Contact(Channel.EMAIL, s)) : Optional.empty();
        }
        String digits = s.replaceAll("[\\s().-]", "");
        if (digits.matches("(\\+91|91|0)?[6-9][0-9]{9}")) {
            return Optional.of(new Contact(Channel.SMS, "+91" + digits.substring(digits.length() - 10)));
        }
        if (digits.matches("\\+[1-9][0-9]{7,14}")) {
            return Optional.of(new Contact(Channel.SMS, digits));
        }
        return Optional.empty();
    }

    /** Shown on pages: enough to recognise, not enough to learn someone's number or address. */
    String masked() {
        if (channel == Channel.EMAIL) {
            int at = value.indexOf('@');
            return value.charAt(0) + "•••" + value.substring(at);
        }
        return value.substring(0, 3) + "••••••" + value.substring(value.length() - 4);
    }
}
