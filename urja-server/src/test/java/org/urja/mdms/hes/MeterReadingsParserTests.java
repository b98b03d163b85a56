package org.urja.mdms.hes;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.hes.contract.IntervalBlock;
import org.urja.hes.contract.IntervalReading;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.contract.Reading;
import org.urja.hes.contract.ReadingProfile;
import org.urja.hes.contract.ReadingQuality;
import org.urja.mdms.platform.ApiProblem;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Conformance of the streaming MeterReadings parser with the contract: for valid messages it yields exactly what
 * Jackson databind yields from the contract records; for invalid ones it names the same fields as the contract's
 * Bean Validation annotations.
 */
class MeterReadingsParserTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static jakarta.validation.ValidatorFactory factory;
    static Validator validator;

    @BeforeAll
    static void validator() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    static MeterReadingsMessage sample(Random random, int meters) {
        Instant day = Instant.parse("2026-03-06T18:30:00Z");
        List<MeterReading> readings = new ArrayList<>();
        for (int m = 0; m < meters; m++) {
            int seconds = random.nextBoolean() ? 900 : 1800;
            List<IntervalBlock> blocks = new ArrayList<>();
            for (String type : List.of("interval.kWh.import", "interval.kVAh.import", "interval.V.avg")) {
                List<IntervalReading> values = new ArrayList<>();
                for (int i = 1; i <= 86_400 / seconds; i++) {
                    if (random.nextInt(20) == 0) {
                        continue; // a gap
                    }
                    BigDecimal value = BigDecimal.valueOf(random.nextInt(2_000_000) - 1000, random.nextInt(5));
                    List<ReadingQuality> q = random.nextInt(10) == 0
                            ? List.of(ReadingQuality.values()[random.nextInt(4)]) : List.of();
                    values.add(new IntervalReading(day.plusSeconds((long) i * seconds), value, q));
                }
                blocks.add(new IntervalBlock(type, seconds, values));
            }
            List<Reading> registers = List.of(
                    Reading.of("register.kWh.import", day, new BigDecimal("12345.678")),
                    new Reading("register.kW.import.max", day, new BigDecimal("4.25"), day.minusSeconds(3600),
                            List.of(ReadingQuality.CLOCK_ADJUSTED)));
            readings.add(new MeterReading("SM-P" + m, ReadingProfile.BLOCK_LOAD, blocks, registers));
        }
        return new MeterReadingsMessage("msg-" + random.nextInt(), Instant.parse("2026-03-07T01:02:03.456Z"), "corr-1",
                readings);
    }

    @Test
    void validMessagesParseToExactlyWhatTheContractRecordsHold() {
        Random random = new Random(7);
        for (int round = 0; round < 5; round++) {
            MeterReadingsMessage message = sample(random, 1 + random.nextInt(4));
            byte[] json = JSON.writeValueAsBytes(message);
            MeterReadingsBatch batch = MeterReadingsParser.parse(json);
            MeterReadingsMessage viaDatabind = JSON.readValue(json, MeterReadingsMessage.class);
            assertThat(validator.validate(viaDatabind)).isEmpty();
            assertThat(rebuild(batch)).isEqualTo(viaDatabind);
            assertThat(batch.meterSerialNos()).isSorted().doesNotHaveDuplicates();
        }
    }

    /** The batch turned back into contract records (values as exact decimals). */
    static MeterReadingsMessage rebuild(MeterReadingsBatch b) {
        List<MeterReading> meters = new ArrayList<>();
        for (int m = 0; m < b.meterReadings(); m++) {
            List<IntervalBlock> blocks = new ArrayList<>();
            for (int k = b.firstBlock(m); k < b.endBlock(m); k++) {
                List<IntervalReading> values = new ArrayList<>();
                for (int i = b.firstInterval(k); i < b.endInterval(k); i++) {
                    List<ReadingQuality> q = new ArrayList<>();
                    for (ReadingQuality rq : ReadingQuality.values()) {
                        if (MeterReadingsBatch.has(b.qualityMask(i), rq)) {
                            q.add(rq);
                        }
                    }
                    values.add(new IntervalReading(Instant.ofEpochMilli(b.intervalEndMillis(i)),
                            BigDecimal.valueOf(b.unscaledValue(i), b.decimalScale(i)), q));
                }
                blocks.add(new IntervalBlock(b.readingType(k), b.intervalSeconds(k), values));
            }
            meters.add(new MeterReading(b.serialNo(m), b.profile(m), blocks, b.registers(m)));
        }
        return new MeterReadingsMessage(b.messageId(), b.sentAt(), b.correlationId(), meters);
    }

    @Test
    void invalidMessagesNameTheSameFieldsAsBeanValidation() {
        MeterReadingsMessage base = sample(new Random(3), 2);
        List<UnaryOperator<ObjectNode>> mutations = List.of(
                n -> n.remove("messageId") == null ? n : n,
                n -> n.put("messageId", "  "),
                n -> n.put("messageId", "x".repeat(129)),
                n -> n.remove("sentAt") == null ? n : n,
                n -> n.put("correlationId", "c".repeat(129)),
                n -> n.putArray("meterReadings") == null ? n : n,
                n -> n.remove("meterReadings") == null ? n : n,
                n -> meter(n, 1).remove("meterSerialNo") == null ? n : n,
                n -> meter(n, 0).put("meterSerialNo", "S".repeat(65)),
                n -> meter(n, 0).remove("profile") == null ? n : n,
                n -> block(n, 0, 2).put("readingType", "Not A Type"),
                n -> block(n, 0, 1).remove("readingType") == null ? n : n,
                n -> block(n, 1, 0).put("intervalSeconds", 17),
                n -> block(n, 1, 0).remove("intervalSeconds") == null ? n : n,
                n -> block(n, 0, 0).remove("intervalReadings") == null ? n : n,
                n -> value(n, 0, 0, 3).remove("value") == null ? n : n,
                n -> value(n, 1, 2, 0).remove("timeStamp") == null ? n : n,
                n -> {
                    value(n, 0, 1, 5).remove("value");
                    value(n, 1, 1, 6).remove("timeStamp");
                    return meter(n, 1).put("meterSerialNo", "");
                },
                n -> register(n, 0, 1).remove("value") == null ? n : n,
                n -> register(n, 1, 0).put("readingType", "register"),
                n -> register(n, 1, 0).remove("timeStamp") == null ? n : n);
        for (UnaryOperator<ObjectNode> mutation : mutations) {
            ObjectNode tree = (ObjectNode) JSON.valueToTree(base);
            byte[] json = JSON.writeValueAsBytes(mutation.apply(tree));
            Set<String> expected = new TreeSet<>();
            for (ConstraintViolation<MeterReadingsMessage> v : validator.validate(JSON.readValue(json, MeterReadingsMessage.class))) {
                expected.add(v.getPropertyPath().toString().replaceAll("<list element>", "").replace(".[", "["));
            }
            ApiProblem problem = catchThrowableOfType(ApiProblem.class, () -> MeterReadingsParser.parse(json));
            assertThat(problem).as(tree.toString().substring(0, 60)).isNotNull();
            Set<String> named = new TreeSet<>();
            problem.issues().forEach(i -> named.add(i.field()));
            assertThat(named).as("fields named for " + expected).isEqualTo(expected);
        }
    }

    @Test
    void wrongTypesAndMalformedJsonAreNamedToo() {
        String valid = JSON.writeValueAsString(sample(new Random(5), 1));
        assertThat(fields(valid.replaceFirst("\"value\":([-0-9.]+)", "\"value\":\"lots\"")))
                .containsExactly("meterReadings[0].intervalBlocks[0].intervalReadings[0].value");
        assertThat(fields(valid.replaceFirst("\"timeStamp\":\"[^\"]+\"", "\"timeStamp\":\"yesterday\"")))
                .containsExactly("meterReadings[0].intervalBlocks[0].intervalReadings[0].timeStamp");
        assertThat(fields(valid.replaceFirst("\"qualities\":\\[\\]", "\"qualities\":[\"SMOKE\"]")))
                .containsExactly("meterReadings[0].intervalBlocks[0].intervalReadings[0].qualities[0]");
        assertThat(fields(valid.replaceFirst("\"profile\":\"BLOCK_LOAD\"", "\"profile\":\"HOURLY\"")))
                .containsExactly("meterReadings[0].profile");
        assertThat(fields(valid.replaceFirst("\"value\":([-0-9.]+)", "\"value\":1.0000000001")))
                .containsExactly("meterReadings[0].intervalBlocks[0].intervalReadings[0].value");
        assertThat(fields(valid.substring(0, valid.length() / 2))).containsExactly("body");
        assertThat(fields("[]")).containsExactly("body");
        assertThatCode(() -> MeterReadingsParser.parse(valid.getBytes(StandardCharsets.UTF_8)))
                .doesNotThrowAnyException();
    }

    @Test
    void fieldOrderUnknownFieldsAndExponentsAreAccepted() {
        String json = """
                {"meterReadings":[{"intervalBlocks":[{"intervalReadings":[{"value":1.5E+1,"timeStamp":"2026-03-07T00:15:00+05:30",
                "extra":{"a":[1,2]}}],"intervalSeconds":900,"readingType":"interval.kWh.import"}],"profile":"BLOCK_LOAD",
                "meterSerialNo":"SM-1","future":true}],"sentAt":"2026-03-07T00:20:00.5Z","messageId":"m-1"}""";
        MeterReadingsBatch b = MeterReadingsParser.parse(json.getBytes(StandardCharsets.UTF_8));
        assertThat(b.intervalReadingCount()).isEqualTo(1);
        assertThat(BigDecimal.valueOf(b.unscaledValue(0), b.decimalScale(0))).isEqualByComparingTo("15");
        assertThat(Instant.ofEpochMilli(b.intervalEndMillis(0))).isEqualTo(Instant.parse("2026-03-06T18:45:00Z"));
        assertThat(b.sentAt()).isEqualTo(Instant.parse("2026-03-07T00:20:00.500Z"));
        assertThat(b.readingType(0)).isEqualTo("interval.kWh.import");
    }

    @Test
    void dateTimesParseLikeTheJdkAcrossYearsLeapDaysAndOffsets() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            long second = random.nextLong(-2_000_000_000L, 8_000_000_000L);
            int offset = (random.nextInt(-18 * 4, 18 * 4 + 1)) * 15 * 60;
            int millis = random.nextInt(4) == 0 ? random.nextInt(1000) : 0;
            OffsetDateTime t = Instant.ofEpochSecond(second, millis * 1_000_000L).atOffset(ZoneOffset.ofTotalSeconds(offset));
            String text = t.toString();
            if (text.length() == 22 || text.length() == 17) {
                continue; // java.time omits ":00" seconds; RFC 3339 requires them (covered below)
            }
            char[] c = text.toCharArray();
            assertThat(MeterReadingsParser.epochMillis(c, 0, c.length)).as(text).isEqualTo(t.toInstant().toEpochMilli());
        }
        for (String bad : List.of("2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z",
                "2026-01-01 00:00:00Z", "2026-01-01T00:00:00", "2026-01-01T00:00Z", "2026-01-01T00:00:00.Z",
                "2026-01-01T00:00:00+0530")) {
            char[] c = bad.toCharArray();
            assertThat(MeterReadingsParser.epochMillis(c, 0, c.length)).as(bad).isEqualTo(Long.MIN_VALUE);
        }
        char[] leap = "2024-02-29T23:59:59.999+05:30".toCharArray();
        assertThat(MeterReadingsParser.epochMillis(leap, 0, leap.length))
                .isEqualTo(OffsetDateTime.parse("2024-02-29T23:59:59.999+05:30").toInstant().toEpochMilli());
    }

    private static List<String> fields(String json) {
        ApiProblem problem = catchThrowableOfType(ApiProblem.class,
                () -> MeterReadingsParser.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(problem).as(json.length() > 80 ? json.substring(0, 80) : json).isNotNull();
        assertThat(problem.status()).isEqualTo(org.springframework.http.HttpStatus.BAD_REQUEST);
        return problem.issues().stream().map(ApiProblem.FieldIssue::field).toList();
    }

    private static ObjectNode meter(ObjectNode n, int m) {
        return (ObjectNode) n.get("meterReadings").get(m);
    }

    private static ObjectNode block(ObjectNode n, int m, int b) {
        return (ObjectNode) meter(n, m).get("intervalBlocks").get(b);
    }

    private static ObjectNode value(ObjectNode n, int m, int b, int i) {
        return (ObjectNode) block(n, m, b).get("intervalReadings").get(i);
    }

    private static ObjectNode register(ObjectNode n, int m, int r) {
        return (ObjectNode) meter(n, m).get("readings").get(r);
    }
}
