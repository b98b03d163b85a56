package org.urja.hes.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.urja.hes.contract.ControlOutcome;
import org.urja.hes.contract.ControlType;
import org.urja.hes.contract.EndDeviceControlAck;
import org.urja.hes.contract.EndDeviceControlRequest;
import org.urja.hes.contract.EndDeviceControlResult;
import org.urja.hes.contract.EndDeviceControlResultsMessage;
import org.urja.hes.fleet.CommandResult;
import org.urja.hes.fleet.Fleet;
import org.urja.hes.fleet.PaymentMode;
import org.urja.hes.fleet.VirtualDcu;
import org.urja.hes.fleet.VirtualMeter;

/**
 * Carries out commands asynchronously (UC3.4–3.6, UC4.3–4.5, UC7.4–7.5, UC8, UC10, UC13.5–13.6, UC14.6–14.7,
 * UC17.5): acknowledges at once, talks to the meter after a latency, and reports the outcome to the MDM (outcomes
 * that complete while a report is on its way are batched into the next message). A meter
 * that never answers yields TIMED_OUT after the meter timeout; a meter that refuses yields FAILED with its reason. A
 * DCU takes TIME_SYNC and PING only, and reports its clock's offset (UC10.1).
 */
public final class ControlExecutor {

    private final Fleet fleet;
    private final Map<String, VirtualDcu> dcus;
    private final MdmClient mdm;
    private final ScheduledExecutorService executor;
    private final InstantSource clock;
    private final Duration latency;
    private final Duration meterTimeout;
    private final String hesId;
    private volatile boolean dropOutcomes;
    private final BlockingQueue<EndDeviceControlResult> pending = new LinkedBlockingQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    /** Verified firmware images by path and SHA-256, as a head-end keeps an image for a campaign's meters. */
    private final Map<String, byte[]> images = new java.util.concurrent.ConcurrentHashMap<>();

    /** The most command outcomes reported in one message to the MDM. */
    static final int MAX_RESULTS_PER_MESSAGE = 200;

    /** {@code dcus}: the DCUs this HES serves by code (read as they are when a command arrives). */
    public ControlExecutor(String hesId, Fleet fleet, Map<String, VirtualDcu> dcus, MdmClient mdm,
                           ScheduledExecutorService executor, InstantSource clock, Duration latency, Duration meterTimeout) {
        this.hesId = hesId;
        this.fleet = fleet;
        this.dcus = dcus;
        this.mdm = mdm;
        this.executor = executor;
        this.clock = clock;
        this.latency = latency;
        this.meterTimeout = meterTimeout;
    }

