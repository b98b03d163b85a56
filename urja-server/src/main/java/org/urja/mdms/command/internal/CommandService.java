package org.urja.mdms.command.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.hes.contract.ControlType;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.command.CommandCompleted;
import org.urja.mdms.command.CommandRequest;
import org.urja.mdms.command.CommandState;
import org.urja.mdms.command.CommandView;
import org.urja.mdms.command.Commands;
import org.urja.mdms.command.DisconnectionAlert;
import org.urja.mdms.command.GroupRequest;
import org.urja.mdms.command.GroupView;
import org.urja.mdms.command.MeterState;
import org.urja.mdms.command.PolicyPreview;
import org.urja.mdms.command.QueueSummary;
import org.urja.mdms.command.Requester;
import org.urja.mdms.command.policy.Verdict;
import org.urja.mdms.network.Meter;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.ApiProblem.FieldIssue;

/**
 * Submission, queries and cancellation of commands. A submission is checked (every bad field named, nothing stored),
 * looked up by its idempotency key (the first command is returned, nothing sent twice; the same key for something
 * else is a conflict), judged by the disconnection policy meter by meter, and stored with its first two history
 * rows in one transaction; the dispatcher sends it once that commits.
 */
@Service
class CommandService implements Commands {

    static final int MAX_REASON = 500;
    static final int MAX_KEY = 100;

    private final CommandStore store;
    private final PolicyCheck policy;
    private final NetworkRegistry network;
    private final CommandDispatcher dispatcher;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final AuditTrail audit;
    private final Clock clock;
    private final CommandProperties props;

    CommandService(CommandStore store, PolicyCheck policy, NetworkRegistry network, CommandDispatcher dispatcher,
                   TransactionTemplate tx, ApplicationEventPublisher events, AuditTrail audit, Clock clock,
                   CommandProperties props) {
        this.store = store;
        this.policy = policy;
        this.network = network;
        this.dispatcher = dispatcher;
        this.tx = tx;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.props = props;
    }

    // ------------------------------------------------------------------------------------------------ single

    @Override
    public Submitted<CommandView> submit(CommandRequest r) {
        List<FieldIssue> issues = new ArrayList<>();
        if (blank(r.meterSerialNo())) {
            issues.add(FieldIssue.of("meterSerialNo", "is required"));
        } else if (r.meterSerialNo().length() > 64) {
            issues.add(FieldIssue.of("meterSerialNo", "must be at most 64 characters"));
        }
        common(r.type(), r.reason(), r.requester(), r.idempotencyKey(), issues);
        if (!issues.isEmpty()) {
            throw ApiProblem.badRequest(issues.get(0).field() + " " + issues.get(0).message(), issues);
        }
        parameters(r.type(), r.parameters());
        String hash = hash(r.type().name(), r.meterSerialNo(), new TreeMap<>(r.parameters()).toString());
        Optional<Submitted<CommandView>> earlier = earlierCommand(r.requester(), r.idempotencyKey(), hash);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        NetworkRegistry.MeterSummary meter = network.meterSummaries(List.of(r.meterSerialNo())).get(r.meterSerialNo());
        if (meter == null) {
            throw ApiProblem.invalid("meterSerialNo", "No meter " + r.meterSerialNo() + " in the network registry");
        }
        Verdict verdict = policy.decide(r.type(), List.of(meter.meter()), r.requester()).get(r.meterSerialNo());
        CommandStore.Decision decision = decision(r.meterSerialNo(), r.type(), verdict);
        Instant now = clock.instant();
        long id;
        try {
            id = tx.execute(s -> {
                long created = store.insertCommand(r.meterSerialNo(), r.type(), r.parameters(), r.reason(),
                        r.requester(), r.idempotencyKey(), hash, decision, now);
                announce(created, null, r.meterSerialNo(), r.type(), r.reason(), r.requester(), decision, now);
                wakeAfterCommit();
                return created;
            });
        } catch (DuplicateKeyException sameKeyMeanwhile) {
            return earlierCommand(r.requester(), r.idempotencyKey(), hash).orElseThrow(() -> sameKeyMeanwhile);
        }
        if (r.requester().kind() == Requester.Kind.STAFF) {
            audit.record(r.requester().name(), "COMMAND " + r.type(), "meter " + r.meterSerialNo() + " command " + id,
                    decision.state().name(), "reason: " + r.reason()
                            + (decision.rule() == null ? "" : "; refused by " + decision.rule() + ": " + decision.reason()),
                    null);
        }
        return new Submitted<>(store.find(id, true).orElseThrow(), false);
    }

