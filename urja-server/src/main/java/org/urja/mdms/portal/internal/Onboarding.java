package org.urja.mdms.portal.internal;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.notification.Notifications;
import org.urja.mdms.portal.internal.OneTimeCodes.Purpose;
import org.urja.mdms.portal.internal.OneTimeCodes.Result;

/**
 * What a consumer proves with a one-time code: a new login (UC15.1–15.4), a forgotten password (a new one, which also
 * unlocks the login), another consumer number under the same login. The consumer number and the registered mobile
 * number or email are checked against the customer module's accounts; an unknown number and a contact that does not
 * match get the same answer, so the form tells nobody whose numbers exist.
 */
@Service
class Onboarding {

    /** A code was sent; the challenge to check it against, and where it went (masked). */
    record Started(long challengeId, String sentTo) {
    }

    /** What checking a code came to; {@code loginId} and {@code sentTo} are set on success where they apply. */
    record Outcome(Result result, int attemptsLeft, String loginId, String sentTo, String consumerNo) {
        boolean ok() {
            return result == Result.OK;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz";
    private static final String DIGITS = "23456789";

    private final ConsumerAccounts accounts;
    private final ConsumerLogins logins;
    private final OneTimeCodes codes;
    private final Notifications notifications;
    private final PasswordEncoder encoder;
    private final AuditTrail audit;
    private final String utility;

    Onboarding(ConsumerAccounts accounts, ConsumerLogins logins, OneTimeCodes codes, Notifications notifications,
               PasswordEncoder encoder, AuditTrail audit, @Value("${urja.notification.utility-name:Urja}") String utility) {
        this.accounts = accounts;
        this.logins = logins;
        this.codes = codes;
        this.notifications = notifications;
        this.encoder = encoder;
        this.audit = audit;
        this.utility = utility;
    }

    // --- registration (UC15.1-15.4) ---

    @Transactional
    Started startRegistration(String consumerNo, String contactInput, String language) {
        Matched m = match(consumerNo, contactInput);
        if (logins.holding(m.account().consumerNo()).isPresent()) {
            throw new Refusal("consumerNo", "portal.register.already");
        }
        long id = codes.issue(Purpose.REGISTER, m.account().consumerNo(), null, m.contact(), language);
        return new Started(id, m.contact().masked());
    }

    /** On the right code: the login with a default password, and its login id and password sent (UC15.4). */
    @Transactional
    Outcome completeRegistration(long challengeId, String code, String language, String from) {
        var v = codes.verify(challengeId, code);
        if (v.result() != Result.OK || v.challenge().purpose() != Purpose.REGISTER) {
            return new Outcome(v.result() == Result.OK ? Result.USED : v.result(), v.attemptsLeft(), null, null, null);
        }
        ConsumerAccount account = accounts.find(v.challenge().consumerNo()).orElseThrow();
        if (logins.holding(account.consumerNo()).isPresent()) {
            return new Outcome(Result.USED, 0, null, null, null);
        }
        String password = defaultPassword();
        Optional<Contact> mobile = Contact.parse(account.phone()).filter(c -> c.channel() == Notifications.Channel.SMS);
        Optional<Contact> email = Contact.parse(account.email()).filter(c -> c.channel() == Notifications.Channel.EMAIL);
        var login = logins.create(account.consumerNo(), mobile.map(Contact::value).orElse(null),
                email.map(Contact::value).orElse(null), encoder.encode(password), language);
        // UC15.4: by email where the account has one, else by SMS to the number the code went to.
        Contact to = email.orElse(v.challenge().destination());
        notifications.queue(new Notifications.Request(to.channel(), to.value(), "PORTAL_CREDENTIALS", language,
                Map.of("name", account.name(), "loginId", login.loginId(), "password", password, "utility", utility),
                "portal-credentials:" + login.id(), "portal"));
        audit.record(login.loginId(), "CONSUMER_REGISTERED", account.consumerNo(), "OK", "credentials sent by "
                + to.channel(), from);
        return new Outcome(Result.OK, 0, login.loginId(), to.masked(), account.consumerNo());
    }

    // --- forgotten password ---

    @Transactional
    Started startReset(String consumerNo, String contactInput, String language) {
        Matched m = match(consumerNo, contactInput);
        var login = logins.holding(m.account().consumerNo())
                .orElseThrow(() -> new Refusal("consumerNo", "portal.forgot.notRegistered"));
        long id = codes.issue(Purpose.RESET, m.account().consumerNo(), login.id(), m.contact(), language);
        return new Started(id, m.contact().masked());
    }

    /** On the right code the new password replaces the old one and the login is unlocked. */
    @Transactional
    Outcome completeReset(long challengeId, String code, String newPassword, String confirmation, String from) {
        var challenge = codes.find(challengeId).orElse(null);
        if (challenge == null || challenge.purpose() != Purpose.RESET || challenge.loginId() == null) {
            return new Outcome(Result.USED, 0, null, null, null);
        }
        var login = logins.byId(challenge.loginId()).orElseThrow();
        PasswordPolicy.check(login.loginId(), newPassword, confirmation); // before the code, so a typo costs no attempt
        var v = codes.verify(challengeId, code);
        if (v.result() != Result.OK) {
            return new Outcome(v.result(), v.attemptsLeft(), null, null, null);
        }
        logins.changePassword(login.id(), encoder.encode(newPassword));
        audit.record(login.loginId(), "CONSUMER_PASSWORD_RESET", challenge.consumerNo(), "OK", "by one-time code", from);
        return new Outcome(Result.OK, 0, login.loginId(), null, challenge.consumerNo());
    }

    // --- another consumer number under the same login ---

    /**
     * The account must share the login's registered mobile number or email (the consumer proves it again by code);
     * a number held by any login, or one that shares neither, is refused the same way.
     */
    @Transactional
    Started startLink(String loginId, String consumerNo, String language) {
        var login = logins.byLoginId(loginId).orElseThrow();
        String k = consumerNo == null ? "" : consumerNo.strip();
        if (k.isEmpty()) {
            throw new Refusal("consumerNo", "portal.register.consumerNoRequired");
        }
        var holder = logins.holding(k);
        if (holder.isPresent() && holder.get().id() == login.id()) {
            throw new Refusal("consumerNo", "portal.link.yours");
        }
        ConsumerAccount account = accounts.find(k).filter(a -> holder.isEmpty()).orElseThrow(
                () -> new Refusal("consumerNo", "portal.link.noMatch"));
        Contact to = Contact.parse(account.phone()).filter(c -> c.value().equals(login.mobile()))
                .or(() -> Contact.parse(account.email()).filter(c -> c.value().equals(login.email())))
                .orElseThrow(() -> new Refusal("consumerNo", "portal.link.noMatch"));
        long id = codes.issue(Purpose.LINK, k, login.id(), to, language);
        return new Started(id, to.masked());
    }

    @Transactional
    Outcome completeLink(String loginId, long challengeId, String code, String from) {
        var login = logins.byLoginId(loginId).orElseThrow();
        var challenge = codes.find(challengeId).orElse(null);
        if (challenge == null || challenge.purpose() != Purpose.LINK || challenge.loginId() == null
                || challenge.loginId() != login.id()) {
            return new Outcome(Result.USED, 0, null, null, null);
        }
        var v = codes.verify(challengeId, code);
        if (v.result() != Result.OK) {
            return new Outcome(v.result(), v.attemptsLeft(), null, null, null);
        }
        if (!logins.link(login.id(), challenge.consumerNo())) {
            throw new Refusal("consumerNo", "portal.link.noMatch");
        }
        audit.record(login.loginId(), "CONSUMER_ACCOUNT_LINKED", challenge.consumerNo(), "OK", "by one-time code", from);
        return new Outcome(Result.OK, 0, login.loginId(), null, challenge.consumerNo());
    }

    /** Sends the pending code of a challenge again (after the cool-down). */
    void resend(long challengeId, String language) {
        codes.resend(challengeId, language);
    }

    Optional<OneTimeCodes.Challenge> challenge(long id) {
        return codes.find(id);
    }

    private record Matched(ConsumerAccount account, Contact contact) {
    }

    private Matched match(String consumerNo, String contactInput) {
        String k = consumerNo == null ? "" : consumerNo.strip();
        if (k.isEmpty()) {
            throw new Refusal("consumerNo", "portal.register.consumerNoRequired");
        }
        Contact contact = Contact.parse(contactInput).orElseThrow(() -> new Refusal("contact", "portal.register.contactInvalid"));
        ConsumerAccount account = accounts.find(k)
                .filter(a -> Contact.parse(contact.channel() == Notifications.Channel.SMS ? a.phone() : a.email())
                        .map(c -> c.equals(contact)).orElse(false))
                .orElseThrow(() -> new Refusal("consumerNo", "portal.register.noMatch"));
        return new Matched(account, contact);
    }

    static String defaultPassword() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            String from = i % 4 == 3 ? DIGITS : LETTERS;
            s.append(from.charAt(RANDOM.nextInt(from.length())));
        }
        return s.toString();
    }
}
