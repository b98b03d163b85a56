package org.urja.mdms.network.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.network.CommPath;
import org.urja.mdms.network.MeterRole;
import org.urja.mdms.network.NetworkChanged;
import org.urja.mdms.network.NetworkLevel;
import org.urja.mdms.network.internal.NetworkChangeMessage.MeterNameplate;
import org.urja.mdms.platform.ApiProblem;

/**
 * Applies HES network change messages (UC11.2) in one transaction each. A message id already applied with the
 * same content returns the first outcome and changes nothing; the same id with other content is a conflict.
 * Any rejection rolls the whole message back, so an invalid message changes nothing.
 */
@Service
class NetworkChangeProcessor {

    record Outcome(String messageId, String changeType, boolean duplicate, String result) {
    }

    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private final JdbcClient jdbc;
    private final NetworkStore store;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    NetworkChangeProcessor(JdbcClient jdbc, NetworkStore store, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Outcome apply(NetworkChangeMessage m, String source) {
        String hash = sha256(m.toString());
        int inserted = jdbc.sql("""
                        INSERT INTO network_change_message (message_id, source, change_type, payload_sha256, outcome)
                        VALUES (?, ?, ?, ?, 'pending') ON CONFLICT (message_id) DO NOTHING""")
                .params(m.messageId(), source, m.changeType().name(), hash)
                .update();
        if (inserted == 0) {
            var previous = jdbc.sql("SELECT payload_sha256, outcome FROM network_change_message WHERE message_id = ?")
                    .param(m.messageId())
                    .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)})
                    .single();
            if (!previous[0].equals(hash)) {
                throw ApiProblem.conflict("messageId", "Message id " + m.messageId()
                        + " was already used for a different message; a re-sent message must be identical");
            }
            return new Outcome(m.messageId(), m.changeType().name(), true, previous[1]);
        }
        if (m.occurredAt().isAfter(OffsetDateTime.now(clock).plus(FUTURE_TOLERANCE))) {
            throw ApiProblem.invalid("occurredAt", "occurredAt " + m.occurredAt() + " is in the future");
        }
        String result = switch (m.changeType()) {
            case MeterInstalled -> meterInstalled(m);
            case MeterMoved -> meterMoved(m);
            case MeterReplaced -> meterReplaced(m);
            case DcuAdded -> dcuAdded(m);
            case DcuRemoved -> dcuRemoved(m);
        };
        jdbc.sql("UPDATE network_change_message SET outcome = ? WHERE message_id = ?")
                .params(result, m.messageId()).update();
        return new Outcome(m.messageId(), m.changeType().name(), false, result);
    }

    private String meterInstalled(NetworkChangeMessage m) {
        MeterNameplate meter = require(m.meter(), "meter");
        checkNameplate(meter, "meter");
        NetworkStore.NodeRef node = targetNode(m, meter.role());
        NetworkStore.DcuRef dcu = dcuFor(m, meter.commPath());
        Optional<Long> existing = store.meterId(meter.serialNo());
        existing.flatMap(store::currentPlacement).ifPresent(p -> {
            throw ApiProblem.conflict("meter.serialNo", "Meter " + meter.serialNo() + " is already installed at "
                    + p.nodeCode() + " since " + p.validFrom() + "; send MeterMoved or MeterReplaced instead");
        });
        Long servicePointId = servicePointFor(m, meter.role());
        long meterId = existing.isPresent() ? store.updateMeter(existing.get(), meter) : store.insertMeter(meter);
        store.openPlacement(meterId, node.id(), dcu == null ? null : dcu.id(), m.occurredAt(), "INSTALLED", m.messageId());
        if (servicePointId != null) {
            store.openInstallation(servicePointId, meterId, m.occurredAt(), m.initialReadingKwh());
        }
        publish(m, meter.serialNo(), null, node.code(), dcu);
        return "Meter " + meter.serialNo() + " installed under " + node.level() + " " + node.code()
                + (dcu == null ? "" : " via DCU " + dcu.code())
                + (m.servicePointCode() == null ? "" : " at service point " + m.servicePointCode());
    }

    private String meterMoved(NetworkChangeMessage m) {
        String serial = require(m.meterSerialNo(), "meterSerialNo");
        long meterId = store.meterId(serial)
                .orElseThrow(() -> ApiProblem.invalid("meterSerialNo", "Unknown meter " + serial));
        NetworkStore.CurrentPlacement current = store.currentPlacement(meterId)
                .orElseThrow(() -> ApiProblem.conflict("meterSerialNo", "Meter " + serial + " is not installed"));
        if (m.dtCode() == null && m.feederCode() == null && m.dcuCode() == null) {
            throw ApiProblem.invalid("dtCode", "MeterMoved needs a new dtCode, feederCode or dcuCode");
        }
        notBefore(m, current);
        MeterRole role = store.meterRole(meterId);
        NetworkStore.NodeRef node = (m.dtCode() == null && m.feederCode() == null)
                ? new NetworkStore.NodeRef(current.nodeId(), current.nodeLevel(), current.nodeCode())
                : targetNode(m, role);
        NetworkStore.DcuRef dcu = m.dcuCode() == null
                ? (current.dcuId() == null ? null : new NetworkStore.DcuRef(current.dcuId(), current.dcuCode()))
                : activeDcu(m.dcuCode());
        Long dcuId = dcu == null ? null : dcu.id();
        if (node.id() == current.nodeId() && java.util.Objects.equals(dcuId, current.dcuId())) {
            return "Meter " + serial + " already under " + node.code() + "; nothing changed";
        }
        store.closePlacement(current.id(), m.occurredAt());
        store.openPlacement(meterId, node.id(), dcuId, m.occurredAt(), "MOVED", m.messageId());
        publish(m, serial, null, node.code(), dcu);
        return "Meter " + serial + " moved from " + current.nodeCode() + " to " + node.code()
                + (dcu == null ? "" : " via DCU " + dcu.code());
    }

    private String meterReplaced(NetworkChangeMessage m) {
        String oldSerial = require(m.meterSerialNo(), "meterSerialNo");
        MeterNameplate meter = require(m.meter(), "meter");
        checkNameplate(meter, "meter");
        if (meter.serialNo().equals(oldSerial)) {
            throw ApiProblem.invalid("meter.serialNo", "The new meter must differ from the replaced meter " + oldSerial);
        }
        long oldId = store.meterId(oldSerial)
                .orElseThrow(() -> ApiProblem.invalid("meterSerialNo", "Unknown meter " + oldSerial));
        NetworkStore.CurrentPlacement current = store.currentPlacement(oldId)
                .orElseThrow(() -> ApiProblem.conflict("meterSerialNo", "Meter " + oldSerial + " is not installed"));
        notBefore(m, current);
        Optional<Long> existingNew = store.meterId(meter.serialNo());
        existingNew.flatMap(store::currentPlacement).ifPresent(p -> {
            throw ApiProblem.conflict("meter.serialNo", "Meter " + meter.serialNo() + " is already installed at "
                    + p.nodeCode());
        });
        NetworkStore.NodeRef node = (m.dtCode() == null && m.feederCode() == null)
                ? new NetworkStore.NodeRef(current.nodeId(), current.nodeLevel(), current.nodeCode())
                : targetNode(m, meter.role());
        NetworkStore.DcuRef dcu = m.dcuCode() != null ? activeDcu(m.dcuCode())
                : meter.commPath() == CommPath.CELLULAR || current.dcuId() == null ? null
                : new NetworkStore.DcuRef(current.dcuId(), current.dcuCode());
        if (meter.commPath() == CommPath.RF_MESH && dcu == null) {
            throw ApiProblem.invalid("dcuCode", "An RF-mesh meter needs a dcuCode");
        }
        long newId = existingNew.isPresent() ? store.updateMeter(existingNew.get(), meter) : store.insertMeter(meter);
        store.closePlacement(current.id(), m.occurredAt());
        store.openPlacement(newId, node.id(), dcu == null ? null : dcu.id(), m.occurredAt(), "REPLACEMENT", m.messageId());
        Optional<NetworkStore.CurrentInstallation> installation = store.currentInstallation(oldId);
        installation.ifPresent(i -> {
            store.closeInstallation(i.id(), m.occurredAt(), m.finalReadingKwh());
            store.openInstallation(i.servicePointId(), newId, m.occurredAt(), m.initialReadingKwh());
        });
        publish(m, meter.serialNo(), oldSerial, node.code(), dcu);
        return "Meter " + oldSerial + " replaced by " + meter.serialNo() + " under " + node.code()
                + installation.map(i -> " at service point " + i.servicePointCode()).orElse("");
    }

    private String dcuAdded(NetworkChangeMessage m) {
        String code = require(m.dcuCode(), "dcuCode");
        if (!code.matches("[A-Za-z0-9][A-Za-z0-9._/-]{0,63}")) {
            throw ApiProblem.invalid("dcuCode", "'" + code + "' may hold only letters, digits and . _ / -");
        }
        NetworkStore.NodeRef dt = node(require(m.dtCode(), "dtCode"), NetworkLevel.DT, "dtCode");
        Optional<NetworkStore.DcuState> existing = store.dcu(code, true);
        if (existing.isPresent() && existing.get().active()) {
            throw ApiProblem.conflict("dcuCode", "DCU " + code + " is already registered at DT " + existing.get().dtCode());
        }
        if (existing.isPresent()) {
            store.reactivateDcu(existing.get().id(), dt.id(), m.occurredAt());
        } else {
            store.insertDcu(code, dt.id(), m.occurredAt());
        }
        publish(m, null, null, dt.code(), new NetworkStore.DcuRef(0, code));
        return "DCU " + code + " added at DT " + dt.code();
    }

    private String dcuRemoved(NetworkChangeMessage m) {
        String code = require(m.dcuCode(), "dcuCode");
        NetworkStore.DcuState dcu = store.dcu(code, true)
                .orElseThrow(() -> ApiProblem.invalid("dcuCode", "Unknown DCU " + code));
        if (!dcu.active()) {
            throw ApiProblem.conflict("dcuCode", "DCU " + code + " was already removed");
        }
        long attached = store.metersOnDcu(dcu.id());
        if (attached > 0) {
            throw ApiProblem.conflict("dcuCode", "DCU " + code + " still serves " + attached
                    + " meters; send MeterMoved for them first");
        }
        store.removeDcu(dcu.id(), m.occurredAt());
        publish(m, null, null, dcu.dtCode(), new NetworkStore.DcuRef(dcu.id(), code));
        return "DCU " + code + " removed";
    }

    private void checkNameplate(MeterNameplate meter, String field) {
        if (meter.intervalMinutes() != 15 && meter.intervalMinutes() != 30) {
            throw ApiProblem.invalid(field + ".intervalMinutes", "intervalMinutes must be 15 or 30");
        }
        if (meter.relayCapable() && !meter.category().mayHaveRelay()) {
            throw ApiProblem.invalid(field + ".relayCapable",
                    "A " + meter.category() + " (CT-operated) meter has no disconnect relay");
        }
    }

    private NetworkStore.NodeRef targetNode(NetworkChangeMessage m, MeterRole role) {
        if (role == MeterRole.FEEDER_BOUNDARY) {
            return node(require(m.feederCode(), "feederCode"), NetworkLevel.FEEDER, "feederCode");
        }
        if (m.feederCode() != null && m.dtCode() == null) {
            throw ApiProblem.invalid("dtCode", "A " + role + " meter is placed under a DT: give dtCode");
        }
        NetworkStore.NodeRef dt = node(require(m.dtCode(), "dtCode"), NetworkLevel.DT, "dtCode");
        if (m.feederCode() != null && !m.feederCode().equals(store.parentCode(dt.id()))) {
            throw ApiProblem.invalid("feederCode", "DT " + dt.code() + " is not on feeder " + m.feederCode());
        }
        return dt;
    }

    private NetworkStore.NodeRef node(String code, NetworkLevel level, String field) {
        NetworkStore.NodeRef node = store.node(code)
                .orElseThrow(() -> ApiProblem.invalid(field, "Unknown " + level + " " + code));
        if (node.level() != level) {
            throw ApiProblem.invalid(field, code + " is a " + node.level() + ", not a " + level);
        }
        return node;
    }

    private NetworkStore.DcuRef dcuFor(NetworkChangeMessage m, CommPath path) {
        if (m.dcuCode() == null) {
            if (path == CommPath.RF_MESH) {
                throw ApiProblem.invalid("dcuCode", "An RF-mesh meter needs a dcuCode");
            }
            return null;
        }
        return activeDcu(m.dcuCode());
    }

    private NetworkStore.DcuRef activeDcu(String code) {
        NetworkStore.DcuState dcu = store.dcu(code, false)
                .orElseThrow(() -> ApiProblem.invalid("dcuCode", "Unknown DCU " + code));
        if (!dcu.active()) {
            throw ApiProblem.invalid("dcuCode", "DCU " + code + " was removed on " + dcu.removedAt());
        }
        return new NetworkStore.DcuRef(dcu.id(), code);
    }

    private Long servicePointFor(NetworkChangeMessage m, MeterRole role) {
        if (m.servicePointCode() == null) {
            return null;
        }
        if (role != MeterRole.CONSUMER) {
            throw ApiProblem.invalid("servicePointCode", "Only a CONSUMER meter is installed at a service point");
        }
        long spId = store.servicePointId(m.servicePointCode())
                .orElseThrow(() -> ApiProblem.invalid("servicePointCode", "Unknown service point " + m.servicePointCode()));
        store.currentMeterAt(spId).ifPresent(serial -> {
            throw ApiProblem.conflict("servicePointCode", "Service point " + m.servicePointCode()
                    + " already has meter " + serial + "; send MeterReplaced instead");
        });
        return spId;
    }

    private static void notBefore(NetworkChangeMessage m, NetworkStore.CurrentPlacement current) {
        if (m.occurredAt().isBefore(current.validFrom())) {
            throw ApiProblem.conflict("occurredAt", "occurredAt " + m.occurredAt()
                    + " is before the meter's current placement (since " + current.validFrom() + ")");
        }
    }

    private static <T> T require(T value, String field) {
        if (value == null) {
            throw ApiProblem.invalid(field, field + " is required for this changeType");
        }
        return value;
    }

    private void publish(NetworkChangeMessage m, String serial, String replaced, String nodeCode, NetworkStore.DcuRef dcu) {
        events.publishEvent(new NetworkChanged(m.messageId(), m.changeType().name(), serial, replaced, nodeCode,
                dcu == null ? null : dcu.code(), m.occurredAt()));
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