    private Optional<Submitted<CommandView>> earlierCommand(Requester requester, String key, String hash) {
        return store.commandByKey(requester, key).map(k -> {
            if (!k.requestHash().equals(hash)) {
                throw ApiProblem.conflict("Idempotency-Key", "Idempotency key " + key
                        + " was already used for a different command (" + k.id() + ")");
            }
            return new Submitted<>(store.find(k.id(), true).orElseThrow(), true);
        });
    }

    // ------------------------------------------------------------------------------------------------ group

    /** What is wrong with a group's target (a list or a node, exactly one), each issue naming its field. */
    private List<FieldIssue> targetIssues(GroupRequest r) {
        List<FieldIssue> issues = new ArrayList<>();
        boolean byList = r.meterSerialNos() != null;
        boolean byNode = !blank(r.nodeCode());
        if (byList == byNode) {
            issues.add(FieldIssue.of(byList ? "nodeCode" : "meters", "give either meters (a list) or nodeCode, not "
                    + (byList ? "both" : "neither")));
        } else if (byList) {
            if (r.meterSerialNos().isEmpty()) {
                issues.add(FieldIssue.of("meters", "must not be empty"));
            } else if (r.meterSerialNos().size() > props.maxGroupSize()) {
                issues.add(FieldIssue.of("meters", "at most " + props.maxGroupSize() + " meters per group"));
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < r.meterSerialNos().size() && issues.size() < 20; i++) {
                String s = r.meterSerialNos().get(i);
                if (blank(s) || s.length() > 64) {
                    issues.add(FieldIssue.of("meters[" + i + "]", "must be a meter serial number"));
                } else if (!seen.add(s)) {
                    issues.add(FieldIssue.of("meters[" + i + "]", "meter " + s + " is listed twice"));
                }
            }
        }
        return issues;
    }

    @Override
    public Submitted<GroupView> submitGroup(GroupRequest r) {
        List<FieldIssue> issues = targetIssues(r);
        boolean byList = r.meterSerialNos() != null;
        boolean byNode = !byList;
        common(r.type(), r.reason(), r.requester(), r.idempotencyKey(), issues);
        if (!issues.isEmpty()) {
            throw ApiProblem.badRequest(issues.get(0).field() + " " + issues.get(0).message(), issues);
        }
        parameters(r.type(), r.parameters());
        String target = byList ? String.join(",", r.meterSerialNos()) : "node:" + r.nodeCode();
        String hash = hash(r.type().name(), target, new TreeMap<>(r.parameters()).toString());
        Optional<Submitted<GroupView>> earlier = earlierGroup(r.requester(), r.idempotencyKey(), hash);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        List<Meter> meters = byList ? listed(r.meterSerialNos()) : under(r.nodeCode());
        Map<String, Verdict> verdicts = policy.decide(r.type(), meters, r.requester());
        List<CommandStore.Decision> decisions = meters.stream()
                .map(m -> decision(m.serialNo(), r.type(), verdicts.get(m.serialNo()))).toList();
        Instant now = clock.instant();
        long id;
        try {
            id = tx.execute(s -> {
                long group = store.insertGroup(r.type(), r.parameters(), r.reason(), r.requester(), r.idempotencyKey(),
                        hash, byNode ? r.nodeCode() : null, meters.size(), now);
                store.insertGroupCommands(group, r.type(), r.parameters(), r.reason(), r.requester(), decisions, now);
                if (r.type() == ControlType.DISCONNECT
                        || decisions.stream().anyMatch(d -> d.state() == CommandState.REFUSED)) {
                    Map<String, Long> ids = store.groupCommandIds(group);
                    for (CommandStore.Decision d : decisions) {
                        announce(ids.get(d.meterSerialNo()), group, d.meterSerialNo(), r.type(), r.reason(),
                                r.requester(), d, now);
                    }
                }
                wakeAfterCommit();
                return group;
            });
        } catch (DuplicateKeyException sameKeyMeanwhile) {
            return earlierGroup(r.requester(), r.idempotencyKey(), hash).orElseThrow(() -> sameKeyMeanwhile);
        }
        if (r.requester().kind() == Requester.Kind.STAFF) {
            long refused = decisions.stream().filter(d -> d.state() == CommandState.REFUSED).count();
            audit.record(r.requester().name(), "COMMAND GROUP " + r.type(), "group " + id + " ("
                            + (byNode ? "meters under " + r.nodeCode() : "listed meters") + ", " + meters.size() + ")",
                    refused == 0 ? "ACCEPTED" : "ACCEPTED, " + refused + " REFUSED", "reason: " + r.reason(), null);
        }
        return new Submitted<>(store.group(id, null, 0, 100).orElseThrow(), false);
    }

