package org.urja.mdms.access.internal;

import java.sql.Array;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.urja.mdms.platform.StaffRole;

/** JDBC store of staff users. */
@Repository
class StaffUsers {

    record StaffUser(long id, String username, String displayName, String passwordHash, List<StaffRole> roles,
                     boolean enabled, boolean mustChangePassword, int failedAttempts, OffsetDateTime lockedUntil,
                     OffsetDateTime lastSignInAt) {
    }

    private final JdbcClient jdbc;

    StaffUsers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StaffUser> find(String username) {
        return jdbc.sql(SELECT + " WHERE username = ?").param(username).query((rs, i) -> map(rs)).optional();
    }

    List<StaffUser> all() {
        return jdbc.sql(SELECT + " ORDER BY username").query((rs, i) -> map(rs)).list();
    }

    long count() {
        return jdbc.sql("SELECT count(*) FROM staff_user").query(Long.class).single();
    }

    boolean create(String username, String displayName, String passwordHash, List<StaffRole> roles, boolean mustChange) {
        return jdbc.sql("""
                        INSERT INTO staff_user (username, display_name, password_hash, roles, must_change_password)
                        VALUES (?, ?, ?, ?::text[], ?) ON CONFLICT (username) DO NOTHING""")
                .params(username, displayName, passwordHash, roles.stream().map(Enum::name).toArray(String[]::new), mustChange)
                .update() == 1;
    }

    void recordFailure(String username, int maxAttempts, OffsetDateTime lockUntil) {
        jdbc.sql("""
                        UPDATE staff_user SET failed_attempts = failed_attempts + 1,
                               locked_until = CASE WHEN failed_attempts + 1 >= ? THEN ? ELSE locked_until END
                        WHERE username = ?""")
                .params(maxAttempts, lockUntil, username).update();
    }

    void recordSuccess(String username, OffsetDateTime at) {
        jdbc.sql("UPDATE staff_user SET failed_attempts = 0, locked_until = NULL, last_sign_in_at = ? WHERE username = ?")
                .params(at, username).update();
    }

    void unlock(String username) {
        jdbc.sql("UPDATE staff_user SET failed_attempts = 0, locked_until = NULL WHERE username = ?").param(username).update();
    }

    void changePassword(String username, String hash) {
        jdbc.sql("UPDATE staff_user SET password_hash = ?, must_change_password = FALSE WHERE username = ?")
                .params(hash, username).update();
    }

    private static final String SELECT = """
            SELECT id, username, display_name, password_hash, roles, enabled, must_change_password, failed_attempts,
                   locked_until, last_sign_in_at FROM staff_user""";

    private static StaffUser map(java.sql.ResultSet rs) throws java.sql.SQLException {
        Array roles = rs.getArray(5);
        List<StaffRole> list = Arrays.stream((String[]) roles.getArray()).map(StaffRole::valueOf).toList();
        return new StaffUser(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), list, rs.getBoolean(6),
                rs.getBoolean(7), rs.getInt(8), rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class));
    }
}
