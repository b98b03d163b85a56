package org.urja.mdms.vee.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.network.Meter;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.reading.IntervalEdits;
import org.urja.mdms.reading.IntervalFlags;
import org.urja.mdms.vee.EstimationConfig;
import org.urja.mdms.vee.Vee;
import org.urja.mdms.vee.estimation.LikeDay;
import org.urja.mdms.vee.estimation.LinearInterpolation;

/**
 * The VEE exception desk behind the staff pages: the queue of open findings (by rule, network node, day, severity),
 * a meter-day side by side — what the meter sent, the current version, and an estimate for the slots the findings
 * are about — and the actions on it: approve a finding as it is, replace its slots by the estimate or by values a
 * person enters (a new version through {@link IntervalEdits}, never an in-place change), and approve every finding a
 * filter matches, at most {@code urja.vee.desk.bulk-limit} at once. Every action is recorded in the audit trail with
 * what it did, beside the request itself.
 */
@Service
class VeeDesk {

    /** The queue's filters; null or blank means any. {@code node}: a feeder or DT (or any node) whose meters count. */
    record Filter(String rule, String node, LocalDate day, String severity) {

        Filter {
            rule = blankToNull(rule);
            node = blankToNull(node);
            severity = blankToNull(severity);
        }

        boolean any() {
            return rule != null || node != null || day != null || severity != null;
        }
    }

    /** One page of the queue and how many open findings match in all. */
    record Queue(List<VeeController.FindingView> findings, long matching, int bulkLimit) {
    }

    /** One slot of a meter-day: time, what the meter sent, the current value and its quality, the estimate offered. */
    record SlotRow(int slot, String time, BigDecimal received, BigDecimal current, String quality, boolean flagged,
                   BigDecimal estimate) {
    }

    record MeterDay(String meterSerialNo, LocalDate day, int intervalMinutes, List<VeeController.FindingView> findings,
                    List<SlotRow> slots, List<IntervalData.VersionInfo> versions, BigDecimal receivedKwh,
                    BigDecimal currentKwh, BigDecimal estimatedKwh) {

        public List<SlotRow> flaggedSlots() {
            return slots.stream().filter(SlotRow::flagged).toList();
        }
    }

    static final int PAGE = 200;
    private static final int MAX_NODE_METERS = 200_000;

    private final JdbcClient jdbc;
    private final VeeFindings findings;
    private final IntervalData data;
    private final IntervalEdits edits;
    private final NetworkRegistry network;
    private final AuditTrail audit;
    private final int bulkLimit;

    VeeDesk(JdbcClient jdbc, VeeFindings findings, IntervalData data, IntervalEdits edits, NetworkRegistry network,
            AuditTrail audit, @Value("${urja.vee.desk.bulk-limit:500}") int bulkLimit) {
        this.jdbc = jdbc;
        this.findings = findings;
        this.data = data;
        this.edits = edits;
        this.network = network;
        this.audit = audit;
        this.bulkLimit = bulkLimit;
    }

    List<String> rules() {
        return Vee.standard().ruleNames();
    }

    Queue queue(Filter f) {
        String[] meters = meters(f);
        List<VeeController.FindingView> page = jdbc.sql("SELECT " + VeeFindings.COLUMNS + " FROM vee_finding " + WHERE
                        + " ORDER BY day DESC, meter_serial, from_slot LIMIT ?")
                .params(params(f, meters, PAGE)).query(VeeFindings::view).list();
        long matching = page.size() < PAGE ? page.size() : count(f, meters);
        return new Queue(page, matching, bulkLimit);
    }

    /** Approves one finding as it is (the value stands), with a reason. */
    VeeController.FindingView approve(long id, String reason, String user, String from) {
        String why = reason(reason);
        VeeController.FindingView done = findings.resolve(id, user, "Approved: " + why);
        audit.record(user, "VEE_FINDING_APPROVED", "finding " + id, "OK",
                done.meterSerialNo() + " " + done.day() + " " + done.rule() + ": " + why, from);
        return done;
    }