    private Optional<Submitted<GroupView>> earlierGroup(Requester requester, String key, String hash) {
        return store.groupByKey(requester, key).map(k -> {
            if (!k.requestHash().equals(hash)) {
                throw ApiProblem.conflict("Idempotency-Key", "Idempotency key " + key
                        + " was already used for a different group command (" + k.id() + ")");
            }
            return new Submitted<>(store.group(k.id(), null, 0, 100).orElseThrow(), true);
        });
    }

    /** Refusals listed in a preview at most (all of them are counted). */
    static final int PREVIEW_LISTED = 500;

    @Override
    public PolicyPreview preview(GroupRequest r) {
        List<FieldIssue> issues = targetIssues(r);
        if (r.type() == null) {
            issues.add(FieldIssue.of("type", "is required"));
        }
        if (!issues.isEmpty()) {
            throw ApiProblem.badRequest(issues.get(0).field() + " " + issues.get(0).message(), issues);
        }
        parameters(r.type(), r.parameters());
        boolean byList = r.meterSerialNos() != null;
        List<Meter> meters = byList ? listed(r.meterSerialNos()) : under(r.nodeCode());
        Requester requester = r.requester() == null ? Requester.system("preview") : r.requester();
        Map<String, Verdict> verdicts = policy.decide(r.type(), meters, requester);
        List<PolicyPreview.Refusal> refusals = new ArrayList<>();
        int refused = 0;
        for (Meter m : meters) {
            Verdict v = verdicts.get(m.serialNo());
            if (v.refused()) {
                refused++;
                if (refusals.size() < PREVIEW_LISTED) {
                    refusals.add(new PolicyPreview.Refusal(m.serialNo(), v.rule(), v.reason()));
                }
            }
        }
        return new PolicyPreview(r.type(), byList ? null : r.nodeCode(), meters.size(), meters.size() - refused, refused,
                refusals);
    }

    @Override
    public QueueSummary queue(Instant since) {
        return store.queue(since);
    }

    @Override
    public List<GroupView> recentGroups(int limit) {
        return store.recentGroupIds(limit).stream().map(id -> store.group(id, null, 0, 0))
                .flatMap(Optional::stream).toList();
    }

