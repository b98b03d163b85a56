package org.urja.mdms.portal.internal;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.urja.mdms.payment.Payments;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.ConsumerPrincipal;

/**
 * What the consumer's money pages share (UC16.4, UC17, UC18): the consumer numbers the login holds now (read from the
 * database on every request, anything else is 404), the amount typed in rupees, and the payment order placed through
 * the payments module's published API for the signed-in consumer ({@code requestedBy consumer:<no>}) under the
 * idempotency key the form was drawn with, so a double click places one order.
 */
@Component
class MoneyOrders {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9-]{8,64}");

    /** A refused form: field → message key (shown beside the field, in English or Hindi). */
    static final class Refused extends RuntimeException {
        final Map<String, String> errors;
        final int status;

        Refused(int status, String field, String messageKey) {
            super(field + ": " + messageKey, null, false, false);
            this.status = status;
            this.errors = Map.of(field, messageKey);
        }
    }

    private final ConsumerLogins logins;
    private final Payments payments;

    MoneyOrders(ConsumerLogins logins, Payments payments) {
        this.logins = logins;
        this.payments = payments;
    }

    /** The consumer numbers the signed-in login holds now. */
    List<String> held(ConsumerPrincipal me) {
        return logins.byLoginId(me.loginId()).map(l -> logins.consumerNos(l.id())).orElse(List.of());
    }

    /** 404 unless the login holds the number now (as if it did not exist). */
    void requireHeld(ConsumerPrincipal me, String consumerNo) {
        if (consumerNo == null || !held(me).contains(consumerNo)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    /** A new idempotency key for a form being drawn. */
    static String newKey() {
        return UUID.randomUUID().toString();
    }

    /** Rupees as typed ("500", "1234.50") → paise; blank is null when {@code optional}. */
    static Long paise(String typed, boolean optional) {
        String t = typed == null ? "" : typed.strip().replace(",", "").replace("₹", "").strip();
        if (t.isEmpty()) {
            if (optional) {
                return null;
            }
            throw new Refused(400, "amount", "money.error.amountMissing");
        }
        try {
            BigDecimal rupees = new BigDecimal(t);
            if (rupees.signum() <= 0 || rupees.stripTrailingZeros().scale() > 2) {
                throw new Refused(400, "amount", "money.error.amountFormat");
            }
            return rupees.movePointRight(2).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new Refused(400, "amount", "money.error.amountFormat");
        }
    }

    /**
     * Places (or finds again, same key) the order; refusals of the payments module come back as {@link Refused} naming
     * the form's field.
     */
    Payments.Created place(ConsumerPrincipal me, Payments.NewOrder order, String idempotencyKey, String amountRefusal) {
        requireHeld(me, order.consumerNo());
        if (idempotencyKey == null || !KEY.matcher(idempotencyKey).matches()) {
            throw new Refused(400, "form", "money.error.formExpired");
        }
        try {
            return payments.create(order, requester(order.consumerNo()), idempotencyKey);
        } catch (ApiProblem p) {
            String field = p.issues().isEmpty() ? "form" : p.issues().get(0).field();
            if (field.equals("amountPaise")) {
                throw new Refused(p.status().value(), "amount", amountRefusal);
            }
            if (p.status() == HttpStatus.CONFLICT) {
                throw new Refused(409, "form", "money.error.formExpired");
            }
            if (p.status().is5xxServerError()) {
                throw new Refused(503, "form", "money.error.unavailable");
            }
            throw new Refused(p.status().value(), "form", "money.error.notPayable");
        }
    }

    /** Where the browser goes after placing: the gateway's checkout, or the order's page when it is past that. */
    static String next(Payments.Created created) {
        Payments.Order o = created.order();
        boolean open = o.state() == Payments.State.CREATED || o.state() == Payments.State.FAILED;
        return open && o.checkoutUrl() != null ? "redirect:" + o.checkoutUrl() : "redirect:/portal/payments/" + o.id();
    }

    static String requester(String consumerNo) {
        return "consumer:" + consumerNo;
    }

    /** A model map of a refused form's errors. */
    static Map<String, String> errors(Refused r) {
        return new LinkedHashMap<>(r.errors);
    }
}
