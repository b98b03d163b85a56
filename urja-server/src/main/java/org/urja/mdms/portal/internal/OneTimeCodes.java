package org.urja.mdms.portal.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.notification.Notifications;

/**
 * One-time codes sent by SMS or email (UC15.2): 6 digits, valid {@code urja.portal.otp-validity}, at most
 * {@code otp-max-attempts} wrong tries, sent again only after {@code otp-resend-cooldown} and at most
 * {@code otp-sends-per-hour} times an hour to one destination. Only a BCrypt hash of a code is stored; the code itself
 * exists in the message outbox only. A challenge is used once.
 */
@Service
class OneTimeCodes {

    enum Purpose { REGISTER, RESET, LINK }

    record Challenge(long id, Purpose purpose, String consumerNo, Long loginId, Contact destination, int attempts,
                     String status, OffsetDateTime lastSentAt, OffsetDateTime expiresAt) {
    }

    enum Result { OK, WRONG, EXHAUSTED, EXPIRED, USED }

    record Verification(Result result, int attemptsLeft, Challenge challenge) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final Notifications notifications;
    private final PortalProperties props;
    private final Clock clock;
    private final String utility;

    OneTimeCodes(JdbcClient jdbc, PasswordEncoder encoder, Notifications notifications, PortalProperties props, Clock clock,
                 @Value("${urja.notification.utility-name:Urja}") String utility) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.notifications = notifications;
        this.props = props;
        this.clock = clock;
        this.utility = utility;
    }

    /** Sends a new code; earlier pending codes of the consumer for the same purpose die. Returns the challenge id. */
    @Transactional(propagation = Propagation.MANDATORY)
    long issue(Purpose purpose, String consumerNo, Long loginId, Contact to, String language) {
        checkHourlyLimit(to);
        jdbc.sql("UPDATE consumer_otp SET status = 'SUPERSEDED' WHERE consumer_no = ? AND purpose = ? AND status = 'PENDING'")
                .params(consumerNo, purpose.name()).update();
        String code = newCode();
        OffsetDateTime now = OffsetDateTime.now(clock);
        long id = jdbc.sql("""
                        INSERT INTO consumer_otp (purpose, consumer_no, login_id, channel, destination, code_hash, last_sent_at,
                                                  expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(purpose.name(), consumerNo, loginId, to.channel().name(), to.value(), encoder.encode(code), now,
                        now.plus(props.otpValidity()))
                .query(Long.class).single();
        send(id, 1, to, code, language);
        return id;
    }

    /** Sends a fresh code for a pending (or expired) challenge, once the cool-down is over (the earlier code stops working). */
    @Transactional
    void resend(long id, String language) {
        Challenge c = lock(id).orElseThrow(() -> new Refusal("code", "portal.otp.used"));
        if (!c.status().equals("PENDING") && !c.status().equals("EXPIRED")) {
            throw new Refusal("code", "portal.otp.used");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime allowed = c.lastSentAt().plus(props.otpResendCooldown());
        if (now.isBefore(allowed)) {
            long seconds = Math.max(1, Duration.between(now, allowed).toSeconds() + 1);
            throw new Refusal("code", "portal.otp.cooldown", seconds);
        }
        checkHourlyLimit(c.destination());
        String code = newCode();
        int sends = jdbc.sql("""
                        UPDATE consumer_otp SET status = 'PENDING', code_hash = ?, attempts = 0, sends = sends + 1, last_sent_at = ?, expires_at = ?
                        WHERE id = ? RETURNING sends""")
                .params(encoder.encode(code), now, now.plus(props.otpValidity()), id).query(Integer.class).single();
        send(id, sends, c.destination(), code, language);
    }

    /** Checks a code typed by the consumer; a wrong one counts, and the last allowed wrong one ends the challenge. */
    @Transactional(propagation = Propagation.MANDATORY)
    Verification verify(long id, String code) {
        Challenge c = lock(id).orElse(null);
        if (c == null) {
            return new Verification(Result.USED, 0, null);
        }
        switch (c.status()) {
            case "PENDING" -> { }
            case "EXHAUSTED" -> { return new Verification(Result.EXHAUSTED, 0, c); }
            case "EXPIRED" -> { return new Verification(Result.EXPIRED, 0, c); }
            default -> { return new Verification(Result.USED, 0, c); }
        }
        if (!OffsetDateTime.now(clock).isBefore(c.expiresAt())) {
            jdbc.sql("UPDATE consumer_otp SET status = 'EXPIRED' WHERE id = ?").param(id).update();
            return new Verification(Result.EXPIRED, 0, c);
        }
        String typed = code == null ? "" : code.strip();
        if (typed.matches("[0-9]{6}") && encoder.matches(typed, jdbc.sql("SELECT code_hash FROM consumer_otp WHERE id = ?")
                .param(id).query(String.class).single())) {
            jdbc.sql("UPDATE consumer_otp SET status = 'VERIFIED', verified_at = ? WHERE id = ?")
                    .params(OffsetDateTime.now(clock), id).update();
            return new Verification(Result.OK, 0, c);
        }
        int attempts = c.attempts() + 1;
        boolean dead = attempts >= props.otpMaxAttempts();
        jdbc.sql("UPDATE consumer_otp SET attempts = ?, status = ? WHERE id = ?")
                .params(attempts, dead ? "EXHAUSTED" : "PENDING", id).update();
        return new Verification(dead ? Result.EXHAUSTED : Result.WRONG, props.otpMaxAttempts() - attempts, c);
    }

    Optional<Challenge> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM consumer_otp WHERE id = ?").param(id).query(OneTimeCodes::challenge)
                .optional();
    }

    private Optional<Challenge> lock(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM consumer_otp WHERE id = ? FOR UPDATE").param(id)
                .query(OneTimeCodes::challenge).optional();
    }

    private void checkHourlyLimit(Contact to) {
        int sent = jdbc.sql("""
                        SELECT coalesce(sum(sends), 0) FROM consumer_otp WHERE destination = ? AND last_sent_at > ?""")
                .params(to.value(), OffsetDateTime.now(clock).minusHours(1)).query(Integer.class).single();
        if (sent >= props.otpSendsPerHour()) {
            throw new Refusal("contact", "portal.otp.tooMany");
        }
    }

    private void send(long id, int sendNo, Contact to, String code, String language) {
        notifications.queue(new Notifications.Request(to.channel(), to.value(), "PORTAL_OTP", language,
                Map.of("code", code, "minutes", Long.toString(props.otpValidity().toMinutes()), "utility", utility),
                "portal-otp:" + id + ":" + sendNo, "portal"));
    }

    private static String newCode() {
        return String.format("%06d", RANDOM.nextInt(1_000_000));
    }

    private static final String COLUMNS = """
            id, purpose, consumer_no, login_id, channel, destination, attempts, status, last_sent_at, expires_at""";

    private static Challenge challenge(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        long loginId = rs.getLong(4);
        Long login = rs.wasNull() ? null : loginId;
        return new Challenge(rs.getLong(1), Purpose.valueOf(rs.getString(2)), rs.getString(3), login,
                new Contact(Notifications.Channel.valueOf(rs.getString(5)), rs.getString(6)), rs.getInt(7),
                rs.getString(8), rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class));
    }
}
