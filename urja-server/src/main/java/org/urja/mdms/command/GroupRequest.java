package org.urja.mdms.command;

import java.util.List;
import java.util.Map;

import org.urja.hes.contract.ControlType;

/**
 * One command for many meters: an explicit list ({@code meterSerialNos}) or every meter placed under a network node
 * ({@code nodeCode}, e.g. a DT or feeder) — exactly one of the two. Each meter gets its own command, checked against
 * the policy on its own.
 */
public record GroupRequest(List<String> meterSerialNos, String nodeCode, ControlType type, Map<String, String> parameters,
                           String reason, Requester requester, String idempotencyKey) {

    public GroupRequest {
        meterSerialNos = meterSerialNos == null ? null : List.copyOf(meterSerialNos);
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
