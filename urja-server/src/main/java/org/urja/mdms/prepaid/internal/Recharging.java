package org.urja.mdms.prepaid.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.notification.Notifications;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.prepaid.Wallet;

/**
 * Posting a recharge (UC17.2–17.4 from the payments module; cash counters and banks through the API): the wallet
 * credit and the consumer's notifications (UC17.6: SMS and email where the account has them) in one transaction,
 * once per payment reference.
 */
@Service
class Recharging {

    private final Wallet wallet;
    private final ConsumerAccounts consumers;
    private final Notifications notifications;
    private final String utility;
    private final String language;

    Recharging(Wallet wallet, ConsumerAccounts consumers, Notifications notifications,
               @Value("${urja.notification.utility-name:Urja}") String utility,
               @Value("${urja.notification.default-language:en}") String language) {
        this.wallet = wallet;
        this.consumers = consumers;
        this.notifications = notifications;
        this.utility = utility;
        this.language = language;
    }

    @Transactional
    Wallet.Posted recharge(String consumerNo, long amountPaise, String paymentReference, String channel, String by) {
        ConsumerAccount account = consumers.find(consumerNo)
                .orElseThrow(() -> ApiProblem.notFound("consumerNo", "No consumer " + consumerNo));
        Wallet.Posted posted = wallet.post(consumerNo, Wallet.Kind.RECHARGE, amountPaise, paymentReference, null,
                "{\"channel\": \"" + channel.replace("\"", "") + "\"}", by);
        if (!posted.created()) {
            if (posted.entry().amountPaise() != amountPaise) {
                throw ApiProblem.conflict("paymentReference", "Payment " + paymentReference
                        + " was already posted with another amount (" + posted.entry().amountPaise() + " paise)");
            }
            return posted;
        }
        Map<String, String> params = Map.of("name", account.name(), "consumerNo", consumerNo,
                "amount", rupees(amountPaise), "balance", rupees(posted.entry().balanceAfterPaise()),
                "reference", paymentReference, "utility", utility);
        for (Notifications.Request r : requests(account, "RECHARGE_RECEIVED", params, "recharge:" + consumerNo + ":"
                + paymentReference, by)) {
            notifications.queue(r);
        }
        return posted;
    }

    /** The notifications of one occurrence to a consumer: SMS to the phone and email, where the account has them. */
    private List<Notifications.Request> requests(ConsumerAccount a, String template, Map<String, String> params, String key,
                                                 String by) {
        List<Notifications.Request> out = new ArrayList<>();
        String mobile = mobile(a.phone());
        if (mobile != null) {
            out.add(new Notifications.Request(Notifications.Channel.SMS, mobile, template, language, params, key + ":sms", by));
        }
        if (a.email() != null && !a.email().isBlank()) {
            out.add(new Notifications.Request(Notifications.Channel.EMAIL, a.email(), template, language, params,
                    key + ":email", by));
        }
        return out;
    }

    /** An Indian mobile number as +91XXXXXXXXXX, or null when the account has none that could be one. */
    static String mobile(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("[^0-9+]", "");
        if (digits.matches("\\+[1-9][0-9]{7,14}")) {
            return digits;
        }
        if (digits.matches("(0|91)?[6-9][0-9]{9}")) {
            return "+91" + digits.substring(digits.length() - 10);
        }
        return null;
    }

    static String rupees(long paise) {
        return new BigDecimal(paise).movePointLeft(2).toPlainString();
    }
}
