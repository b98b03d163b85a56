package org.urja.mdms.portal.internal;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Consumer sign-in identities and the consumer numbers each holds (tables consumer_login, consumer_login_account). */
@Repository
class ConsumerLogins {

    record Login(long id, String loginId, String mobile, String email, String passwordHash, boolean mustChangePassword,
                 int failedAttempts, OffsetDateTime lockedUntil, String language) {
    }

    private static final String COLUMNS = """
            id, login_id, mobile, email, password_hash, must_change_password, failed_attempts, locked_until, language""";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    ConsumerLogins(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Login> byLoginId(String loginId) {
        if (loginId == null) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM consumer_login WHERE login_id = ?")
                .param(loginId.strip().toUpperCase()).query(ConsumerLogins::login).optional();
    }

    Optional<Login> byId(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM consumer_login WHERE id = ?").param(id)
                .query(ConsumerLogins::login).optional();
    }

    /** The login holding a consumer number, if it is registered. */
    Optional<Login> holding(String consumerNo) {
        return jdbc.sql("SELECT " + COLUMNS.replaceAll("(\\w+)", "l.$1") + """
                         \sFROM consumer_login l JOIN consumer_login_account a ON a.login_id = l.id WHERE a.consumer_no = ?""")
                .param(consumerNo).query(ConsumerLogins::login).optional();
    }

    List<String> consumerNos(long loginId) {
        return jdbc.sql("SELECT consumer_no FROM consumer_login_account WHERE login_id = ? ORDER BY linked_at, consumer_no")
                .param(loginId).query(String.class).list();
    }

    /** A consumer number some login holds already (found when two registrations race). */
    static final class AlreadyRegistered extends RuntimeException {
        AlreadyRegistered(String consumerNo) {
            super("consumer number " + consumerNo + " already has a login");
        }
    }

    /**
     * Creates a login (a fresh random login id) holding {@code consumerNo}; throws {@link AlreadyRegistered} (rolling the
     * caller's transaction back) when another login took the number meanwhile.
     */
    Login create(String consumerNo, String mobile, String email, String passwordHash, String language) {
        for (int attempt = 0; attempt < 5; attempt++) {
            String loginId = "C" + (100_000_000 + RANDOM.nextInt(900_000_000));
            if (byLoginId(loginId).isPresent()) {
                continue;
            }
            long id = insert(loginId, mobile, email, passwordHash, language, true);
            if (!link(id, consumerNo)) {
                throw new AlreadyRegistered(consumerNo);
            }
            return byId(id).orElseThrow();
        }
        throw new IllegalStateException("no free login id after 5 attempts");
    }

    long insert(String loginId, String mobile, String email, String passwordHash, String language, boolean mustChange) {
        return jdbc.sql("""
                        INSERT INTO consumer_login (login_id, mobile, email, password_hash, language, must_change_password)
                        VALUES (?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(loginId, mobile, email, passwordHash, language, mustChange).query(Long.class).single();
    }

    /** Adds a consumer number to a login; false when some login holds it already. */
    boolean link(long loginId, String consumerNo) {
        return jdbc.sql("""
                        INSERT INTO consumer_login_account (login_id, consumer_no) VALUES (?, ?)
                        ON CONFLICT (consumer_no) DO NOTHING""")
                .params(loginId, consumerNo).update() == 1;
    }

    void changePassword(long id, String passwordHash) {
        jdbc.sql("""
                        UPDATE consumer_login SET password_hash = ?, must_change_password = false, password_changed_at = now(),
                               failed_attempts = 0, locked_until = NULL WHERE id = ?""")
                .params(passwordHash, id).update();
    }

    void recordSuccess(long id) {
        jdbc.sql("UPDATE consumer_login SET failed_attempts = 0, locked_until = NULL, last_sign_in_at = now() WHERE id = ?")
                .param(id).update();
    }

    /** Counts a wrong password; returns whether the login is locked now. */
    boolean recordFailure(long id, int maxFailures, OffsetDateTime lockUntil) {
        return jdbc.sql("""
                        UPDATE consumer_login SET failed_attempts = failed_attempts + 1,
                               locked_until = CASE WHEN failed_attempts + 1 >= ? THEN ? ELSE locked_until END
                        WHERE id = ? RETURNING locked_until IS NOT NULL AND locked_until > now()""")
                .params(maxFailures, lockUntil, id).query(Boolean.class).single();
    }

    void language(long id, String language) {
        jdbc.sql("UPDATE consumer_login SET language = ? WHERE id = ?").params(language, id).update();
    }

    private static Login login(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Login(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getBoolean(6), rs.getInt(7), rs.getObject(8, OffsetDateTime.class), rs.getString(9));
    }
}
