package org.urja.mdms.network.internal;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.urja.mdms.network.MeterRole;
import org.urja.mdms.network.NetworkLevel;
import org.urja.mdms.network.internal.NetworkChangeMessage.MeterNameplate;

/** JDBC access to the network registry tables for the write side. */
@Repository
class NetworkStore {

    record NodeRef(long id, NetworkLevel level, String code) {
    }

    record DcuRef(long id, String code) {
    }

    record DcuState(long id, String code, String dtCode, boolean active, OffsetDateTime removedAt) {
    }

    record CurrentPlacement(long id, long nodeId, NetworkLevel nodeLevel, String nodeCode, Long dcuId, String dcuCode,
                            OffsetDateTime validFrom) {
    }

    record CurrentInstallation(long id, long servicePointId, String servicePointCode) {
    }

    private final JdbcClient jdbc;

    NetworkStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<NodeRef> node(String code) {
        return jdbc.sql("SELECT id, level, code FROM network_node WHERE code = ?").param(code)
                .query((rs, i) -> new NodeRef(rs.getLong(1), NetworkLevel.valueOf(rs.getString(2)), rs.getString(3)))
                .optional();
    }

    String parentCode(long nodeId) {
        return jdbc.sql("SELECT p.code FROM network_node n JOIN network_node p ON p.id = n.parent_id WHERE n.id = ?")
                .param(nodeId).query(String.class).optional().orElse(null);
    }

    /**
     * The DCU, its row locked until the end of the transaction: shared when a meter is attached to it, exclusive when it
     * is removed, so a removal and a new attachment cannot both commit.
     */
    Optional<DcuState> dcu(String code, boolean forRemoval) {
        return jdbc.sql("""
                        SELECT d.id, d.code, n.code, d.active, d.removed_at
                        FROM dcu d JOIN network_node n ON n.id = d.dt_id WHERE d.code = ?
                        FOR %s OF d""".formatted(forRemoval ? "UPDATE" : "SHARE"))
                .param(code)
                .query((rs, i) -> new DcuState(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getObject(5, OffsetDateTime.class)))
                .optional();
    }

    void insertDcu(String code, long dtId, OffsetDateTime at) {
        jdbc.sql("INSERT INTO dcu (code, dt_id, active, added_at) VALUES (?, ?, TRUE, ?)")
                .params(code, dtId, at).update();
    }

    void reactivateDcu(long id, long dtId, OffsetDateTime at) {
        jdbc.sql("UPDATE dcu SET dt_id = ?, active = TRUE, added_at = ?, removed_at = NULL WHERE id = ?")
                .params(dtId, at, id).update();
    }

    void removeDcu(long id, OffsetDateTime at) {
        jdbc.sql("UPDATE dcu SET active = FALSE, removed_at = ? WHERE id = ?").params(at, id).update();
    }

    long metersOnDcu(long dcuId) {
        return jdbc.sql("SELECT count(*) FROM meter_placement WHERE dcu_id = ? AND valid_to IS NULL")
                .param(dcuId).query(Long.class).single();
    }

    Optional<Long> meterId(String serialNo) {
        return jdbc.sql("SELECT id FROM meter WHERE serial_no = ?").param(serialNo).query(Long.class).optional();
    }

    MeterRole meterRole(long meterId) {
        return MeterRole.valueOf(jdbc.sql("SELECT role FROM meter WHERE id = ?").param(meterId).query(String.class).single());
    }

