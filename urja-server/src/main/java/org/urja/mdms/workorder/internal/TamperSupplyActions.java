package org.urja.mdms.workorder.internal;

import java.util.Map;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.urja.hes.contract.ControlType;
import org.urja.mdms.command.CommandRequest;
import org.urja.mdms.command.Commands;
import org.urja.mdms.command.Requester;
import org.urja.mdms.workorder.TamperConfirmed;
import org.urja.mdms.workorder.TamperResolved;

/**
 * UC5.4–5.5 and 5.7–5.8: a tamper confirmed at site disconnects the meter, and resolving the case reconnects it,
 * through the command service as the system requester {@code revenue-protection} — so the disconnection policy
 * applies (no night or holiday disconnection, never a CT meter; a refusal is recorded on the command naming the
 * rule) and each work order's command is sent once (idempotency key per work order and action).
 */
@Component
class TamperSupplyActions {

    static final Requester REQUESTER = Requester.system("revenue-protection");

    private final Commands commands;

    TamperSupplyActions(Commands commands) {
        this.commands = commands;
    }

    @ApplicationModuleListener
    void on(TamperConfirmed t) {
        commands.submit(new CommandRequest(t.meterSerialNo(), ControlType.DISCONNECT, Map.of(),
                "Tamper confirmed at site (work order " + t.workOrderId() + ", code " + t.tamperCode() + ")", REQUESTER,
                "tamper-" + t.workOrderId() + "-disconnect"));
    }

    @ApplicationModuleListener
    void on(TamperResolved t) {
        commands.submit(new CommandRequest(t.meterSerialNo(), ControlType.CONNECT, Map.of(),
                "Tamper case resolved (work order " + t.workOrderId() + ")", REQUESTER,
                "tamper-" + t.workOrderId() + "-reconnect"));
    }
}
