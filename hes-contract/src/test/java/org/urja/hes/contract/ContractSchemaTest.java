package org.urja.hes.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java records serialise to messages the OpenAPI file accepts, and the file rejects what it should. */
class ContractSchemaTest {

    static final Instant T = Instant.parse("2026-01-31T18:30:00Z");

    static MeterReadingsMessage sampleReadings() {
        IntervalBlock kwh = new IntervalBlock(ReadingTypes.INTERVAL_KWH_IMPORT, 900, List.of(
                new IntervalReading(T.plusSeconds(900), new BigDecimal("0.125"), List.of()),
                new IntervalReading(T.plusSeconds(1800), new BigDecimal("0.000"), List.of(ReadingQuality.POWER_FAIL))));
        Reading md = new Reading(ReadingTypes.REGISTER_KW_MAX_DEMAND, T, new BigDecimal("3.42"), T.minusSeconds(86400), List.of());
        return new MeterReadingsMessage("hes-1-000001", T, null, List.of(
                new MeterReading("SM0000001", ReadingProfile.BLOCK_LOAD, List.of(kwh), List.of()),
                new MeterReading("SM0000001", ReadingProfile.BILLING, List.of(), List.of(md,
                        Reading.of(ReadingTypes.registerKWhImportTod(2), T, new BigDecimal("120.500"))))));
    }

    @Test
    void everyMessageRecordMatchesItsSchema() {
        assertThat(ContractSchema.problems("MeterReadingsMessage", sampleReadings())).isEmpty();
        assertThat(ContractSchema.problems("EndDeviceEventsMessage", new EndDeviceEventsMessage("hes-1-000002", T, null,
                List.of(new EndDeviceEvent("SM0000001", T, 201, EventCategory.OTHER, "3.12.66.242",
                        "Magnet tamper occurrence", true, Map.of("powerOnCount", "17")))))).isEmpty();
        assertThat(ContractSchema.problems("EndDeviceControlRequest", new EndDeviceControlRequest("mdm-1", "cmd-1", T,
                "SM0000001", ControlType.SET_LOAD_LIMIT, Map.of("loadLimitKw", "3.5")))).isEmpty();
        assertThat(ContractSchema.problems("EndDeviceControlRequest", new EndDeviceControlRequest("mdm-1b", "cmd-1b", T,
                "SM0000001", ControlType.FIRMWARE_UPGRADE, Map.of("firmwareVersion", "2.0.1", "imagePath",
                "/firmware-images/7/content", "imageSha256", "ab".repeat(32), "imageSizeBytes", "4096",
                "imageModels", "SINGLE_PHASE_WC,THREE_PHASE_WC")))).isEmpty();
        assertThat(ContractSchema.problems("EndDeviceControlRequest", new EndDeviceControlRequest("mdm-1c", "cmd-1c", T,
                "SM0000001", ControlType.RESET_EVENT_STATUS_WORD, Map.of()))).isEmpty();
        assertThat(ContractSchema.problems("EndDeviceControlAck",
                new EndDeviceControlAck("cmd-1", EndDeviceControlAck.Status.ACCEPTED, null))).isEmpty();
        assertThat(ContractSchema.problems("EndDeviceControlResultsMessage", new EndDeviceControlResultsMessage("hes-1-3", T,
                List.of(new EndDeviceControlResult("cmd-1", "SM0000001", ControlType.DISCONNECT, ControlOutcome.FAILED,
                        "meter did not respond", T, Map.of()))))).isEmpty();
        // A DCU as the device of a command and of its outcome (time synchronisation of data concentrators, UC10.1).
        assertThat(ContractSchema.problems("EndDeviceControlRequest", EndDeviceControlRequest.forDcu("mdm-3", "dcu-1", T,
                "DCU-1", ControlType.TIME_SYNC, Map.of()))).isEmpty();
        assertThat(ContractSchema.problems("EndDeviceControlResultsMessage", new EndDeviceControlResultsMessage("hes-1-5", T,
                List.of(new EndDeviceControlResult("dcu-1", null, ControlType.TIME_SYNC, ControlOutcome.SUCCEEDED, null, T,
                        Map.of(EndDeviceControlResult.CLOCK_OFFSET_SECONDS, "-2.5"), "DCU-1"))))).isEmpty();
        assertThat(ContractSchema.problems("MeterReadingsMessage", new MeterReadingsMessage("hes-1-6", T, null, List.of(
                new MeterReading("SM0000001", ReadingProfile.INSTANTANEOUS, List.of(), List.of(Reading.of(
                        ReadingTypes.INSTANT_CLOCK, T, new BigDecimal(T.getEpochSecond()).add(new BigDecimal("83.250"))))))))).isEmpty();
        assertThat(ContractSchema.problems("MeterReadRequest", new MeterReadRequest("mdm-2", "read-1", T,
                List.of("SM0000001"), List.of(ReadingProfile.BLOCK_LOAD), true, T.minusSeconds(3600), T,
                MeterReadRequest.Purpose.REACQUISITION))).isEmpty();
        assertThat(ContractSchema.problems("NetworkChange", new NetworkChange("hes-1-4", "MeterInstalled", T,
                new NetworkChange.Nameplate("SM0000001", "Genus", "SINGLE_PHASE_WC", "5.2", BigDecimal.ONE, 15,
                        "PREPAID", true, "RF_MESH", "CONSUMER"),
                null, "DT-1", null, "DCU-1", "SP-1", null, BigDecimal.ZERO))).isEmpty();
    }

