package org.urja.mdms.command;

import java.util.Map;

import org.urja.hes.contract.ControlType;

/**
 * One command for one meter. {@code idempotencyKey} is the requester's: the same requester submitting the same key
 * again gets the first command back and nothing is sent twice. {@code parameters} as the HES contract names them
 * (e.g. {@code loadLimitKw}, {@code minutes}, {@code paymentMode} + {@code engineeringToken}, {@code creditRupees}).
 */
public record CommandRequest(String meterSerialNo, ControlType type, Map<String, String> parameters, String reason,
                             Requester requester, String idempotencyKey) {

    public CommandRequest {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
