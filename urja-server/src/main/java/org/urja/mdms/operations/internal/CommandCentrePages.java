package org.urja.mdms.operations.internal;

import java.security.Principal;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.urja.hes.contract.ControlType;
import org.urja.hes.contract.MeterReadRequest;
import org.urja.hes.contract.ReadingProfile;
import org.urja.mdms.command.CommandRequest;
import org.urja.mdms.command.Commands;
import org.urja.mdms.command.GroupRequest;
import org.urja.mdms.command.GroupView;
import org.urja.mdms.command.PolicyPreview;
import org.urja.mdms.command.Requester;
import org.urja.mdms.hes.HesClient;
import org.urja.mdms.hes.OutboundRequest;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;
import org.urja.mdms.reading.IntervalData;

/**
 * The command centre ({@code /commands}): OPERATOR and ADMIN send a command to one meter (disconnect, reconnect,
 * ping, time sync, on-demand read) or to a group (the meters under a DT or feeder, or a list). A group command is
 * first checked against the disconnection policy and shown — how many meters, which would be refused and why — and
 * is sent only from that page; a group disconnection also needs the number of meters typed as a second
 * confirmation. Progress is polled (htmx). Every form carries the CSRF token and an idempotency key made when the
 * form was drawn, so a form sent twice sends one command. The command module records the staff user and audits the
 * submission; VIEWER sees the page and the progress, but no form, and its posts are refused (403).
 */
@Controller
class CommandCentrePages {

    static final String READERS = OperationsPages.READERS;
    static final String ISSUERS = "hasAnyRole('ADMIN', 'OPERATOR')";
    /** The single-meter commands offered; READ is an on-demand read through the HES, not a control. */
    static final List<String> SINGLE_TYPES = List.of("PING", "READ", "DISCONNECT", "CONNECT", "TIME_SYNC");
    /** An on-demand read's page shows the values of at most this many of its meters. */
    static final int READ_VALUES_METERS = 20;
    static final java.time.ZoneId IST = java.time.ZoneId.of("Asia/Kolkata");
    static final List<ControlType> GROUP_TYPES = List.of(ControlType.DISCONNECT, ControlType.CONNECT, ControlType.PING,
            ControlType.TIME_SYNC);

    private final Commands commands;
    private final HesClient hes;
    private final NetworkRegistry network;
    private final IntervalData readings;
    private final int progressPollSeconds;

    CommandCentrePages(Commands commands, HesClient hes, NetworkRegistry network, IntervalData readings,
                       @Value("${urja.operations.progress-poll-seconds:2}") int progressPollSeconds) {
        this.commands = commands;
        this.hes = hes;
        this.network = network;
        this.readings = readings;
        this.progressPollSeconds = Math.max(1, progressPollSeconds);
    }

    @GetMapping("/commands")
    @PreAuthorize(READERS)
    String centre(@RequestParam(required = false) String meter, Authentication user, Model model) {
        centreModel(meter, user, model);
        return "operations/commands";
    }

    private void centreModel(String meter, Authentication user, Model model) {
        model.addAttribute("canIssue", canIssue(user));
        model.addAttribute("singleTypes", SINGLE_TYPES);
        model.addAttribute("groupTypes", GROUP_TYPES);
        model.addAttribute("singleKey", UUID.randomUUID().toString());
        model.addAttribute("groupKey", UUID.randomUUID().toString());
        model.addAttribute("groups", commands.recentGroups(10));
        String m = meter == null || meter.isBlank() ? null : meter.strip();
        model.addAttribute("meter", m);
        model.addAttribute("meterCommands", m == null ? List.of() : commands.ofMeter(m, 20));
    }

    // ------------------------------------------------------------------------------------------------ one meter