    @Test
    void schemaRejectsMalformedMessages() {
        ObjectNode noId = ContractSchema.JSON.valueToTree(sampleReadings());
        noId.remove("messageId");
        assertThat(ContractSchema.problems("MeterReadingsMessage", noId)).anyMatch(p -> p.contains("messageId"));

        ObjectNode badType = ContractSchema.JSON.valueToTree(sampleReadings());
        ((ObjectNode) badType.get("meterReadings").get(0).get("intervalBlocks").get(0)).put("readingType", "kWh per 15");
        assertThat(ContractSchema.problems("MeterReadingsMessage", badType)).isNotEmpty();

        ObjectNode badInterval = ContractSchema.JSON.valueToTree(sampleReadings());
        ((ObjectNode) badInterval.get("meterReadings").get(0).get("intervalBlocks").get(0)).put("intervalSeconds", 600);
        assertThat(ContractSchema.problems("MeterReadingsMessage", badInterval)).isNotEmpty();

        // A command names exactly one device: a meter or a DCU.
        ObjectNode both = ContractSchema.JSON.valueToTree(new EndDeviceControlRequest("mdm-1", "cmd-1", T, "SM0000001",
                ControlType.TIME_SYNC, Map.of(), "DCU-1"));
        assertThat(ContractSchema.problems("EndDeviceControlRequest", both)).isNotEmpty();
        ObjectNode neither = ContractSchema.JSON.valueToTree(EndDeviceControlRequest.forDcu("mdm-1", "cmd-1", T, null,
                ControlType.TIME_SYNC, Map.of()));
        assertThat(ContractSchema.problems("EndDeviceControlRequest", neither)).isNotEmpty();
        assertThat(new EndDeviceControlRequest("mdm-1", "cmd-1", T, "SM1", ControlType.PING, Map.of()).namesOneDevice()).isTrue();
        assertThat(both.has("dcuCode")).isTrue();
        // A meter's command carries no dcuCode at all, as before the DCU target existed.
        assertThat(ContractSchema.JSON.valueToTree(new EndDeviceControlRequest("mdm-1", "cmd-1", T, "SM0000001",
                ControlType.PING, Map.of())).has("dcuCode")).isFalse();
    }

    @Test
    void signaturesBindTimestampMethodPathAndBody() {
        byte[] body = "{\"messageId\":\"x\"}".getBytes();
        String sig = HesSignature.sign("secret", 1_800_000_000L, "n1", "POST", "/api/v1/hes/meter-readings", body);
        assertThat(sig).startsWith("v1=").hasSize(3 + 64);
        assertThat(HesSignature.matches("secret", 1_800_000_000L, "n1", "POST", "/api/v1/hes/meter-readings", body, sig)).isTrue();
        assertThat(HesSignature.matches("secret", 1_800_000_001L, "n1", "POST", "/api/v1/hes/meter-readings", body, sig)).isFalse();
        assertThat(HesSignature.matches("secret", 1_800_000_000L, "n2", "POST", "/api/v1/hes/meter-readings", body, sig)).isFalse();
        assertThat(HesSignature.matches("other", 1_800_000_000L, "n1", "POST", "/api/v1/hes/meter-readings", body, sig)).isFalse();
        assertThat(HesSignature.matches("secret", 1_800_000_000L, "n1", "POST", "/api/v1/hes/end-device-events", body, sig)).isFalse();
        assertThat(HesSignature.matches("secret", 1_800_000_000L, "n1", "POST", "/api/v1/hes/meter-readings",
                "{\"messageId\":\"y\"}".getBytes(), sig)).isFalse();
        assertThat(HesSignature.newNonce()).hasSize(32).isNotEqualTo(HesSignature.newNonce());
    }
}