    /** Validates the request and, if it can be carried out, schedules it; the answer is the acknowledgement. */
    public EndDeviceControlAck accept(EndDeviceControlRequest request) {
        if (request.dcuCode() != null) {
            return acceptForDcu(request);
        }
        VirtualMeter meter = fleet.find(request.meterSerialNo()).orElse(null);
        if (meter == null) {
            return reject(request, "Unknown meter " + request.meterSerialNo());
        }
        String invalid = invalidParameters(request);
        if (invalid != null) {
            return reject(request, invalid);
        }
        String models = request.controlType() == ControlType.FIRMWARE_UPGRADE ? request.parameters().get("imageModels") : null;
        if (models != null && !List.of(models.split(",")).contains(meter.model())) {
            return reject(request, "firmware image is for meter models " + models + ", not for this meter's model "
                    + meter.model());
        }
        if (meter.silent()) {
            executor.schedule(() -> report(request, ControlOutcome.TIMED_OUT,
                    "meter did not answer within " + meterTimeout, Map.of()), meterTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            executor.schedule(() -> execute(meter, request), latency.toMillis(), TimeUnit.MILLISECONDS);
        }
        return new EndDeviceControlAck(request.correlationId(), EndDeviceControlAck.Status.ACCEPTED, null);
    }

    private EndDeviceControlAck acceptForDcu(EndDeviceControlRequest request) {
        VirtualDcu dcu = dcus.get(request.dcuCode());
        if (dcu == null) {
            return reject(request, "Unknown DCU " + request.dcuCode());
        }
        if (request.controlType() != ControlType.TIME_SYNC && request.controlType() != ControlType.PING) {
            return reject(request, "A DCU takes TIME_SYNC and PING only, not " + request.controlType());
        }
        executor.schedule(() -> {
            Instant at = clock.instant();
            Duration offset = request.controlType() == ControlType.TIME_SYNC ? dcu.syncClock(at) : dcu.clockOffset(at);
            report(request, ControlOutcome.SUCCEEDED, null, Map.of(EndDeviceControlResult.CLOCK_OFFSET_SECONDS,
                    BigDecimal.valueOf(offset.toMillis(), 3).toPlainString()));
        }, latency.toMillis(), TimeUnit.MILLISECONDS);
        return new EndDeviceControlAck(request.correlationId(), EndDeviceControlAck.Status.ACCEPTED, null);
    }

    private static EndDeviceControlAck reject(EndDeviceControlRequest request, String reason) {
        return new EndDeviceControlAck(request.correlationId(), EndDeviceControlAck.Status.REJECTED, reason);
    }

    private void execute(VirtualMeter meter, EndDeviceControlRequest request) {
        Instant at = clock.instant();
        Map<String, String> p = request.parameters();
        CommandResult result = switch (request.controlType()) {
            case CONNECT -> meter.connect(at);
            case DISCONNECT -> meter.disconnect(at);
            case PING -> meter.ping(at);
            case TIME_SYNC -> meter.syncClock(at);
            case FIRMWARE_UPGRADE -> upgradeFirmware(meter, p, at);
            case SET_LOAD_LIMIT -> meter.setLoadLimitKw(Double.parseDouble(p.get("loadLimitKw")), at);
            case SET_DEMAND_INTEGRATION_PERIOD -> meter.setDemandIntegrationPeriod(Integer.parseInt(p.get("minutes")), at);
            case SET_PROFILE_CAPTURE_PERIOD -> meter.setProfileCapturePeriod(Integer.parseInt(p.get("minutes")), at);
            case RESET_MAX_DEMAND -> meter.resetMaxDemand(at);
            case RESET_TAMPER -> meter.resetTamper(at);
            // Event priorities are not simulated: the meter only has to answer.
            case SET_EVENT_PRIORITY -> meter.ping(at);
            case SET_PAYMENT_MODE -> meter.setPaymentMode(PaymentMode.valueOf(p.get("paymentMode")), at);
            case UPDATE_CREDIT -> meter.updateCredit(new BigDecimal(p.get("creditRupees")), at);
            case RESET_EVENT_STATUS_WORD -> meter.resetEventStatusWord(at);
        };
        Map<String, String> details = Map.of("relay", meter.relayConnected() ? "CONNECTED" : "DISCONNECTED",
                "paymentMode", meter.paymentMode().name(), "firmwareVersion", meter.firmwareVersion());
        report(request, result.success() ? ControlOutcome.SUCCEEDED : ControlOutcome.FAILED, result.reason(), details);
    }

    /**
     * UC8.1: with an {@code imagePath} the bytes fetched from the MDM (once per image, then kept) must have the
     * announced size and SHA-256, or the command fails saying why. (An image not for the meter's model is rejected when
     * the command arrives.)
     */
    private CommandResult upgradeFirmware(VirtualMeter meter, Map<String, String> p, Instant at) {
        String path = p.get("imagePath");
        if (path != null) {
            String expected = p.get("imageSha256").toLowerCase(java.util.Locale.ROOT);
            if (!images.containsKey(path + "@" + expected)) {
                MdmClient.Download image = mdm.fetch(path);
                if (image.status() != 200) {
                    return CommandResult.failed("firmware image download failed: " + (image.status() == 0
                            ? "MDM not reachable" : "HTTP " + image.status()));
                }
                long size = Long.parseLong(p.get("imageSizeBytes"));
                if (image.body().length != size) {
                    return CommandResult.failed("firmware image size " + image.body().length
                            + " bytes differs from imageSizeBytes " + size);
                }
                String actual = sha256(image.body());
                if (!actual.equals(expected)) {
                    return CommandResult.failed("firmware image checksum mismatch: SHA-256 of the download is " + actual
                            + ", expected " + expected);
                }
                if (images.size() >= 8) {
                    images.clear();
                }
                images.put(path + "@" + expected, image.body());
            }
        }
        return meter.upgradeFirmware(p.get("firmwareVersion"), at);
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fault injection: the HES acknowledges commands but loses their outcomes (as after a HES crash). */
    public void dropOutcomes(boolean drop) {
        this.dropOutcomes = drop;
    }

    private void report(EndDeviceControlRequest request, ControlOutcome outcome, String reason, Map<String, String> details) {
        if (dropOutcomes) {
            return;
        }
        pending.add(new EndDeviceControlResult(request.correlationId(), request.meterSerialNo(), request.controlType(),
                outcome, reason, clock.instant(), details, request.dcuCode()));
        if (flushing.compareAndSet(false, true)) {
            executor.execute(this::flush);
        }
    }

    /**
     * Sends the outcomes waiting, oldest first, up to {@link #MAX_RESULTS_PER_MESSAGE} per message, one message at a
     * time: an outcome goes out at once when the HES is idle, and outcomes that pile up while a message is on its way
     * go together in the next one (as a head-end reports a campaign of thousands of commands).
     */
    private void flush() {
        try {
            List<EndDeviceControlResult> batch = new ArrayList<>();
            while (pending.drainTo(batch, MAX_RESULTS_PER_MESSAGE) > 0) {
                mdm.send("/end-device-control-results", new EndDeviceControlResultsMessage(
                        hesId + "-result-" + UUID.randomUUID(), Instant.now(), List.copyOf(batch)));
                batch.clear();
            }
        } finally {
            flushing.set(false);
            if (!pending.isEmpty() && flushing.compareAndSet(false, true)) {
                executor.execute(this::flush);
            }
        }
    }

    /** The reason the parameters cannot be used, or null. */
    static String invalidParameters(EndDeviceControlRequest request) {
        Map<String, String> p = request.parameters();
        try {
            return switch (request.controlType()) {
                case FIRMWARE_UPGRADE -> blank(p.get("firmwareVersion")) ? "parameter firmwareVersion is required"
                        : p.get("imagePath") == null ? null
                        : p.get("imageSha256") == null || !p.get("imageSha256").matches("[0-9a-fA-F]{64}")
                        ? "parameter imageSha256 must be the image's SHA-256 (64 hex digits)"
                        : Long.parseLong(p.get("imageSizeBytes")) > 0 ? null : "imageSizeBytes must be positive";
                case SET_LOAD_LIMIT -> Double.parseDouble(p.get("loadLimitKw")) > 0 ? null : "loadLimitKw must be positive";
                case SET_DEMAND_INTEGRATION_PERIOD, SET_PROFILE_CAPTURE_PERIOD -> {
                    int minutes = Integer.parseInt(p.get("minutes"));
                    yield minutes == 15 || minutes == 30 ? null : "minutes must be 15 or 30";
                }
                case SET_PAYMENT_MODE -> {
                    PaymentMode.valueOf(p.get("paymentMode"));
                    yield blank(p.get("engineeringToken")) ? "parameter engineeringToken is required" : null;
                }
                case UPDATE_CREDIT -> new BigDecimal(p.get("creditRupees")).scale() <= 2 ? null
                        : "creditRupees has more than 2 decimals";
                default -> null;
            };
        } catch (RuntimeException e) {
            return "invalid or missing parameter for " + request.controlType() + ": " + e.getMessage();
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

}