    /**
     * Approves every open finding the filter matches, refused (nothing changes) above the bulk limit or without any
     * filter. Returns how many were approved.
     */
    @Transactional
    int bulkApprove(Filter f, String reason, String user, String from) {
        String why = reason(reason);
        if (!f.any()) {
            throw ApiProblem.badRequest("rule", "Choose at least one filter (rule, feeder/DT, day or severity) to approve in bulk");
        }
        String[] meters = meters(f);
        long matching = count(f, meters);
        if (matching > bulkLimit) {
            throw ApiProblem.invalid("filter", matching + " findings match; at most " + bulkLimit
                    + " may be approved at once: narrow the filter");
        }
        List<Object> params = new ArrayList<>(List.of(user, "Approved in bulk: " + why));
        params.addAll(java.util.Arrays.asList(params(f, meters, bulkLimit + 1)));
        List<Long> ids = jdbc.sql("""
                        UPDATE vee_finding SET status = 'RESOLVED', resolved_by = ?, resolved_at = now(), resolution = ?
                        WHERE id IN (SELECT id FROM vee_finding %s ORDER BY id LIMIT ? FOR UPDATE)
                          AND status = 'OPEN' RETURNING id""".formatted(WHERE))
                .params(params).query(Long.class).list();
        if (ids.size() > bulkLimit) { // more matched than counted a moment ago: nothing is approved
            throw ApiProblem.invalid("filter", "More than " + bulkLimit + " findings match now: narrow the filter");
        }
        audit.record(user, "VEE_FINDINGS_APPROVED", describe(f), "OK", ids.size() + " findings approved: " + why
                + " (ids " + (ids.size() > 20 ? ids.subList(0, 20) + "…" : ids) + ")", from);
        return ids.size();
    }

    /** Records an action the desk refused (nothing changed), with why. */
    void refused(String user, String action, String target, ApiProblem why, String from) {
        audit.record(user, action, target, "REJECTED", why.getMessage(), from);
    }

    /** A meter-day's findings (open and closed), its slots side by side, and its versions; empty when it has no data. */
    Optional<MeterDay> meterDay(String serial, LocalDate day) {
        Optional<DaySeries> current = data.current(serial, Channel.KWH_IMPORT, day);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        DaySeries now = current.get();
        DaySeries received = data.asReceived(serial, Channel.KWH_IMPORT, day).orElse(null);
        List<VeeController.FindingView> all = jdbc.sql("SELECT " + VeeFindings.COLUMNS + """
                         FROM vee_finding WHERE meter_serial = ? AND channel = ? AND day = ?
                        ORDER BY status, from_slot, rule""")
                .params(serial, Channel.KWH_IMPORT.code(), day).query(VeeFindings::view).list();
        boolean[] flagged = new boolean[now.slots()];
        for (VeeController.FindingView f : all) {
            if (f.status().equals("OPEN") && f.fromSlot() >= 0) {
                for (int i = Math.max(0, f.fromSlot()); i < Math.min(now.slots(), f.toSlot()); i++) {
                    flagged[i] = true;
                }
            }
        }
        DaySeries estimate = estimate(received == null ? now : received, flagged);
        List<SlotRow> rows = new ArrayList<>();
        long receivedWh = 0;
        long currentWh = 0;
        long estimatedWh = 0;
        for (int i = 0; i < now.slots(); i++) {
            BigDecimal r = received != null && received.present(i) ? kwh(received.values()[i]) : null;
            BigDecimal c = now.present(i) ? kwh(now.values()[i]) : null;
            BigDecimal e = flagged[i] && estimate.present(i) ? kwh(estimate.values()[i]) : null;
            receivedWh += received != null && received.present(i) ? received.values()[i] : 0;
            currentWh += now.present(i) ? now.values()[i] : 0;
            estimatedWh += e != null ? estimate.values()[i] : now.present(i) ? now.values()[i] : 0;
            rows.add(new SlotRow(i, LocalTime.MIN.plusMinutes((long) i * now.intervalMinutes()).toString(), r, c,
                    quality(now.flags()[i]), flagged[i], e));
        }
        return Optional.of(new MeterDay(serial, day, now.intervalMinutes(), all, rows,
                data.versions(serial, Channel.KWH_IMPORT, day), kwh(receivedWh), kwh(currentWh), kwh(estimatedWh)));
    }

    /** Replaces the slots of the day's open findings by the estimate offered: a new version, with the reason. */
    IntervalEdits.Edited acceptEstimate(String serial, LocalDate day, String reason, String user, String from) {
        String why = reason(reason);
        MeterDay md = meterDay(serial, day).orElseThrow(() -> ApiProblem.notFound("day", "No data of " + serial + " on " + day));
        List<IntervalEdits.SlotValue> values = md.flaggedSlots().stream().filter(s -> s.estimate() != null)
                .map(s -> new IntervalEdits.SlotValue(s.slot(), s.estimate())).toList();
        if (values.isEmpty()) {
            throw ApiProblem.invalid("estimate", "No estimate can be offered for this day's findings: edit the values");
        }
        IntervalEdits.Edited edited = edits.edit(serial, Channel.KWH_IMPORT, day, values, "Estimate accepted: " + why, user);
        audit.record(user, "VEE_ESTIMATE_ACCEPTED", serial + " " + day, "OK", "version " + edited.version() + ", "
                + edited.editedSlots() + " slots: " + why, from);
        return edited;
    }

