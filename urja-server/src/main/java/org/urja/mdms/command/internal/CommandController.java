package org.urja.mdms.command.internal;

import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.hes.contract.ControlType;
import org.urja.mdms.command.CommandRequest;
import org.urja.mdms.command.CommandState;
import org.urja.mdms.command.CommandView;
import org.urja.mdms.command.Commands;
import org.urja.mdms.command.GroupRequest;
import org.urja.mdms.command.GroupView;
import org.urja.mdms.command.MeterState;
import org.urja.mdms.command.Requester;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.ApiProblem.FieldIssue;

/**
 * Staff API of remote commands (UC3, UC4, UC7.4, UC8.2, UC10.1): OPERATOR and ADMIN issue and cancel commands, every
 * staff role may follow them. State-changing posts need an {@code Idempotency-Key} header: the same key again
 * returns the first command (200) instead of creating one (201).
 */
@RestController
@RequestMapping("/api/v1")
@Validated
class CommandController {

    static final String READERS = "hasAnyRole('ADMIN', 'OPERATOR', 'BILLING', 'REVENUE_PROTECTION', 'FIELD_SUPERVISOR', 'VIEWER')";
    static final String ISSUERS = "hasAnyRole('ADMIN', 'OPERATOR')";

    private final Commands commands;

    CommandController(Commands commands) {
        this.commands = commands;
    }

    /** One command for one meter. */
    record CommandBody(ControlType type, String meterSerialNo, String reason, Map<String, String> parameters) {
    }

    /** One command for a list of meters or every meter under a network node. */
    record GroupBody(ControlType type, List<String> meters, String nodeCode, String reason,
                     Map<String, String> parameters) {
    }

    record CancelBody(String reason) {
    }

    @PostMapping("/commands")
    @PreAuthorize(ISSUERS)
    ResponseEntity<CommandView> submit(@RequestBody CommandBody body, Principal staff,
                                       @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        var submitted = commands.submit(new CommandRequest(body.meterSerialNo(), body.type(),
                parameters(body.parameters()), body.reason(), Requester.staff(staff.getName()), key));
        CommandView c = submitted.value();
        return submitted.duplicate() ? ResponseEntity.ok(c)
                : ResponseEntity.created(URI.create("/api/v1/commands/" + c.id())).body(c);
    }

    @PostMapping("/command-groups")
    @PreAuthorize(ISSUERS)
    ResponseEntity<GroupView> submitGroup(@RequestBody GroupBody body, Principal staff,
                                          @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        List<String> meters = body.meters() == null ? null
                : body.meters().stream().map(m -> m == null ? "" : m).toList();
        var submitted = commands.submitGroup(new GroupRequest(meters, body.nodeCode(), body.type(),
                parameters(body.parameters()), body.reason(), Requester.staff(staff.getName()), key));
        GroupView g = submitted.value();
        return submitted.duplicate() ? ResponseEntity.ok(g)
                : ResponseEntity.created(URI.create("/api/v1/command-groups/" + g.id())).body(g);
    }

    /** A command with every state change: who, when, why. */
    @GetMapping("/commands/{id}")
    @PreAuthorize(READERS)
    CommandView command(@PathVariable long id) {
        return commands.find(id).orElseThrow(() -> ApiProblem.notFound("id", "No command " + id));
    }

    /** A group's progress (meters per state) and its meters' outcomes, a page at a time, optionally of one state. */
    @GetMapping("/command-groups/{id}")
    @PreAuthorize(READERS)
    GroupView group(@PathVariable long id, @RequestParam(required = false) CommandState state,
                    @RequestParam(defaultValue = "0") @Min(0) int page,
                    @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size) {
        return commands.group(id, state, page, size)
                .orElseThrow(() -> ApiProblem.notFound("id", "No command group " + id));
    }

    /** The latest commands of a meter, newest first. */
    @GetMapping("/meters/{serialNo}/commands")
    @PreAuthorize(READERS)
    List<CommandView> ofMeter(@PathVariable String serialNo,
                              @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit) {
        return commands.ofMeter(serialNo, limit);
    }

    /** What confirmed commands say of the meter: relay, payment mode, configuration, last time sync … */
    @GetMapping("/meters/{serialNo}/state")
    @PreAuthorize(READERS)
    MeterState meterState(@PathVariable String serialNo) {
        return commands.meterState(serialNo).orElseGet(() -> new MeterState(serialNo, Map.of()));
    }

    @PostMapping("/commands/{id}/cancel")
    @PreAuthorize(ISSUERS)
    CommandView cancel(@PathVariable long id, @RequestBody(required = false) CancelBody body, Principal staff) {
        return commands.cancel(id, Requester.staff(staff.getName()), body == null ? null : body.reason());
    }

    @PostMapping("/command-groups/{id}/cancel")
    @PreAuthorize(ISSUERS)
    GroupView cancelGroup(@PathVariable long id, @RequestBody(required = false) CancelBody body, Principal staff) {
        return commands.cancelGroup(id, Requester.staff(staff.getName()), body == null ? null : body.reason());
    }

    private static Map<String, String> parameters(Map<String, String> given) {
        if (given == null) {
            return Map.of();
        }
        List<FieldIssue> nulls = new ArrayList<>();
        given.forEach((k, v) -> {
            if (v == null) {
                nulls.add(FieldIssue.of("parameters." + k, "must not be null"));
            }
        });
        if (!nulls.isEmpty()) {
            throw ApiProblem.badRequest(nulls.get(0).field() + " must not be null", nulls);
        }
        return new HashMap<>(given);
    }
}
