package org.urja.mdms.billing.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.ApiProblem.FieldIssue;

/** Bill groups and which service points are billed in each ({@code billing_group}, {@code billing_group_member}). */
@Repository
class BillingGroups implements org.urja.mdms.billing.BillGroups {

    record Group(String code, String name, int readDay, String createdBy, Instant createdAt, long servicePoints) {
    }

    private final JdbcClient jdbc;
    private final NetworkRegistry network;

    BillingGroups(JdbcClient jdbc, NetworkRegistry network) {
        this.jdbc = jdbc;
        this.network = network;
    }

    Optional<Group> find(String code) {
        return jdbc.sql("""
                        SELECT g.code, g.name, g.read_day, g.created_by, g.created_at,
                               (SELECT count(*) FROM billing_group_member m WHERE m.group_code = g.code)
                        FROM billing_group g WHERE g.code = ?""")
                .param(code).query((rs, i) -> group(rs)).optional();
    }

    @Override
    public boolean exists(String groupCode) {
        return find(groupCode).isPresent();
    }

    @Override
    public void join(String groupCode, String servicePointCode, String by) {
        assign(groupCode, List.of(servicePointCode), "servicePointCode", by);
    }

    Group require(String code) {
        return find(code).orElseThrow(() -> ApiProblem.notFound("group", "No bill group " + code));
    }

    List<Group> all() {
        return jdbc.sql("""
                        SELECT g.code, g.name, g.read_day, g.created_by, g.created_at,
                               (SELECT count(*) FROM billing_group_member m WHERE m.group_code = g.code)
                        FROM billing_group g ORDER BY g.code""")
                .query((rs, i) -> group(rs)).list();
    }

    /** Creates a group; the same definition again is a repeat (false), another one under the code a 409. */
    @Override
    @Transactional
    public boolean create(String code, String name, int readDay, String by) {
        int created = jdbc.sql("""
                        INSERT INTO billing_group (code, name, read_day, created_by) VALUES (?, ?, ?, ?)
                        ON CONFLICT (code) DO NOTHING""")
                .params(code, name, readDay, by).update();
        if (created == 0) {
            Group existing = require(code);
            if (!existing.name().equals(name) || existing.readDay() != readDay) {
                throw ApiProblem.conflict("code", "Bill group " + code + " exists with another name or read day");
            }
        }
        return created == 1;
    }

    /**
     * Assigns service points to a group (moving them from any other group). Unknown service points are refused, naming
     * each by its position; nothing changes then. Returns how many were assigned or moved.
     */
    @Transactional
    int assign(String groupCode, List<String> servicePointCodes, String field, String by) {
        require(groupCode);
        Map<String, ?> known = network.servicePoints(servicePointCodes);
        List<FieldIssue> issues = new ArrayList<>();
        for (int i = 0; i < servicePointCodes.size(); i++) {
            if (!known.containsKey(servicePointCodes.get(i))) {
                issues.add(FieldIssue.of(field + "[" + i + "]", "Unknown service point " + servicePointCodes.get(i)));
            }
        }
        if (!issues.isEmpty()) {
            throw ApiProblem.invalid(issues.size() + " unknown service points", issues);
        }
        return write(List.of(groupCode), servicePointCodes, by);
    }

    /** Members in {@code groupCodes} order (one group for all, or one per service point). */
    int write(List<String> groupCodes, Collection<String> servicePointCodes, String by) {
        String[] groups = groupCodes.size() == 1
                ? servicePointCodes.stream().map(s -> groupCodes.get(0)).toArray(String[]::new)
                : groupCodes.toArray(String[]::new);
        return jdbc.sql("""
                        INSERT INTO billing_group_member AS m (service_point_code, group_code, assigned_by)
                        SELECT DISTINCT ON (sp) sp, g, ? FROM unnest(?::text[], ?::text[]) AS u(sp, g)
                        ON CONFLICT (service_point_code) DO UPDATE
                        SET group_code = EXCLUDED.group_code, assigned_by = EXCLUDED.assigned_by, assigned_at = now()
                        WHERE m.group_code <> EXCLUDED.group_code""")
                .params(by, servicePointCodes.toArray(String[]::new), groups)
                .update();
    }

    @Transactional
    boolean remove(String groupCode, String servicePointCode) {
        require(groupCode);
        return jdbc.sql("DELETE FROM billing_group_member WHERE group_code = ? AND service_point_code = ?")
                .params(groupCode, servicePointCode).update() == 1;
    }

    /** The group's service points in code order after {@code after} (null: from the start), at most {@code limit}. */
    List<String> members(String groupCode, String after, int limit) {
        return jdbc.sql("""
                        SELECT service_point_code FROM billing_group_member
                        WHERE group_code = ? AND service_point_code > ? ORDER BY service_point_code LIMIT ?""")
                .params(groupCode, after == null ? "" : after, limit).query(String.class).list();
    }

    private static Group group(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Group(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                rs.getObject(5, java.time.OffsetDateTime.class).toInstant(), rs.getLong(6));
    }
}