    /** A person's values for slots of the day: a new version, with the reason. */
    IntervalEdits.Edited edit(String serial, LocalDate day, List<IntervalEdits.SlotValue> values, String reason,
                              String user, String from) {
        String why = reason(reason);
        IntervalEdits.Edited edited = edits.edit(serial, Channel.KWH_IMPORT, day, values, why, user);
        audit.record(user, "VEE_INTERVALS_EDITED", serial + " " + day, "OK", "version " + edited.version() + ", "
                + edited.editedSlots() + " slots: " + why, from);
        return edited;
    }

    /**
     * The estimate offered for the flagged slots: what the meter sent with those slots taken out, filled as VEE fills
     * gaps (straight lines across short gaps, then like days from the current versions of the weeks before).
     */
    private DaySeries estimate(DaySeries base, boolean[] flagged) {
        long[] values = base.values().clone();
        short[] flags = base.flags().clone();
        boolean any = false;
        for (int i = 0; i < flags.length; i++) {
            if (flagged[i]) {
                values[i] = 0;
                flags[i] = 0;
                any = true;
            }
        }
        DaySeries gaps = new DaySeries(base.meterSerialNo(), base.channel(), base.day(), base.intervalMinutes(), values, flags);
        if (!any) {
            return gaps;
        }
        EstimationConfig config = EstimationConfig.defaults();
        DaySeries filled = LinearInterpolation.apply(gaps, config.maxInterpolationMinutes());
        List<DaySeries> history = data.currentRange(base.meterSerialNo(), base.channel(),
                base.day().minusDays(config.lookbackDays()), base.day().minusDays(1));
        return LikeDay.apply(filled, history, config.likeDays(), config.lookbackDays());
    }

    static String quality(short flags) {
        if (!IntervalFlags.has(flags, IntervalFlags.PRESENT)) {
            return "missing";
        }
        if (IntervalFlags.has(flags, IntervalFlags.EDITED)) {
            return "edited";
        }
        if (IntervalFlags.has(flags, IntervalFlags.ESTIMATED)) {
            return "estimated";
        }
        return IntervalFlags.has(flags, IntervalFlags.FAILED_VALIDATION) ? "failed" : "actual";
    }

    private static BigDecimal kwh(long wh) {
        return BigDecimal.valueOf(wh).divide(BigDecimal.valueOf(Channel.KWH_IMPORT.scale()), 3, RoundingMode.UNNECESSARY);
    }

    private static String reason(String reason) {
        String r = reason == null ? "" : reason.strip();
        if (r.length() < 5 || r.length() > 500) {
            throw ApiProblem.badRequest("reason", "A reason of 5 to 500 characters is required");
        }
        return r;
    }

    private static final String WHERE = """
            WHERE status = 'OPEN' AND (CAST(? AS text) IS NULL OR rule = ?) AND (CAST(? AS date) IS NULL OR day = ?)
              AND (CAST(? AS text) IS NULL OR severity = ?) AND (CAST(? AS text[]) IS NULL OR meter_serial = ANY(?))""";

    private static Object[] params(Filter f, String[] meters, int limit) {
        return new Object[] {f.rule(), f.rule(), f.day(), f.day(), f.severity(), f.severity(), meters, meters, limit};
    }

    private long count(Filter f, String[] meters) {
        Object[] p = params(f, meters, 0);
        return jdbc.sql("SELECT count(*) FROM vee_finding " + WHERE)
                .params(java.util.Arrays.copyOf(p, p.length - 1)).query(Long.class).single();
    }

    /** The serial numbers of the meters placed under the filter's node now, or null when no node is given. */
    private String[] meters(Filter f) {
        if (f.node() == null) {
            return null;
        }
        if (network.node(f.node()).isEmpty()) {
            throw ApiProblem.invalid("node", "No network node " + f.node());
        }
        return network.metersUnder(f.node(), MAX_NODE_METERS, 0).stream().map(Meter::serialNo).toArray(String[]::new);
    }

    private static String describe(Filter f) {
        return "rule=" + (f.rule() == null ? "any" : f.rule()) + " node=" + (f.node() == null ? "any" : f.node())
                + " day=" + (f.day() == null ? "any" : f.day()) + " severity=" + (f.severity() == null ? "any" : f.severity());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
