package org.urja.mdms.command.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.hes.contract.ControlType;
import org.urja.mdms.command.CommandCompleted;
import org.urja.mdms.command.CommandState;
import org.urja.mdms.command.policy.Verdict;
import org.urja.mdms.hes.HesClient;
import org.urja.mdms.hes.OutboundRequest;
import org.urja.mdms.network.Meter;
import org.urja.mdms.network.NetworkRegistry;

/**
 * Sends queued commands to the HES. Each round claims due commands (FOR UPDATE SKIP LOCKED, so several nodes can
 * run it), re-checks the disconnection policy (a retry may fall into a forbidden hour), marks them SENT and sends them
 * in parallel chunks through {@link HesClient#sendControls} (batched to the HES) with a per-attempt idempotency key (a repeated send of the same attempt
 * never reaches the meter twice). The HES's answer moves each command on: ACKNOWLEDGED, FAILED when rejected, or —
 * when the HES could not be reached (down, 5xx, circuit open) — back to POLICY_CHECKED with an exponential backoff
 * until the attempts are used up, then FAILED.
 */
@Component
class CommandDispatcher {

    private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);

    private final CommandStore store;
    private final CommandOutcomes outcomes;
    private final PolicyCheck policy;
    private final NetworkRegistry network;
    private final HesClient hes;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final CommandProperties props;
    private final JdbcClient jdbc;
    private final ExecutorService senders;
    private final ExecutorService loop;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    CommandDispatcher(CommandStore store, CommandOutcomes outcomes, PolicyCheck policy, NetworkRegistry network,
                      HesClient hes, TransactionTemplate tx, ApplicationEventPublisher events, Clock clock,
                      CommandProperties props, JdbcClient jdbc) {
        this.store = store;
        this.outcomes = outcomes;
        this.policy = policy;
        this.network = network;
        this.hes = hes;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
        this.props = props;
        this.jdbc = jdbc;
        AtomicInteger n = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(props.dispatch().concurrency(), r -> daemon(r,
                "command-send-" + n.incrementAndGet()));
        this.loop = Executors.newSingleThreadExecutor(r -> daemon(r, "command-dispatch"));
    }

    /** Sends what is due now, without waiting for the next poll (called after a submission commits). */
    void wake() {
        again.set(true);
        if (running.compareAndSet(false, true)) {
            loop.execute(this::drain);
        }
    }

    @Scheduled(fixedDelayString = "${urja.command.dispatch.interval:PT1S}")
    void poll() {
        wake();
    }

    private void drain() {
        try {
            while (true) {
                again.set(false);
                while (dispatchRound() > 0) {
                    // go on while there is work
                }
                recoverStale();
                if (!again.get()) {
                    running.set(false);
                    // A wake between the check and the reset would be lost: look once more.
                    if (!again.get() || !running.compareAndSet(false, true)) {
                        return;
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("Command dispatch round failed; retried at the next poll", e);
            running.set(false);
        }
    }

    /** One round: claim, re-check, mark SENT, send in parallel, record. Returns how many commands it took. */
    int dispatchRound() {
        Instant now = clock.instant();
        List<CommandStore.Queued> toSend = new ArrayList<>();
        Integer claimed = tx.execute(s -> {
            List<CommandStore.Queued> due = store.claimDue(now, props.dispatch().batchSize());
            if (due.isEmpty()) {
                return 0;
            }
            List<CommandStore.Queued> relay = due.stream().filter(c -> c.type() == ControlType.DISCONNECT
                    || c.type() == ControlType.CONNECT).toList();
            List<Long> refusedIds = new ArrayList<>();
            java.util.Set<Long> refusedSet = new java.util.HashSet<>();
            List<String> rules = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            if (!relay.isEmpty()) {
                Map<String, NetworkRegistry.MeterSummary> meters = network.meterSummaries(
                        relay.stream().map(CommandStore.Queued::meterSerialNo).distinct().toList());
                // Judged per type and requester (a veto may concern only some requesters' disconnections).
                Map<List<Object>, List<CommandStore.Queued>> byAsk = new java.util.LinkedHashMap<>();
                relay.forEach(c -> byAsk.computeIfAbsent(List.of(c.type(), c.requesterKind(), c.requestedBy()),
                        k -> new ArrayList<>()).add(c));
                for (List<CommandStore.Queued> ask : byAsk.values()) {
                    CommandStore.Queued first = ask.get(0);
                    List<Meter> ofAsk = ask.stream().map(c -> meters.get(c.meterSerialNo()))
                            .filter(java.util.Objects::nonNull).map(NetworkRegistry.MeterSummary::meter).distinct().toList();
                    Map<String, Verdict> verdicts = policy.decide(first.type(), ofAsk,
                            new org.urja.mdms.command.Requester(first.requesterKind(), first.requestedBy()));
                    for (CommandStore.Queued c : ask) {
                        Verdict v = verdicts.get(c.meterSerialNo());
                        if (v != null && v.refused()) {
                            refusedIds.add(c.id());
                            refusedSet.add(c.id());
                            rules.add(v.rule());
                            reasons.add(v.reason() + " (checked again before sending)");
                        }
                    }
                }
            }
            if (!refusedIds.isEmpty()) {
                store.refuseQueued(refusedIds, rules, reasons, now);
                for (CommandStore.Queued c : due) {
                    int i = refusedIds.indexOf(c.id());
                    if (i >= 0) {
                        events.publishEvent(new CommandCompleted(c.id(), c.groupId(), c.meterSerialNo(), c.type(),
                                CommandState.REFUSED, reasons.get(i), rules.get(i), c.requesterKind(), c.requestedBy(), now));
                    }
                }
            }
            for (CommandStore.Queued c : due) {
                if (!refusedSet.contains(c.id())) {
                    toSend.add(new CommandStore.Queued(c.id(), c.groupId(), c.meterSerialNo(), c.type(), c.parameters(),
                            c.reason(), c.requesterKind(), c.requestedBy(), c.attempts() + 1, null, CommandState.SENT));
                }
            }
            store.markSent(toSend.stream().map(CommandStore.Queued::id).toArray(Long[]::new), now);
            return due.size();
        });
        if (!toSend.isEmpty()) {
            sendAndRecord(toSend);
        }
        return claimed == null ? 0 : claimed;
    }

    /** The HES's answer to one send: the request as recorded by the HES client, or why it could not be handed over. */
    private record Answer(CommandStore.Queued command, OutboundRequest request, String failure) {
    }

    /**
     * Sends the SENT commands — in chunks, in parallel, each chunk as few HES requests as the HES takes — records every
     * answer in one transaction (acknowledgements set-wise), then applies outcomes that arrived before their
     * acknowledgement was recorded.
     */
    private void sendAndRecord(List<CommandStore.Queued> commands) {
        int chunk = Math.max(1, (commands.size() + props.dispatch().concurrency() - 1) / props.dispatch().concurrency());
        List<CompletableFuture<List<Answer>>> sends = new ArrayList<>();
        for (int from = 0; from < commands.size(); from += chunk) {
            List<CommandStore.Queued> part = commands.subList(from, Math.min(commands.size(), from + chunk));
            sends.add(CompletableFuture.supplyAsync(() -> send(part), senders));
        }
        List<Answer> answers = sends.stream().flatMap(f -> f.join().stream()).toList();
        try {
            tx.executeWithoutResult(s -> record(answers));
        } catch (RuntimeException e) {
            // Left SENT: the stale-send recovery asks again with the same keys, which changes nothing at the HES.
            log.warn("Answers of the HES to {} commands not recorded yet: {}", answers.size(), e.toString());
        }
        applyEarlyOutcomes();
    }

    private List<Answer> send(List<CommandStore.Queued> commands) {
        try {
            List<OutboundRequest> requests = hes.sendControls(commands.stream().map(c -> new HesClient.ControlOrder(
                    c.meterSerialNo(), c.type(), c.parameters(), "command " + c.id() + " for " + c.requestedBy(),
                    requestKey(c.id(), c.attempts()))).toList());
            List<Answer> answers = new ArrayList<>(commands.size());
            for (int i = 0; i < commands.size(); i++) {
                answers.add(new Answer(commands.get(i), requests.get(i), null));
            }
            return answers;
        } catch (RuntimeException e) {
            log.warn("{} commands could not be handed to the HES: {}", commands.size(), e.toString());
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            return commands.stream().map(c -> new Answer(c, null, why)).toList();
        }
    }

    static String requestKey(long commandId, int attempt) {
        return "command:" + commandId + ":" + attempt;
    }

    /** Moves SENT commands on according to the HES's answers; in one transaction. */
    private void record(List<Answer> answers) {
        Instant now = clock.instant();
        List<Answer> accepted = answers.stream().filter(a -> a.request() != null
                && ("ACKNOWLEDGED".equals(a.request().status()) || "COMPLETED".equals(a.request().status()))).toList();
        store.acknowledge(accepted.stream().map(a -> a.command().id()).toArray(Long[]::new),
                accepted.stream().map(a -> a.request().correlationId()).toArray(String[]::new), now);
        for (Answer a : accepted) {
            OutboundRequest r = a.request();
            if ("COMPLETED".equals(r.status())) {
                // The outcome was in before the send returned: apply it now.
                store.queuedById(a.command().id()).filter(c -> c.state() == CommandState.ACKNOWLEDGED)
                        .ifPresent(c -> outcomes.apply(c, r.outcome(), r.outcomeReason(), r.completedAt()));
            }
        }
        for (Answer a : answers) {
            CommandStore.Queued c = a.command();
            if (a.request() == null) {
                undelivered(c, a.failure());
            } else if ("REJECTED".equals(a.request().status())) {
                String reason = "rejected by the HES: " + a.request().statusReason();
                if (store.transition(c.id(), CommandState.SENT, CommandState.FAILED, "hes", reason, null, c.attempts(),
                        a.request().correlationId(), null, now)) {
                    events.publishEvent(new CommandCompleted(c.id(), c.groupId(), c.meterSerialNo(), c.type(),
                            CommandState.FAILED, reason, null, c.requesterKind(), c.requestedBy(), now));
                }
            } else if ("UNDELIVERED".equals(a.request().status())) {
                undelivered(c, a.request().statusReason());
            }
            // PENDING: recorded by the HES client but its send has not finished (another node, or a crash): the
            // stale-send recovery asks again later.
        }
    }

    /**
     * Outcomes the HES reported before the acknowledgement of their send was recorded (kept by
     * {@link CommandOutcomes}): applied now that the command is known by its correlation id.
     */
    private void applyEarlyOutcomes() {
        for (String correlationId : store.matchableEarlyOutcomes(1000)) {
            tx.executeWithoutResult(s -> store.takeEarlyOutcome(correlationId).ifPresent(o -> store
                    .byCorrelation(correlationId).ifPresent(c -> outcomes.apply(c, o.outcome(), o.reason(),
                            o.completedAt()))));
        }
    }

    private void undelivered(CommandStore.Queued c, String why) {
        Instant now = clock.instant();
        int max = props.retry().maxAttempts();
        if (c.attempts() < max) {
            Duration wait = props.retry().backoffAfter(c.attempts());
            Instant next = now.plus(wait);
            store.transition(c.id(), CommandState.SENT, CommandState.POLICY_CHECKED, "dispatcher",
                    "not delivered to the HES (attempt " + c.attempts() + " of " + max + "): " + why
                            + "; next attempt at " + next, null, c.attempts(), null, next, now);
        } else {
            String reason = "not delivered to the HES after " + c.attempts() + " attempts: " + why;
            if (store.transition(c.id(), CommandState.SENT, CommandState.FAILED, "dispatcher", reason, null,
                    c.attempts(), null, null, now)) {
                events.publishEvent(new CommandCompleted(c.id(), c.groupId(), c.meterSerialNo(), c.type(),
                        CommandState.FAILED, reason, null, c.requesterKind(), c.requestedBy(), now));
            }
        }
    }

    /**
     * Commands left SENT without a recorded answer (the MDM stopped mid-send, or recording failed): the same attempt
     * is asked again with the same key, which returns the HES request already recorded (or sends it if it never was).
     * Also applies outcomes kept early whose command is known by now, and forgets old ones that belong to no command.
     */
    void recoverStale() {
        Instant now = clock.instant();
        List<CommandStore.Queued> stale = tx.execute(s -> store.claimStale(now.minus(props.dispatch().staleAfter()),
                now, props.dispatch().batchSize()));
        if (stale != null && !stale.isEmpty()) {
            sendAndRecord(stale);
        } else {
            applyEarlyOutcomes();
        }
        jdbc.sql("DELETE FROM command_early_outcome WHERE received_at < ?")
                .param(CommandStore.ts(now.minus(Duration.ofDays(1)))).update();
    }

    @PreDestroy
    void stop() {
        loop.shutdownNow();
        senders.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
