package org.urja.mdms.losses;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Published API of the energy audit (RDSS SBD section 6): per DT, energy received at its boundary meter (import −
 * export) against the consumption of its consumer meters net of their export (LT loss); per feeder, the feeder-head
 * meter against every consumer meter under the feeder (the feeder's total loss), with the DT boundary meters' sum and
 * the HT loss (feeder head − Σ DT meters) beside it. Energy is the current version of the validated interval data (VEE's
 * estimates included and counted), in kWh on the primary side: the HES applies each meter's multiplier (CT/PT ratio)
 * before it sends. Meters count where they are placed now.
 */
public interface EnergyAudit {

    /** The level audited: each DT, or each feeder, under the node asked for. */
    enum Level {
        DT, FEEDER
    }

    /** The IST days audited, {@code [from, to]}: one day or a calendar month ({@code label} 2026-03-10 or 2026-03). */
    record Period(LocalDate from, LocalDate to, String label) {
    }

    /**
     * Audits every DT or feeder under {@code nodeCode} (any level; the node itself if it is of {@code level}). Refused
     * with a 4xx {@link org.urja.mdms.platform.ApiProblem} naming the field for an unknown node, a node below the level,
     * a period in the future, or a node with too many meters.
     */
    Report audit(Level level, String nodeCode, Period period);

    /**
     * OK; NO_BOUNDARY_METER (no boundary meter placed at the node); NO_BOUNDARY_DATA (its boundary meter sent nothing
     * for the period); NEGATIVE_LOSS (the consumers used more than the boundary received: a metering or mapping
     * error to look into).
     */
    enum Status {
        OK, NO_BOUNDARY_METER, NO_BOUNDARY_DATA, NEGATIVE_LOSS
    }

    /**
     * A boundary meter's share: its net energy (import − export), how many of its intervals were actual, estimated
     * or edited and missing, and its multiplier (already applied by the HES).
     */
    record BoundaryMeter(String meterSerialNo, BigDecimal multiplier, BigDecimal importKwh, BigDecimal exportKwh,
                         BigDecimal netKwh, int actualIntervals, int estimatedIntervals, int missingIntervals) {
    }

    /**
     * How complete the consumer side is: consumer meters placed there, how many sent any data and how many only
     * measured data (every expected interval actual), the missing meters (no data at all; at most
     * {@value #MISSING_LISTED} listed), import intervals expected / actual / estimated / edited / missing, meter-days
     * with estimated or edited intervals, and the shares of actual intervals and fully measured meters (%).
     */
    record Completeness(int consumerMeters, int metersWithData, int metersAllActual, int missingMeters,
                        List<String> missingMeterSerialNos, long expectedIntervals, long actualIntervals,
                        long estimatedIntervals, long editedIntervals, long missingIntervals, int estimatedMeterDays,
                        BigDecimal actualIntervalPercent, BigDecimal metersAllActualPercent) {
    }

    int MISSING_LISTED = 50;

    /**
     * One audited node. {@code inputKwh} = Σ boundary meters' net energy (null without boundary data);
     * {@code consumptionKwh} = consumers' import − export; {@code lossKwh} = input − consumption; {@code lossPercent} =
     * loss ÷ input × 100 (2 decimals; null when input is not positive). For a feeder {@code dtInputKwh} is Σ of its DT
     * boundary meters' net energy and {@code htLossKwh}/{@code htLossPercent} the feeder head minus that (null for a
     * DT). {@code netMeteredMeters}: consumer meters that exported in the period.
     */
    record NodeAudit(Level level, String nodeCode, String parentCode, Status status, List<BoundaryMeter> boundaryMeters,
                     BigDecimal inputKwh, BigDecimal consumerImportKwh, BigDecimal consumerExportKwh,
                     BigDecimal consumptionKwh, BigDecimal lossKwh, BigDecimal lossPercent, int netMeteredMeters,
                     BigDecimal dtInputKwh, BigDecimal htLossKwh, BigDecimal htLossPercent, Completeness completeness) {
    }

    /**
     * The audit: {@code nodes} ranked best first (lowest loss % first; nodes without a loss % last), {@code best} and
     * {@code worst} the up to {@value #RANKED} nodes of status OK with the lowest and highest loss %, and the totals
     * of the whole scope.
     */
    record Report(Level level, String nodeCode, Period period, List<NodeAudit> nodes, List<NodeAudit> best,
                  List<NodeAudit> worst, BigDecimal totalInputKwh, BigDecimal totalConsumptionKwh,
                  BigDecimal totalLossKwh, BigDecimal totalLossPercent) {
    }

    int RANKED = 5;
}
