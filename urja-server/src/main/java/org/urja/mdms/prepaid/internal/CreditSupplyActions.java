package org.urja.mdms.prepaid.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.urja.hes.contract.ControlType;
import org.urja.mdms.command.CommandRequest;
import org.urja.mdms.command.Commands;
import org.urja.mdms.command.MeterState;
import org.urja.mdms.command.Requester;
import org.urja.mdms.prepaid.CreditExhausted;
import org.urja.mdms.prepaid.CreditRestored;

/**
 * UC3.1 and UC4.1 for prepaid: exhausted credit asks the command service to disconnect the meter, restored credit
 * to reconnect it, as the system requester {@code prepaid}. The command service applies the disconnection policy, so
 * at night, on a Sunday or a holiday the disconnection is REFUSED (recorded, naming the rule); a sweep asks again
 * every {@code urja.prepaid.disconnect-retry} for consumers still exhausted whose meter is not confirmed
 * disconnected — at most once an hour per consumer (the idempotency key carries the hour), so it goes through once
 * the window opens. A recharge in between restores the credit and the sweep stops. During the grace period after the
 * exhaustion the first request is refused by the {@code prepaid-grace-period} veto ({@link SupplyVetoes}) and the
 * sweep leaves the consumer alone until the grace has ended.
 */
@Component
class CreditSupplyActions {

    static final Requester REQUESTER = Requester.system("prepaid");
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH");

    private final Commands commands;
    private final JdbcClient jdbc;

    CreditSupplyActions(Commands commands, JdbcClient jdbc) {
        this.commands = commands;
        this.jdbc = jdbc;
    }

    @ApplicationModuleListener
    void on(CreditExhausted e) {
        if (e.meterSerialNo() != null) {
            disconnect(e.consumerNo(), e.meterSerialNo(), Instant.now());
        }
    }

    @ApplicationModuleListener
    void on(CreditRestored e) {
        if (e.meterSerialNo() == null) {
            return;
        }
        commands.submit(new CommandRequest(e.meterSerialNo(), ControlType.CONNECT, Map.of(),
                "Prepaid credit restored (balance " + Recharging.rupees(e.balancePaise()) + ")", REQUESTER,
                "prepaid-restored-" + e.consumerNo() + "-" + HOUR.format(OffsetDateTime.now(ZoneOffset.UTC)) + "-"
                        + e.balancePaise()));
    }

    @Scheduled(fixedDelayString = "${urja.prepaid.disconnect-retry:PT15M}")
    public void sweep() {
        record Exhausted(String consumerNo, String meter) {
        }
        List<Exhausted> exhausted = jdbc.sql("""
                        SELECT s.consumer_no, coalesce(s.meter_serial, (SELECT d.meter_serial FROM prepaid_day d
                                                   WHERE d.consumer_no = s.consumer_no ORDER BY d.day DESC LIMIT 1))
                        FROM prepaid_balance_state s
                        WHERE s.exhausted_since IS NOT NULL AND (s.grace_until IS NULL OR s.grace_until <= now())""")
                .query((rs, i) -> new Exhausted(rs.getString(1), rs.getString(2))).list();
        for (Exhausted x : exhausted) {
            if (x.meter() != null) {
                boolean open = commands.meterState(x.meter()).map(MeterState::relay).filter("DISCONNECTED"::equals)
                        .isPresent();
                if (!open) {
                    disconnect(x.consumerNo(), x.meter(), Instant.now());
                }
            }
        }
    }

    private void disconnect(String consumerNo, String meter, Instant now) {
        commands.submit(new CommandRequest(meter, ControlType.DISCONNECT, Map.of(), "Prepaid credit exhausted",
                REQUESTER, "prepaid-exhausted-" + consumerNo + "-" + HOUR.format(now.atOffset(ZoneOffset.UTC))));
    }
}
