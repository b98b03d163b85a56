package org.urja.mdms.network.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.network.CommPath;
import org.urja.mdms.network.Dcu;
import org.urja.mdms.network.Installation;
import org.urja.mdms.network.Meter;
import org.urja.mdms.network.MeterCategory;
import org.urja.mdms.network.MeterGroup;
import org.urja.mdms.network.MeterLocation;
import org.urja.mdms.network.MeterRole;
import org.urja.mdms.network.MeterView;
import org.urja.mdms.network.NetworkLevel;
import org.urja.mdms.network.NetworkNode;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.network.PaymentMode;
import org.urja.mdms.network.Placement;
import org.urja.mdms.network.ServicePoint;

@Service
class JdbcNetworkRegistry implements NetworkRegistry {

    static final String METER_COLUMNS = """
            m.serial_no, m.manufacturer, m.category, m.firmware_version, m.multiplier, m.interval_minutes,
            m.payment_mode, m.relay_capable, m.comm_path, m.role""";

    private final JdbcClient jdbc;

    JdbcNetworkRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<MeterView> meter(String serialNo) {
        Optional<Meter> meter = jdbc.sql("SELECT " + METER_COLUMNS + " FROM meter m WHERE m.serial_no = ?")
                .param(serialNo).query((rs, i) -> meter(rs)).optional();
        if (meter.isEmpty()) {
            return Optional.empty();
        }
        Placement current = placementHistory(serialNo).stream().filter(p -> p.validTo() == null).findFirst().orElse(null);
        List<NetworkNode> path = current == null ? List.of() : pathTo(current.nodeCode());
        Installation installation = installationHistory(serialNo).stream()
                .filter(i -> i.removedAt() == null).findFirst().orElse(null);
        return Optional.of(new MeterView(meter.get(), current, path,
                installation == null ? null : installation.servicePointCode(),
                installation == null ? null : installation.consumerNo()));
    }

    @Override
    public List<PlacedMeter> placedMeters(String afterSerialNo, int limit) {
        return jdbc.sql("""
                        SELECT %s, (SELECT min(f.valid_from) FROM meter_placement f WHERE f.meter_id = m.id)
                        FROM meter m JOIN meter_placement p ON p.meter_id = m.id AND p.valid_to IS NULL
                        WHERE m.serial_no > coalesce(?, '') ORDER BY m.serial_no LIMIT ?""".formatted(METER_COLUMNS))
                .params(afterSerialNo, limit)
                .query((rs, i) -> new PlacedMeter(meter(rs), rs.getObject(11, java.time.OffsetDateTime.class).toInstant()))
                .list();
    }