    long insertMeter(MeterNameplate m) {
        return jdbc.sql("""
                        INSERT INTO meter (serial_no, manufacturer, category, firmware_version, multiplier, interval_minutes,
                                           payment_mode, relay_capable, comm_path, role)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(m.serialNo(), m.manufacturer(), m.category().name(), m.firmwareVersion(), multiplier(m),
                        m.intervalMinutes(), m.paymentMode().name(), m.relayCapable(), m.commPath().name(), m.role().name())
                .query(Long.class).single();
    }

    long updateMeter(long id, MeterNameplate m) {
        // A changed payment mode is kept in the meter's history (from now) before the nameplate is rewritten.
        JdbcServiceHistory.change(jdbc, id, m.paymentMode(), OffsetDateTime.now());
        jdbc.sql("""
                        UPDATE meter SET manufacturer = ?, category = ?, firmware_version = ?, multiplier = ?,
                               interval_minutes = ?, payment_mode = ?, relay_capable = ?, comm_path = ?, role = ?
                        WHERE id = ?""")
                .params(m.manufacturer(), m.category().name(), m.firmwareVersion(), multiplier(m), m.intervalMinutes(),
                        m.paymentMode().name(), m.relayCapable(), m.commPath().name(), m.role().name(), id)
                .update();
        return id;
    }

    private static BigDecimal multiplier(MeterNameplate m) {
        return m.multiplier() == null ? BigDecimal.ONE : m.multiplier();
    }

    Optional<CurrentPlacement> currentPlacement(long meterId) {
        return jdbc.sql("""
                        SELECT p.id, n.id, n.level, n.code, d.id, d.code, p.valid_from
                        FROM meter_placement p
                        JOIN network_node n ON n.id = p.node_id
                        LEFT JOIN dcu d ON d.id = p.dcu_id
                        WHERE p.meter_id = ? AND p.valid_to IS NULL
                        FOR UPDATE OF p""")
                .param(meterId)
                .query((rs, i) -> new CurrentPlacement(rs.getLong(1), rs.getLong(2), NetworkLevel.valueOf(rs.getString(3)),
                        rs.getString(4), (Long) rs.getObject(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class)))
                .optional();
    }

    void openPlacement(long meterId, long nodeId, Long dcuId, OffsetDateTime from, String reason, String messageId) {
        jdbc.sql("""
                        INSERT INTO meter_placement (meter_id, node_id, dcu_id, valid_from, reason, message_id)
                        VALUES (?, ?, ?, ?, ?, ?)""")
                .params(meterId, nodeId, dcuId, from, reason, messageId).update();
    }

    void closePlacement(long placementId, OffsetDateTime to) {
        jdbc.sql("UPDATE meter_placement SET valid_to = ? WHERE id = ?").params(to, placementId).update();
    }

    Optional<Long> servicePointId(String code) {
        return jdbc.sql("SELECT id FROM service_point WHERE code = ?").param(code).query(Long.class).optional();
    }

    Optional<String> currentMeterAt(long servicePointId) {
        return jdbc.sql("""
                        SELECT m.serial_no FROM meter_installation i JOIN meter m ON m.id = i.meter_id
                        WHERE i.service_point_id = ? AND i.removed_at IS NULL""")
                .param(servicePointId).query(String.class).optional();
    }

    Optional<CurrentInstallation> currentInstallation(long meterId) {
        return jdbc.sql("""
                        SELECT i.id, s.id, s.code FROM meter_installation i JOIN service_point s ON s.id = i.service_point_id
                        WHERE i.meter_id = ? AND i.removed_at IS NULL""")
                .param(meterId)
                .query((rs, n) -> new CurrentInstallation(rs.getLong(1), rs.getLong(2), rs.getString(3)))
                .optional();
    }

    void openInstallation(long servicePointId, long meterId, OffsetDateTime at, BigDecimal initialReadingKwh) {
        jdbc.sql("""
                        INSERT INTO meter_installation (service_point_id, meter_id, installed_at, initial_reading_kwh)
                        VALUES (?, ?, ?, ?)""")
                .params(servicePointId, meterId, at, initialReadingKwh).update();
    }

    void closeInstallation(long installationId, OffsetDateTime at, BigDecimal finalReadingKwh) {
        jdbc.sql("UPDATE meter_installation SET removed_at = ?, final_reading_kwh = ? WHERE id = ?")
                .params(at, finalReadingKwh, installationId).update();
    }
}
