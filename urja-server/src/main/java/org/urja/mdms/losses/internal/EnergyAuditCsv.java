package org.urja.mdms.losses.internal;

import java.math.BigDecimal;
import java.util.stream.Collectors;

import org.urja.mdms.losses.EnergyAudit;

/** The energy audit as CSV (one row per audited node, in the report's order), for the API and the staff page. */
final class EnergyAuditCsv {

    static final String HEADER = "level,node,parent,period,status,boundary_meters,input_kwh,consumer_import_kwh,"
            + "consumer_export_kwh,consumption_kwh,loss_kwh,loss_percent,dt_input_kwh,ht_loss_kwh,ht_loss_percent,"
            + "consumer_meters,meters_with_data,meters_all_actual,missing_meters,net_metered_meters,expected_intervals,"
            + "actual_intervals,estimated_intervals,edited_intervals,missing_intervals,estimated_meter_days,"
            + "actual_interval_percent\n";

    private EnergyAuditCsv() {
    }

    static String write(EnergyAudit.Report report) {
        StringBuilder out = new StringBuilder(HEADER);
        for (EnergyAudit.NodeAudit n : report.nodes()) {
            EnergyAudit.Completeness c = n.completeness();
            out.append(n.level()).append(',').append(field(n.nodeCode())).append(',').append(field(n.parentCode()))
                    .append(',').append(report.period().label()).append(',').append(n.status()).append(',')
                    .append(field(n.boundaryMeters().stream().map(b -> b.meterSerialNo() + " x" + b.multiplier()
                            .stripTrailingZeros().toPlainString()).collect(Collectors.joining(" "))))
                    .append(',').append(num(n.inputKwh())).append(',').append(num(n.consumerImportKwh()))
                    .append(',').append(num(n.consumerExportKwh())).append(',').append(num(n.consumptionKwh()))
                    .append(',').append(num(n.lossKwh())).append(',').append(num(n.lossPercent()))
                    .append(',').append(num(n.dtInputKwh())).append(',').append(num(n.htLossKwh()))
                    .append(',').append(num(n.htLossPercent()))
                    .append(',').append(c.consumerMeters()).append(',').append(c.metersWithData())
                    .append(',').append(c.metersAllActual()).append(',').append(c.missingMeters())
                    .append(',').append(n.netMeteredMeters()).append(',').append(c.expectedIntervals())
                    .append(',').append(c.actualIntervals()).append(',').append(c.estimatedIntervals())
                    .append(',').append(c.editedIntervals()).append(',').append(c.missingIntervals())
                    .append(',').append(c.estimatedMeterDays()).append(',').append(num(c.actualIntervalPercent()))
                    .append('\n');
        }
        return out.toString();
    }

    static String fileName(EnergyAudit.Report report) {
        return "energy-audit-" + report.level().name().toLowerCase() + "-" + report.nodeCode().replaceAll("[^A-Za-z0-9_-]",
                "_") + "-" + report.period().label() + ".csv";
    }

    private static String num(BigDecimal v) {
        return v == null ? "" : v.toPlainString();
    }

    /** A text field, quoted when it holds a comma or quote; a leading formula character is neutralised. */
    private static String field(String v) {
        if (v == null) {
            return "";
        }
        String s = v;
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
