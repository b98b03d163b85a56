package org.urja.mdms.customer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.urja.mdms.platform.ApiProblem.FieldIssue;

/**
 * New values for some fields of a consumer account (UC19.4: a resolved name, address, contact or load change); a null
 * field stays as it is.
 */
public record ConsumerChange(String name, String address, String phone, String email, BigDecimal sanctionedLoadKw) {

    /** The largest sanctioned load an account may have (kW), as the import accepts it. */
    public static final BigDecimal MAX_LOAD_KW = new BigDecimal("100000");

    public boolean isEmpty() {
        return name == null && address == null && phone == null && email == null && sanctionedLoadKw == null;
    }

    /** What is wrong with the values given, each naming its field (empty when they can be applied). */
    public List<FieldIssue> problems() {
        List<FieldIssue> out = new ArrayList<>();
        if (name != null && (name.isBlank() || name.length() > 200)) {
            out.add(FieldIssue.of("name", "A name of 1 to 200 characters"));
        }
        if (address != null && (address.isBlank() || address.length() > 500)) {
            out.add(FieldIssue.of("address", "An address of 1 to 500 characters"));
        }
        if (phone != null && !phone.isEmpty() && !phone.matches("\\+?[0-9][0-9 -]{6,19}")) {
            out.add(FieldIssue.of("phone", "A phone number of 7 to 20 digits (spaces, dashes and a leading + allowed)"));
        }
        if (email != null && !email.isEmpty() && (email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"))) {
            out.add(FieldIssue.of("email", "Not an email address: " + email));
        }
        if (sanctionedLoadKw != null && (sanctionedLoadKw.signum() <= 0 || sanctionedLoadKw.compareTo(MAX_LOAD_KW) > 0
                || sanctionedLoadKw.stripTrailingZeros().scale() > 3)) {
            out.add(FieldIssue.of("sanctionedLoadKw", "A sanctioned load above 0 and up to " + MAX_LOAD_KW
                    + " kW, with at most 3 decimals"));
        }
        return out;
    }
}
