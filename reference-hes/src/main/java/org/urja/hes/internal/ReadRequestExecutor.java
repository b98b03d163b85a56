package org.urja.hes.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

import org.urja.hes.contract.ControlOutcome;
import org.urja.hes.contract.ControlType;
import org.urja.hes.contract.EndDeviceControlAck;
import org.urja.hes.contract.EndDeviceControlResult;
import org.urja.hes.contract.EndDeviceControlResultsMessage;
import org.urja.hes.contract.EndDeviceEvent;
import org.urja.hes.contract.EndDeviceEventsMessage;
import org.urja.hes.contract.MeterReadRequest;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.contract.ReadingProfile;
import org.urja.hes.fleet.Fleet;
import org.urja.hes.fleet.VirtualMeter;

/**
 * On-demand reads and re-acquisition of ranges (UC6.1–6.3, UC12.4–12.5, UC21.1–21.2, UC13.7–13.8, UC14.2–14.3):
 * reads the requested profiles of each meter and pushes them to the MDM under the request's correlation id. A
 * re-acquisition returns every interval of the range (including those the first read missed). Meters that cannot be
 * read are reported as a PING result TIMED_OUT.
 */
public final class ReadRequestExecutor {

    private final String hesId;
    private final Fleet fleet;
    private final MdmClient mdm;
    private final ExecutorService executor;
    private final InstantSource clock;
    private final int batchSize;

    public ReadRequestExecutor(String hesId, Fleet fleet, MdmClient mdm, ExecutorService executor, InstantSource clock,
                               int batchSize) {
        this.hesId = hesId;
        this.fleet = fleet;
        this.mdm = mdm;
        this.executor = executor;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    public EndDeviceControlAck accept(MeterReadRequest request) {
        if (request.from() != null && request.to() != null && !request.from().isBefore(request.to())) {
            return new EndDeviceControlAck(request.correlationId(), EndDeviceControlAck.Status.REJECTED,
                    "from must be before to");
        }
        executor.submit(() -> execute(request));
        return new EndDeviceControlAck(request.correlationId(), EndDeviceControlAck.Status.ACCEPTED, null);
    }

    void execute(MeterReadRequest request) {
        Instant now = clock.instant();
        Instant to = request.to() == null ? now : request.to();
        Instant from = request.from() == null ? to.minus(Duration.ofDays(1)) : request.from();
        List<MeterReading> readings = new ArrayList<>();
        List<EndDeviceEvent> events = new ArrayList<>();
        List<EndDeviceControlResult> unreadable = new ArrayList<>();
        int part = 0;
        for (String serial : request.meterSerialNos()) {
            VirtualMeter meter = fleet.find(serial).orElse(null);
            if (meter == null || meter.silent()) {
                unreadable.add(new EndDeviceControlResult(request.correlationId(), serial, ControlType.PING,
                        meter == null ? ControlOutcome.FAILED : ControlOutcome.TIMED_OUT,
                        meter == null ? "unknown meter" : "meter did not answer", now, java.util.Map.of()));
                continue;
            }
            for (ReadingProfile profile : request.profiles()) {
                readings.addAll(read(meter, profile, from, to, now));
            }
            if (request.includeEvents()) {
                meter.events(from, to).forEach(e -> events.add(ContractMapping.event(e)));
            }
            if (readings.size() >= batchSize) {
                push(request, readings, part++);
                readings = new ArrayList<>();
            }
        }
        if (!readings.isEmpty()) {
            push(request, readings, part);
        }
        if (!events.isEmpty()) {
            mdm.send("/end-device-events", new EndDeviceEventsMessage(hesId + "-" + request.correlationId() + "-events",
                    Instant.now(), request.correlationId(), events));
        }
        if (!unreadable.isEmpty()) {
            mdm.send("/end-device-control-results", new EndDeviceControlResultsMessage(
                    hesId + "-" + request.correlationId() + "-unreadable-" + UUID.randomUUID(), Instant.now(), unreadable));
        }
    }

    private void push(MeterReadRequest request, List<MeterReading> readings, int part) {
        mdm.send("/meter-readings", new MeterReadingsMessage(hesId + "-" + request.correlationId() + "-p" + part,
                Instant.now(), request.correlationId(), readings));
    }

    private static List<MeterReading> read(VirtualMeter meter, ReadingProfile profile, Instant from, Instant to,
                                           Instant now) {
        String serial = meter.spec().serialNo();
        List<MeterReading> out = new ArrayList<>();
        switch (profile) {
            case INSTANTANEOUS -> out.add(ContractMapping.instantaneous(serial, meter.instantaneous(now)));
            case BLOCK_LOAD -> {
                MeterReading load = ContractMapping.blockLoad(serial, meter.blockLoadProfile(from, to));
                if (load != null) {
                    out.add(load);
                }
            }
            case DAILY_LOAD -> {
                // Midnight snapshots captured in [from, to).
                for (LocalDate d = LocalDate.ofInstant(from, Collector.IST); ; d = d.plusDays(1)) {
                    Instant midnight = d.atStartOfDay(Collector.IST).toInstant();
                    if (!midnight.isBefore(to)) {
                        break;
                    }
                    if (!midnight.isBefore(from) && !midnight.isBefore(meter.spec().commissionedAt())) {
                        out.add(ContractMapping.daily(serial, meter.dailyProfile(d)));
                    }
                }
            }
            case BILLING -> {
                // Billing resets (00:00 IST on the 1st) in [from, to); month m resets at the start of m + 1.
                for (YearMonth m = YearMonth.from(LocalDate.ofInstant(from, Collector.IST)).minusMonths(1); ; m = m.plusMonths(1)) {
                    Instant reset = m.plusMonths(1).atDay(1).atStartOfDay(Collector.IST).toInstant();
                    if (!reset.isBefore(to)) {
                        break;
                    }
                    if (!reset.isBefore(from) && !reset.isBefore(meter.spec().commissionedAt())) {
                        out.add(ContractMapping.billing(serial, meter.billingProfile(m)));
                    }
                }
            }
        }
        return out;
    }
}