    private List<Meter> listed(List<String> serials) {
        Map<String, NetworkRegistry.MeterSummary> known = network.meterSummaries(serials);
        List<FieldIssue> unknown = new ArrayList<>();
        for (int i = 0; i < serials.size() && unknown.size() < 20; i++) {
            if (!known.containsKey(serials.get(i))) {
                unknown.add(FieldIssue.of("meters[" + i + "]", "No meter " + serials.get(i) + " in the network registry"));
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiProblem.invalid(unknown.get(0).message(), unknown);
        }
        return serials.stream().map(s -> known.get(s).meter()).toList();
    }

    private List<Meter> under(String nodeCode) {
        if (network.node(nodeCode).isEmpty()) {
            throw ApiProblem.invalid("nodeCode", "No network node " + nodeCode);
        }
        List<Meter> meters = network.metersUnder(nodeCode, props.maxGroupSize() + 1, 0);
        if (meters.isEmpty()) {
            throw ApiProblem.invalid("nodeCode", "No meter is placed under " + nodeCode);
        }
        if (meters.size() > props.maxGroupSize()) {
            throw ApiProblem.invalid("nodeCode", "More than " + props.maxGroupSize() + " meters under " + nodeCode
                    + "; address a lower node");
        }
        return meters;
    }

    // ------------------------------------------------------------------------------------------------ shared

    private static void common(ControlType type, String reason, Requester requester, String key, List<FieldIssue> issues) {
        if (type == null) {
            issues.add(FieldIssue.of("type", "is required"));
        }
        if (blank(reason)) {
            issues.add(FieldIssue.of("reason", "is required: say why the command is given"));
        } else if (reason.length() > MAX_REASON) {
            issues.add(FieldIssue.of("reason", "must be at most " + MAX_REASON + " characters"));
        }
        if (requester == null) {
            issues.add(FieldIssue.of("requester", "is required"));
        }
        if (blank(key)) {
            issues.add(FieldIssue.of("Idempotency-Key", "is required: a key unique to this request, the same on a retry"));
        } else if (key.length() > MAX_KEY) {
            issues.add(FieldIssue.of("Idempotency-Key", "must be at most " + MAX_KEY + " characters"));
        }
    }

    private static void parameters(ControlType type, Map<String, String> parameters) {
        List<FieldIssue> issues = CommandParameters.check(type, parameters);
        if (!issues.isEmpty()) {
            throw ApiProblem.invalid(issues.get(0).field() + " " + issues.get(0).message(), issues);
        }
    }

    private static CommandStore.Decision decision(String serial, ControlType type, Verdict v) {
        if (v.refused()) {
            return new CommandStore.Decision(serial, CommandState.REFUSED, v.reason(), v.rule());
        }
        String why = switch (type) {
            case DISCONNECT -> "the disconnection policy allows it";
            case CONNECT -> "the meter has a relay; reconnection is not restricted by hours or days";
            default -> "no policy restricts " + type;
        };
        return new CommandStore.Decision(serial, CommandState.POLICY_CHECKED, why, null);
    }

    /** UC3.2 disconnection alert for a disconnection that will be sent; the outcome of a refused one. */
    private void announce(long id, Long group, String serial, ControlType type, String reason, Requester requester,
                          CommandStore.Decision d, Instant now) {
        if (d.state() == CommandState.REFUSED) {
            events.publishEvent(new CommandCompleted(id, group, serial, type, CommandState.REFUSED, d.reason(), d.rule(),
                    requester.kind(), requester.name(), now));
        } else if (type == ControlType.DISCONNECT) {
            events.publishEvent(new DisconnectionAlert(id, group, serial, reason, requester.kind(), requester.name(), now));
        }
    }

    private void wakeAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                dispatcher.wake();
            }
        });
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String hash(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                sha.update(p.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ queries

    @Override
    public Optional<CommandView> find(long commandId) {
        return store.find(commandId, true);
    }

    @Override
    public Optional<GroupView> group(long groupId, CommandState state, int page, int size) {
        return store.group(groupId, state, page, size);
    }

    @Override
    public List<CommandView> ofMeter(String meterSerialNo, int limit) {
        return store.ofMeter(meterSerialNo, limit);
    }

    @Override
    public Optional<MeterState> meterState(String meterSerialNo) {
        return store.meterState(meterSerialNo);
    }

    // ------------------------------------------------------------------------------------------------ cancel

    @Override
    public CommandView cancel(long commandId, Requester by, String reason) {
        String why = cancelReason(reason);
        store.find(commandId, false).orElseThrow(() -> ApiProblem.notFound("id", "No command " + commandId));
        Instant now = clock.instant();
        List<CommandStore.Cancelled> cancelled = tx.execute(s -> published(
                store.cancel("id = ?", commandId, actor(by), why, now), why, now));
        CommandView after = store.find(commandId, true).orElseThrow();
        if (cancelled.isEmpty() && after.state() != CommandState.CANCELLED) {
            throw ApiProblem.conflict("state", "Command " + commandId + " is " + after.state()
                    + ": only a command not yet sent to the HES can be cancelled");
        }
        if (!cancelled.isEmpty() && by.kind() == Requester.Kind.STAFF) {
            audit.record(by.name(), "COMMAND CANCEL", "command " + commandId, "CANCELLED", "reason: " + why, null);
        }
        return after;
    }

    @Override
    public GroupView cancelGroup(long groupId, Requester by, String reason) {
        String why = cancelReason(reason);
        store.group(groupId, null, 0, 1).orElseThrow(() -> ApiProblem.notFound("id", "No command group " + groupId));
        Instant now = clock.instant();
        List<CommandStore.Cancelled> cancelled = tx.execute(s -> published(
                store.cancel("group_id = ?", groupId, actor(by), why, now), why, now));
        if (by.kind() == Requester.Kind.STAFF) {
            audit.record(by.name(), "COMMAND GROUP CANCEL", "group " + groupId, cancelled.size() + " CANCELLED",
                    "reason: " + why, null);
        }
        return store.group(groupId, null, 0, 100).orElseThrow();
    }

    private List<CommandStore.Cancelled> published(List<CommandStore.Cancelled> cancelled, String why, Instant now) {
        cancelled.forEach(c -> events.publishEvent(new CommandCompleted(c.id(), c.groupId(), c.meterSerialNo(), c.type(),
                CommandState.CANCELLED, why, null, c.requesterKind(), c.requestedBy(), now)));
        return cancelled;
    }

    private static String cancelReason(String reason) {
        if (blank(reason)) {
            throw ApiProblem.badRequest("reason", "is required: say why the command is cancelled");
        }
        if (reason.length() > MAX_REASON) {
            throw ApiProblem.badRequest("reason", "must be at most " + MAX_REASON + " characters");
        }
        return reason;
    }

    private static String actor(Requester by) {
        return by.kind().name().toLowerCase() + ":" + by.name();
    }
}