    @PostMapping("/commands/single")
    @PreAuthorize(ISSUERS)
    String single(@RequestParam(required = false) String type, @RequestParam(required = false) String meterSerialNo,
                  @RequestParam(required = false) String reason, @RequestParam(required = false) String key,
                  Principal staff, Authentication user, Model model, HttpServletResponse response) {
        String serial = meterSerialNo == null ? "" : meterSerialNo.strip();
        try {
            if (type == null || !SINGLE_TYPES.contains(type)) {
                throw ApiProblem.badRequest("type", "choose one of " + SINGLE_TYPES);
            }
            if ("READ".equals(type)) {
                if (serial.isEmpty()) {
                    throw ApiProblem.badRequest("meterSerialNo", "is required");
                }
                if (network.meter(serial).isEmpty()) {
                    throw ApiProblem.invalid("meterSerialNo", "No meter " + serial + " in the network registry");
                }
                if (key == null || key.isBlank() || key.length() > 80) {
                    throw ApiProblem.badRequest("key", "the form's key is missing: open the form again");
                }
                OutboundRequest read = hes.requestReadings(List.of(serial), List.of(ReadingProfile.INSTANTANEOUS), false,
                        null, null, MeterReadRequest.Purpose.ON_DEMAND, staff.getName(),
                        staff.getName() + ":portal:" + key);
                return "redirect:/commands/reads/" + read.correlationId();
            }
            var submitted = commands.submit(new CommandRequest(serial, ControlType.valueOf(type), Map.of(), reason,
                    Requester.staff(staff.getName()), "portal:" + key));
            return "redirect:/commands/c/" + submitted.value().id();
        } catch (ApiProblem problem) {
            centreModel(serial.isEmpty() ? null : serial, user, model);
            model.addAttribute("singleError", message(problem));
            model.addAttribute("singleForm", Map.of("type", type == null ? "" : type, "meterSerialNo", serial,
                    "reason", reason == null ? "" : reason));
            response.setStatus(problem.status().value());
            return "operations/commands";
        }
    }

    @GetMapping("/commands/c/{id}")
    @PreAuthorize(READERS)
    String command(@PathVariable long id, Model model) {
        commandModel(id, model);
        return "operations/command";
    }

    @GetMapping("/commands/c/{id}/status")
    @PreAuthorize(READERS)
    String commandStatus(@PathVariable long id, Model model) {
        commandModel(id, model);
        return "operations/command :: status";
    }

    private void commandModel(long id, Model model) {
        model.addAttribute("command", commands.find(id)
                .orElseThrow(() -> ApiProblem.notFound("id", "No command " + id)));
        model.addAttribute("pollSeconds", progressPollSeconds);
    }

    @GetMapping("/commands/reads/{correlationId}")
    @PreAuthorize(READERS)
    String read(@PathVariable String correlationId, Model model) {
        readModel(correlationId, model);
        return "operations/read";
    }

    @GetMapping("/commands/reads/{correlationId}/status")
    @PreAuthorize(READERS)
    String readStatus(@PathVariable String correlationId, Model model) {
        readModel(correlationId, model);
        return "operations/read :: status";
    }

    private void readModel(String correlationId, Model model) {
        OutboundRequest r = hes.find(correlationId)
                .filter(o -> "READ".equals(o.kind()))
                .orElseThrow(() -> ApiProblem.notFound("correlationId", "No read request " + correlationId));
        model.addAttribute("read", r);
        model.addAttribute("final", r.completedAt() != null || "REJECTED".equals(r.status())
                || "UNDELIVERED".equals(r.status()));
        // What the read brought back: the register reads of each meter that arrived since it was asked for (a few
        // seconds' grace for the database's clock), as the reading module stored them.
        Map<String, List<IntervalData.RegisterRead>> values = new java.util.LinkedHashMap<>();
        r.meterSerialNos().stream().limit(READ_VALUES_METERS).forEach(serial -> values.put(serial,
                readings.registersReceivedSince(serial, r.requestedAt().minusSeconds(5))));
        model.addAttribute("values", values);
        model.addAttribute("zone", IST);
        model.addAttribute("pollSeconds", progressPollSeconds);
    }

    // ------------------------------------------------------------------------------------------------ groups

    /** Step 1: what the policy would do with the group, shown before anything is sent. */
    @PostMapping("/commands/groups/preview")
    @PreAuthorize(ISSUERS)
    String preview(@RequestParam(required = false) String type, @RequestParam(required = false) String target,
                   @RequestParam(required = false) String nodeCode, @RequestParam(required = false) String meters,
                   @RequestParam(required = false) String reason, @RequestParam(required = false) String key,
                   Principal staff, Authentication user, Model model, HttpServletResponse response) {
        GroupForm form = new GroupForm(type, target, nodeCode, meters, reason, key);
        try {
            PolicyPreview preview = check(form, staff);
            previewModel(form, preview, model);
            return "operations/preview";
        } catch (ApiProblem problem) {
            return groupFormAgain(problem, form, user, model, response);
        }
    }

