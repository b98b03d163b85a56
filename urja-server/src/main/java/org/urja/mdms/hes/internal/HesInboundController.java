package org.urja.mdms.hes.internal;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import jakarta.validation.Valid;
import org.springframework.context.ApplicationEventPublisher;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.urja.hes.contract.EndDeviceControlResult;
import org.urja.hes.contract.EndDeviceControlResultsMessage;
import org.urja.hes.contract.EndDeviceEvent;
import org.urja.hes.contract.EndDeviceEventsMessage;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.mdms.hes.HesControlCompleted;
import org.urja.mdms.hes.HesDcuControlCompleted;
import org.urja.mdms.hes.HesControlsCompleted;
import org.urja.mdms.hes.HesMessageReceived;
import org.urja.mdms.hes.MeterReadingsBatch;
import org.urja.mdms.hes.MeterReadingsParser;
import org.urja.mdms.hes.MeterReadingsSink;
import org.urja.mdms.platform.ApiProblem;
import tools.jackson.databind.json.JsonMapper;

/**
 * HES → MDM messages of the contract. Each is validated (400 naming the field), stored in the same transaction as
 * its announcement event, and acknowledged only after the commit: 202 when new, 200 when a re-send (same message id
 * and content; {@code sentAt} may differ).
 */
@RestController
@RequestMapping("/api/v1/hes")
@PreAuthorize("hasRole('HES')")
class HesInboundController {

    record Received(String messageId, boolean duplicate, Instant receivedAt) {
    }

    private final InboundMessageStore store;
    private final OutboundRequestStore outbound;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final MeterReadingsSink readings;

    HesInboundController(InboundMessageStore store, OutboundRequestStore outbound, ApplicationEventPublisher events,
                         JsonMapper json, MeterReadingsSink readings) {
        this.readings = readings;
        this.store = store;
        this.outbound = outbound;
        this.events = events;
        this.json = json;
    }

    /**
     * The hot path of ingestion: the body is parsed and validated once, while streaming ({@link MeterReadingsParser},
     * same rules and field names as the contract's annotations), kept as received, and handed to the reading module
     * in this transaction, so the 202 means both the message and its readings are committed.
     */
    @PostMapping(path = "/meter-readings", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Transactional
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = MeterReadingsMessage.class)))
    public ResponseEntity<Received> meterReadings(@RequestBody byte[] body, Principal hes) {
        MeterReadingsBatch batch = MeterReadingsParser.parse(body);
        List<String> meters = batch.meterSerialNos();
        var stored = store.storeRaw("MeterReadings", hes.getName(), batch.messageId(), batch.correlationId(),
                batch.sentAt(), body, meters, batch.intervalReadingCount() + batch.registerCount());
        if (!stored.duplicate()) {
            readings.accept(batch);
            outbound.readDataArrived(batch, stored.receivedAt());
        }
        return answer(stored, batch.messageId(), "MeterReadings", batch.correlationId(), meters);
    }

    @PostMapping("/end-device-events")
    @Transactional
    public ResponseEntity<Received> endDeviceEvents(@Valid @RequestBody EndDeviceEventsMessage m, Principal hes) {
        List<String> meters = distinct(m.endDeviceEvents().stream().map(EndDeviceEvent::meterSerialNo));
        return receive("EndDeviceEvents", hes, m.messageId(), m.correlationId(), m.sentAt(), m, meters,
                m.endDeviceEvents().size());
    }

    @PostMapping("/end-device-control-results")
    @Transactional
    public ResponseEntity<Received> controlResults(@Valid @RequestBody EndDeviceControlResultsMessage m, Principal hes) {
        for (int i = 0; i < m.results().size(); i++) {
            if (!m.results().get(i).namesOneDevice()) {
                throw ApiProblem.badRequest("results[" + i + "].meterSerialNo",
                        "A result names exactly one device: meterSerialNo or dcuCode");
            }
        }
        List<String> meters = distinct(m.results().stream().map(EndDeviceControlResult::meterSerialNo)
                .filter(Objects::nonNull));
        // Results of one request (e.g. the unreadable meters of a read request) are findable by its correlation id.
        List<String> correlations = distinct(m.results().stream().map(EndDeviceControlResult::correlationId));
        ResponseEntity<Received> response = receive("EndDeviceControlResults", hes, m.messageId(),
                correlations.size() == 1 ? correlations.get(0) : null, m.sentAt(), m, meters, m.results().size());
        if (!response.getBody().duplicate()) {
            java.util.Set<String> completed = outbound.completeFromHes(m.results());
            List<HesControlCompleted> outcomes = new java.util.ArrayList<>();
            for (EndDeviceControlResult r : m.results()) {
                if (!completed.remove(r.correlationId())) {
                    continue;
                }
                if (r.dcuCode() != null) {
                    events.publishEvent(new HesDcuControlCompleted(r.correlationId(), r.dcuCode(),
                            r.controlType().name(), r.outcome().name(), r.reason(), r.completedDateTime(), r.details()));
                } else {
                    outcomes.add(new HesControlCompleted(r.correlationId(), r.meterSerialNo(), r.controlType().name(),
                            r.outcome().name(), r.reason(), r.completedDateTime()));
                }
            }
            if (!outcomes.isEmpty()) {
                events.publishEvent(new HesControlsCompleted(outcomes));
            }
        }
        return response;
    }

    private ResponseEntity<Received> receive(String noun, Principal hes, String messageId, String correlationId,
                                             Instant sentAt, Object message, List<String> meters, int items) {
        var stored = store.store(noun, hes.getName(), messageId, correlationId, sentAt, json.writeValueAsString(message),
                meters, items);
        if (!stored.duplicate()) {
            outbound.readDataArrived(message, stored.receivedAt());
        }
        return answer(stored, messageId, noun, correlationId, meters);
    }

    private ResponseEntity<Received> answer(InboundMessageStore.Stored stored, String messageId, String noun,
                                            String correlationId, List<String> meters) {
        if (!stored.duplicate()) {
            events.publishEvent(new HesMessageReceived(messageId, noun, correlationId, meters, stored.receivedAt()));
        }
        Received body = new Received(messageId, stored.duplicate(), stored.receivedAt());
        return stored.duplicate() ? ResponseEntity.ok(body) : ResponseEntity.accepted().body(body);
    }

    private static List<String> distinct(Stream<String> serials) {
        return serials.distinct().sorted().toList();
    }

}