    @Override
    public java.util.Map<String, MeterSummary> meterSummaries(java.util.Collection<String> serialNos) {
        java.util.Map<String, MeterSummary> out = new java.util.HashMap<>();
        if (serialNos.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        SELECT %s, p.meter_id IS NOT NULL, s.code, s.consumer_no
                        FROM meter m
                        LEFT JOIN meter_placement p ON p.meter_id = m.id AND p.valid_to IS NULL
                        LEFT JOIN meter_installation i ON i.meter_id = m.id AND i.removed_at IS NULL
                        LEFT JOIN service_point s ON s.id = i.service_point_id
                        WHERE m.serial_no = ANY(?)""".formatted(METER_COLUMNS))
                .param(serialNos.toArray(String[]::new))
                .query(rs -> {
                    Meter m = meter(rs);
                    out.put(m.serialNo(), new MeterSummary(m, rs.getBoolean(11), rs.getString(12), rs.getString(13)));
                });
        return out;
    }

    @Override
    public List<Meter> metersUnder(String nodeCode, int limit, int offset) {
        return jdbc.sql("""
                        WITH RECURSIVE sub AS (
                            SELECT id FROM network_node WHERE code = ?
                            UNION ALL
                            SELECT n.id FROM network_node n JOIN sub ON n.parent_id = sub.id)
                        SELECT %s FROM meter_placement p JOIN meter m ON m.id = p.meter_id
                        WHERE p.valid_to IS NULL AND p.node_id IN (SELECT id FROM sub)
                        ORDER BY m.serial_no LIMIT ? OFFSET ?""".formatted(METER_COLUMNS))
                .params(nodeCode, limit, offset)
                .query((rs, i) -> meter(rs)).list();
    }

    @Override
    public List<Meter> metersOnDcu(String dcuCode, int limit, int offset) {
        return jdbc.sql("""
                        SELECT %s FROM meter_placement p JOIN meter m ON m.id = p.meter_id JOIN dcu d ON d.id = p.dcu_id
                        WHERE p.valid_to IS NULL AND d.code = ? ORDER BY m.serial_no LIMIT ? OFFSET ?""".formatted(METER_COLUMNS))
                .params(dcuCode, limit, offset)
                .query((rs, i) -> meter(rs)).list();
    }

    @Override
    public List<Placement> placementHistory(String serialNo) {
        return jdbc.sql("""
                        SELECT m.serial_no, n.level, n.code, d.code, p.valid_from, p.valid_to, p.reason
                        FROM meter_placement p JOIN meter m ON m.id = p.meter_id
                        JOIN network_node n ON n.id = p.node_id LEFT JOIN dcu d ON d.id = p.dcu_id
                        WHERE m.serial_no = ? ORDER BY p.valid_from, p.id""")
                .param(serialNo)
                .query((rs, i) -> new Placement(rs.getString(1), NetworkLevel.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class),
                        rs.getString(7)))
                .list();
    }

    @Override
    public List<Installation> installationHistory(String serialNo) {
        return jdbc.sql("""
                        SELECT s.code, s.consumer_no, m.serial_no, i.installed_at, i.removed_at,
                               i.initial_reading_kwh, i.final_reading_kwh
                        FROM meter_installation i JOIN meter m ON m.id = i.meter_id
                        JOIN service_point s ON s.id = i.service_point_id
                        WHERE m.serial_no = ? ORDER BY i.installed_at, i.id""")
                .param(serialNo)
                .query((rs, i) -> new Installation(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getObject(5, OffsetDateTime.class),
                        rs.getBigDecimal(6), rs.getBigDecimal(7)))
                .list();
    }

    @Override
    public Optional<ServicePoint> servicePoint(String code) {
        return jdbc.sql("SELECT code, consumer_no, address FROM service_point WHERE code = ?")
                .param(code).query((rs, i) -> new ServicePoint(rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    @Override
    public List<ServicePoint> servicePointsOf(String consumerNo) {
        return jdbc.sql("SELECT code, consumer_no, address FROM service_point WHERE consumer_no = ? ORDER BY code")
                .param(consumerNo).query((rs, i) -> new ServicePoint(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    @Override
    public java.util.Map<String, ServicePoint> servicePoints(java.util.Collection<String> codes) {
        java.util.Map<String, ServicePoint> out = new java.util.HashMap<>();
        if (!codes.isEmpty()) {
            jdbc.sql("SELECT code, consumer_no, address FROM service_point WHERE code = ANY(?)")
                    .param(codes.toArray(String[]::new))
                    .query(rs -> {
                        out.put(rs.getString(1), new ServicePoint(rs.getString(1), rs.getString(2), rs.getString(3)));
                    });
        }
        return out;
    }

    @Override
    public java.util.Map<String, List<Installation>> servicePointHistories(java.util.Collection<String> codes) {
        java.util.Map<String, List<Installation>> out = new java.util.HashMap<>();
        if (!codes.isEmpty()) {
            jdbc.sql("""
                            SELECT s.code, s.consumer_no, m.serial_no, i.installed_at, i.removed_at,
                                   i.initial_reading_kwh, i.final_reading_kwh
                            FROM service_point s LEFT JOIN meter_installation i ON i.service_point_id = s.id
                            LEFT JOIN meter m ON m.id = i.meter_id
                            WHERE s.code = ANY(?) ORDER BY s.code, i.installed_at, i.id""")
                    .param(codes.toArray(String[]::new))
                    .query(rs -> {
                        List<Installation> history = out.computeIfAbsent(rs.getString(1), k -> new java.util.ArrayList<>());
                        if (rs.getString(3) != null) {
                            history.add(new Installation(rs.getString(1), rs.getString(2), rs.getString(3),
                                    rs.getObject(4, OffsetDateTime.class), rs.getObject(5, OffsetDateTime.class),
                                    rs.getBigDecimal(6), rs.getBigDecimal(7)));
                        }
                    });
        }
        return out;
    }

    @Override
    public List<Installation> servicePointHistory(String servicePointCode) {
        return jdbc.sql("""
                        SELECT s.code, s.consumer_no, m.serial_no, i.installed_at, i.removed_at,
                               i.initial_reading_kwh, i.final_reading_kwh
                        FROM meter_installation i JOIN meter m ON m.id = i.meter_id
                        JOIN service_point s ON s.id = i.service_point_id
                        WHERE s.code = ? ORDER BY i.installed_at, i.id""")
                .param(servicePointCode)
                .query((rs, i) -> new Installation(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getObject(5, OffsetDateTime.class),
                        rs.getBigDecimal(6), rs.getBigDecimal(7)))
                .list();
    }

    @Override
    public Optional<NetworkNode> node(String code) {
        return jdbc.sql("""
                        SELECT n.level, n.code, n.name, p.code FROM network_node n
                        LEFT JOIN network_node p ON p.id = n.parent_id WHERE n.code = ?""")
                .param(code).query((rs, i) -> node(rs)).optional();
    }

    @Override
    public List<NetworkNode> nodes(NetworkLevel level, int limit) {
        return children(null, level, limit, 0);
    }

    /**
     * Set-wise in one statement. Each meter is looked up by its own index entries (serial, current placement, current
     * installation; the {@code LIMIT 1} sub-selects keep PostgreSQL from hashing the whole meter, installation and
     * service point tables for a few thousand meters), and each distinct node once: its parent and its consumer
     * meters. The count comes from the requested meters themselves when they are every meter placed at the node (the
     * energy audit asks for whole DTs); otherwise it is counted. JIT is off for the statement: compiling it took longer
     * than running it (see docs/energy-audit.md).
     */
    private static final String LOCATIONS = """
            WITH sel AS MATERIALIZED (
                SELECT x.id, u.serial_no, x.role, x.node_id
                FROM (SELECT DISTINCT unnest(CAST(? AS text[]))) AS u(serial_no)
                CROSS JOIN LATERAL (SELECT m.id, m.role, p.node_id
                                    FROM meter m JOIN meter_placement p ON p.meter_id = m.id AND p.valid_to IS NULL
                                    WHERE m.serial_no = u.serial_no LIMIT 1) x),
            at_node AS MATERIALIZED (
                SELECT d.node_id, n.level, n.code, parent.code AS parent_code,
                       CASE WHEN d.placed = (SELECT count(*) FROM meter_placement q
                                             WHERE q.node_id = d.node_id AND q.valid_to IS NULL)
                            THEN d.consumers
                            ELSE (SELECT count(*) FROM meter_placement q JOIN meter qm ON qm.id = q.meter_id
                                  WHERE q.node_id = d.node_id AND q.valid_to IS NULL AND qm.role = 'CONSUMER')
                       END AS consumers
                FROM (SELECT node_id, count(*) AS placed, count(*) FILTER (WHERE role = 'CONSUMER') AS consumers
                      FROM sel GROUP BY node_id) d
                JOIN network_node n ON n.id = d.node_id
                LEFT JOIN network_node parent ON parent.id = n.parent_id)
            SELECT sel.serial_no, sel.role, a.level, a.code, a.parent_code, a.consumers, s.code, s.consumer_no, s.address
            FROM sel JOIN at_node a ON a.node_id = sel.node_id
            LEFT JOIN LATERAL (SELECT sp.code, sp.consumer_no, sp.address
                               FROM meter_installation i JOIN service_point sp ON sp.id = i.service_point_id
                               WHERE i.meter_id = sel.id AND i.removed_at IS NULL LIMIT 1) s ON TRUE""";

    @Override
    @Transactional(readOnly = true)
    public java.util.Map<String, MeterLocation> locations(java.util.Collection<String> serialNos) {
        java.util.Map<String, MeterLocation> out = new java.util.HashMap<>();
        if (serialNos.isEmpty()) {
            return out;
        }
        // SET LOCAL for this statement only: a caller's transaction gets its setting back afterwards.
        String jit = jdbc.sql("SELECT current_setting('jit'), set_config('jit', 'off', true)")
                .query((rs, i) -> rs.getString(1)).single();
        jdbc.sql(LOCATIONS)
                .param(serialNos.toArray(String[]::new))
                .query(rs -> {
                    out.put(rs.getString(1), new MeterLocation(rs.getString(1), MeterRole.valueOf(rs.getString(2)),
                            NetworkLevel.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getInt(6),
                            rs.getString(7), rs.getString(8), rs.getString(9)));
                });
        jdbc.sql("SELECT set_config('jit', ?, true)").param(jit).query().singleValue();
        return out;
    }

    /** The node and its ancestors, circle first. */
    List<NetworkNode> pathTo(String code) {
        return jdbc.sql("""
                        WITH RECURSIVE up AS (
                            SELECT id, parent_id, 0 AS depth FROM network_node WHERE code = ?
                            UNION ALL
                            SELECT n.id, n.parent_id, up.depth + 1 FROM network_node n JOIN up ON n.id = up.parent_id)
                        SELECT n.level, n.code, n.name, p.code FROM up JOIN network_node n ON n.id = up.id
                        LEFT JOIN network_node p ON p.id = n.parent_id ORDER BY up.depth DESC""")
                .param(code).query((rs, i) -> node(rs)).list();
    }

    List<NetworkNode> children(String parentCode, NetworkLevel level, int limit, int offset) {
        StringBuilder sql = new StringBuilder("""
                SELECT n.level, n.code, n.name, p.code FROM network_node n
                LEFT JOIN network_node p ON p.id = n.parent_id WHERE TRUE""");
        var params = new java.util.ArrayList<Object>();
        if (parentCode != null) {
            sql.append(" AND p.code = ?");
            params.add(parentCode);
        }
        if (level != null) {
            sql.append(" AND n.level = ?");
            params.add(level.name());
        }
        sql.append(" ORDER BY n.code LIMIT ? OFFSET ?");
        params.add(limit);
        params.add(offset);
        return jdbc.sql(sql.toString()).params(params).query((rs, i) -> node(rs)).list();
    }

    @Override
    public List<Dcu> dcus(int limit, int offset) {
        return jdbc.sql("""
                        SELECT d.code, n.code, d.active,
                               (SELECT count(*) FROM meter_placement p WHERE p.dcu_id = d.id AND p.valid_to IS NULL)
                        FROM dcu d JOIN network_node n ON n.id = d.dt_id ORDER BY d.code LIMIT ? OFFSET ?""")
                .params(limit, offset)
                .query((rs, i) -> new Dcu(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4)))
                .list();
    }

    @Override
    public List<Dcu> dcusUnder(String nodeCode) {
        return jdbc.sql(SUBTREE + """
                        SELECT d.code, n.code, d.active,
                               (SELECT count(*) FROM meter_placement p WHERE p.dcu_id = d.id AND p.valid_to IS NULL)
                        FROM dcu d JOIN network_node n ON n.id = d.dt_id WHERE d.dt_id IN (SELECT id FROM sub)
                        ORDER BY d.code""")
                .param(nodeCode)
                .query((rs, i) -> new Dcu(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4)))
                .list();
    }

    @Override
    public List<MeterGroup> meterGroups(String nodeCode, String afterKey, int limit) {
        return jdbc.sql(SUBTREE + """
                        SELECT key, dcu_code, node_code, array_agg(serial_no ORDER BY serial_no)
                        FROM (SELECT CASE WHEN d.code IS NULL THEN 'node:' || n.code ELSE 'dcu:' || d.code END AS key,
                                     d.code AS dcu_code, COALESCE(dn.code, n.code) AS node_code, m.serial_no
                              FROM meter_placement p JOIN meter m ON m.id = p.meter_id
                                   JOIN network_node n ON n.id = p.node_id
                                   LEFT JOIN dcu d ON d.id = p.dcu_id LEFT JOIN network_node dn ON dn.id = d.dt_id
                              WHERE p.valid_to IS NULL
                                AND (CAST(? AS text) IS NULL OR p.node_id IN (SELECT id FROM sub))) placed
                        WHERE key > COALESCE(CAST(? AS text), '')
                        GROUP BY key, dcu_code, node_code ORDER BY key LIMIT ?""")
                .params(nodeCode, nodeCode, afterKey, limit)
                .query((rs, i) -> new MeterGroup(rs.getString(1), rs.getString(2), rs.getString(3),
                        List.of((String[]) rs.getArray(4).getArray())))
                .list();
    }

    /** The node called {@code ?} and everything under it, as {@code sub(id)}. */
    private static final String SUBTREE = """
            WITH RECURSIVE sub AS (
                SELECT id FROM network_node WHERE code = ?
                UNION ALL
                SELECT n.id FROM network_node n JOIN sub ON n.parent_id = sub.id)
            """;

    record Counts(long nodes, long dcus, long meters, long installedMeters, long servicePoints) {
    }

    Counts counts() {
        return jdbc.sql("""
                        SELECT (SELECT count(*) FROM network_node), (SELECT count(*) FROM dcu WHERE active),
                               (SELECT count(*) FROM meter), (SELECT count(*) FROM meter_placement WHERE valid_to IS NULL),
                               (SELECT count(*) FROM service_point)""")
                .query((rs, i) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                .single();
    }

    private static NetworkNode node(ResultSet rs) throws SQLException {
        return new NetworkNode(NetworkLevel.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4));
    }

    static Meter meter(ResultSet rs) throws SQLException {
        return new Meter(rs.getString(1), rs.getString(2), MeterCategory.valueOf(rs.getString(3)), rs.getString(4),
                rs.getBigDecimal(5), rs.getInt(6), PaymentMode.valueOf(rs.getString(7)), rs.getBoolean(8),
                CommPath.valueOf(rs.getString(9)), MeterRole.valueOf(rs.getString(10)));
    }
}