    /** Step 2: sends the group; a disconnection only with the number of meters typed as confirmation. */
    @PostMapping("/commands/groups")
    @PreAuthorize(ISSUERS)
    String send(@RequestParam(required = false) String type, @RequestParam(required = false) String target,
                @RequestParam(required = false) String nodeCode, @RequestParam(required = false) String meters,
                @RequestParam(required = false) String reason, @RequestParam(required = false) String key,
                @RequestParam(required = false) String confirmation, Principal staff, Authentication user,
                Model model, HttpServletResponse response) {
        GroupForm form = new GroupForm(type, target, nodeCode, meters, reason, key);
        PolicyPreview preview;
        try {
            preview = check(form, staff);
        } catch (ApiProblem problem) {
            return groupFormAgain(problem, form, user, model, response);
        }
        if (preview.type() == ControlType.DISCONNECT
                && (confirmation == null || !confirmation.strip().equals(String.valueOf(preview.allowed())))) {
            previewModel(form, preview, model);
            model.addAttribute("confirmError", "confirmation: type " + preview.allowed()
                    + ", the number of meters that will be disconnected, to send the disconnection");
            response.setStatus(422);
            return "operations/preview";
        }
        try {
            var submitted = commands.submitGroup(new GroupRequest(form.byList() ? form.meterList() : null,
                    form.byList() ? null : form.nodeCode(), preview.type(), Map.of(), form.reason(),
                    Requester.staff(staff.getName()), "portal:" + form.key()));
            return "redirect:/commands/groups/" + submitted.value().id();
        } catch (ApiProblem problem) {
            previewModel(form, preview, model);
            model.addAttribute("confirmError", message(problem));
            response.setStatus(problem.status().value());
            return "operations/preview";
        }
    }

    @GetMapping("/commands/groups/{id}")
    @PreAuthorize(READERS)
    String group(@PathVariable long id, Model model) {
        groupModel(id, model);
        return "operations/group";
    }

    @GetMapping("/commands/groups/{id}/progress")
    @PreAuthorize(READERS)
    String groupProgress(@PathVariable long id, Model model) {
        groupModel(id, model);
        return "operations/group :: progress";
    }

    private void groupModel(long id, Model model) {
        GroupView g = commands.group(id, null, 0, 200)
                .orElseThrow(() -> ApiProblem.notFound("id", "No command group " + id));
        model.addAttribute("group", g);
        model.addAttribute("pollSeconds", progressPollSeconds);
    }

    // ------------------------------------------------------------------------------------------------ shared

    /** The group form as posted; {@code target} "list" for a list of meters, anything else a network node. */
    public record GroupForm(String type, String target, String nodeCode, String meters, String reason, String key) {

        public boolean byList() {
            return "list".equals(target);
        }

        public List<String> meterList() {
            return meters == null ? List.of() : Arrays.stream(meters.split("[\\s,;]+")).filter(s -> !s.isBlank()).toList();
        }
    }

    /** The command centre again with the group form as it was posted and what is wrong with it. */
    private String groupFormAgain(ApiProblem problem, GroupForm form, Authentication user, Model model,
                                  HttpServletResponse response) {
        centreModel(null, user, model);
        model.addAttribute("groupError", message(problem));
        model.addAttribute("groupForm", form);
        response.setStatus(problem.status().value());
        return "operations/commands";
    }

    private PolicyPreview check(GroupForm form, Principal staff) {
        ControlType type = form.type() == null ? null : GROUP_TYPES.stream()
                .filter(t -> t.name().equals(form.type())).findFirst()
                .orElseThrow(() -> ApiProblem.badRequest("type", "choose one of " + GROUP_TYPES));
        if (type == null) {
            throw ApiProblem.badRequest("type", "is required");
        }
        if (form.reason() == null || form.reason().isBlank()) {
            throw ApiProblem.badRequest("reason", "is required: say why the command is given");
        }
        if (form.key() == null || form.key().isBlank() || form.key().length() > 80) {
            throw ApiProblem.badRequest("key", "the form's key is missing: open the form again");
        }
        String node = form.nodeCode() == null ? null : form.nodeCode().strip();
        return commands.preview(new GroupRequest(form.byList() ? form.meterList() : null,
                form.byList() ? null : node, type, Map.of(), form.reason(), Requester.staff(staff.getName()),
                "portal:" + form.key()));
    }

    private static void previewModel(GroupForm form, PolicyPreview preview, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("preview", preview);
    }

    private static boolean canIssue(Authentication user) {
        return user != null && user.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN") || a.getAuthority().equals("ROLE_OPERATOR"));
    }

    private static String message(ApiProblem problem) {
        if (!problem.issues().isEmpty()) {
            var first = problem.issues().get(0);
            return first.field() + ": " + first.message();
        }
        return problem.getMessage();
    }

    @Bean
    static StaffFunction commandCentreFunction() {
        return new StaffFunction("Operations", "Command centre",
                "/commands", "Commands to a meter or a group: policy check first, two-step group disconnection, live progress",
                EnumSet.of(StaffRole.ADMIN, StaffRole.OPERATOR, StaffRole.VIEWER), 11);
    }
}
