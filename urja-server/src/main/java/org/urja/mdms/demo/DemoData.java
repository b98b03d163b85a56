package org.urja.mdms.demo;

import java.io.StringReader;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.mdms.access.StaffAccounts;
import org.urja.mdms.network.Meter;
import org.urja.mdms.network.MeterRole;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.network.PaymentMode;
import org.urja.mdms.platform.StaffRole;
import org.urja.mdms.platform.csv.AssetImporter;
import org.urja.mdms.platform.csv.CsvTable;
import org.urja.mdms.platform.csv.ImportMode;
import org.urja.mdms.platform.csv.ImportReport;
import org.urja.mdms.portal.ConsumerLoginAccounts;

/**
 * Loads the demo network once (idempotent: skipped when circle DEMO-C1 exists) through the same CSV importers an
 * administrator uses: 1 circle, 2 feeders, 20 DTs, 4 DCUs, 1,000 consumer meters (mixed prepaid/postpaid and
 * categories) with consumers and service points, 20 DT boundary and 2 feeder boundary meters. The meters are placed
 * and installed from the first day of the previous calendar month ({@link #since}), so the demo HES's backfill of that
 * month counts at the service points and the month can be billed.
 */
@Component
@Order(10)
@ConditionalOnBooleanProperty("urja.demo.enabled")
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    static final String DEMO_PASSWORD_PREFIX = "urja-demo-";
    static final String DEMO_CONSUMER_LOGIN = "C100000001";
    static final String DEMO_CIRCLE = "DEMO-C1";
    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    private final Map<String, AssetImporter> importers;
    private final NetworkRegistry network;
    private final StaffAccounts staff;
    private final ConsumerLoginAccounts consumerLogins;
    private final TransactionTemplate tx;
    private final Environment env;

    DemoData(List<AssetImporter> importers, NetworkRegistry network, StaffAccounts staff,
             ConsumerLoginAccounts consumerLogins, TransactionTemplate tx, Environment env) {
        this.consumerLogins = consumerLogins;
        this.importers = importers.stream().collect(Collectors.toMap(AssetImporter::kind, Function.identity()));
        this.network = network;
        this.staff = staff;
        this.tx = tx;
        this.env = env;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (StaffRole role : EnumSet.complementOf(EnumSet.of(StaffRole.ADMIN))) {
            String user = role.name().toLowerCase().replace('_', '-');
            staff.createIfAbsent(user, "Demo " + role.label(), DEMO_PASSWORD_PREFIX + user, EnumSet.of(role), false);
        }
        if (network.node(DEMO_CIRCLE).isEmpty()) {
            tx.executeWithoutResult(s -> load(since(LocalDate.now(IST))));
        }
        // The consumer portal: demo consumers 100000001 and 100000002 under one login.
        consumerLogins.createIfAbsent(DEMO_CONSUMER_LOGIN, List.of("100000001", "100000002"),
                DEMO_PASSWORD_PREFIX + "consumer", false);
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        log.info("""

                  Urja MDMS demo is up: http://localhost:{}/
                  Staff sign-in: admin / {}admin (ADMIN); operator, billing, revenue-protection, field-supervisor,
                  viewer with password {}<user name>.
                  Consumer portal: http://localhost:{}/portal, sign in as {} / {}consumer.
                  HES API key (header X-Urja-Api-Key): {}
                  API docs: http://localhost:{}/swagger-ui.html
                """, port, DEMO_PASSWORD_PREFIX, DEMO_PASSWORD_PREFIX, port, DEMO_CONSUMER_LOGIN, DEMO_PASSWORD_PREFIX,
                env.getProperty("urja.access.hes-api-key"), port);
    }

    /** The day a demo loaded on {@code today} installs its meters: the first day of the previous calendar month. */
    static LocalDate since(LocalDate today) {
        return today.withDayOfMonth(1).minusMonths(1);
    }

    /** A postpaid consumer meter: billed by the built-in bill engine, in the demo's bill group. */
    static boolean postpaidConsumer(Meter m) {
        return m.role() == MeterRole.CONSUMER && m.paymentMode() == PaymentMode.POSTPAID;
    }

    /** A prepaid consumer meter: charged daily to the consumer's wallet. */
    static boolean prepaidConsumer(Meter m) {
        return m.role() == MeterRole.CONSUMER && m.paymentMode() == PaymentMode.PREPAID;
    }

    private void load(LocalDate since) {
        String installedAt = since.atStartOfDay(IST).toOffsetDateTime().toString();
        Random random = new Random(16444);
        StringBuilder nodes = new StringBuilder("level,code,name,parent_code\n")
                .append("CIRCLE,DEMO-C1,Demo Circle East,\n")
                .append("DIVISION,DEMO-D1,Demo Division Yamuna,DEMO-C1\n")
                .append("SUBDIVISION,DEMO-SD1,Demo Sub-division Mayur Vihar,DEMO-D1\n")
                .append("SUBSTATION,DEMO-SS1,Demo 66/11 kV Substation,DEMO-SD1\n");
        StringBuilder dcus = new StringBuilder("code,dt_code\n");
        StringBuilder meters = new StringBuilder(
                "serial_no,manufacturer,category,interval_minutes,payment_mode,relay_capable,comm_path,role,firmware_version,multiplier,node_code,dcu_code,installed_at\n");
        StringBuilder consumers = new StringBuilder("consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email\n");
        StringBuilder points = new StringBuilder("code,consumer_no,address,meter_serial_no,initial_reading_kwh,installed_at\n");
        String[] makes = {"Genus", "Secure", "HPL", "L&T"};
        int meterNo = 0;
        for (int f = 1; f <= 2; f++) {
            String feeder = "DEMO-F" + f;
            nodes.append("FEEDER,").append(feeder).append(",Demo 11 kV Feeder ").append(f).append(",DEMO-SS1\n");
            meters.append("DEMO-FB").append(f).append(",Secure,HT_CT,15,POSTPAID,false,CELLULAR,FEEDER_BOUNDARY,FB-2.1,")
                    .append("200,").append(feeder).append(",,").append(installedAt).append('\n');
            for (int d = 1; d <= 10; d++) {
                int dtNo = (f - 1) * 10 + d;
                String dt = "DEMO-DT%02d".formatted(dtNo);
                nodes.append("DT,").append(dt).append(",Demo DT ").append(dtNo).append(" 250 kVA,").append(feeder).append('\n');
                String dcu = "DEMO-DCU" + ((dtNo - 1) / 5 + 1);
                if ((dtNo - 1) % 5 == 0) {
                    dcus.append(dcu).append(',').append(dt).append('\n');
                }
                meters.append("DEMO-DTB").append(dtNo).append(",Genus,LT_CT,15,POSTPAID,false,RF_MESH,DT_BOUNDARY,DT-1.4,")
                        .append("40,").append(dt).append(',').append(dcu).append(',').append(installedAt).append('\n');
                for (int c = 0; c < 50; c++) {
                    meterNo++;
                    boolean threePhase = random.nextInt(10) == 0;
                    boolean ct = !threePhase && random.nextInt(50) == 0;
                    boolean prepaid = !ct && random.nextInt(10) < 7;
                    String serial = "DM%06d".formatted(meterNo);
                    String category = ct ? "LT_CT" : threePhase ? "THREE_PHASE_WC" : "SINGLE_PHASE_WC";
                    boolean cellular = random.nextInt(20) == 0;
                    meters.append(serial).append(',').append(makes[meterNo % makes.length]).append(',').append(category)
                            .append(',').append(random.nextInt(4) == 0 ? 30 : 15).append(',')
                            .append(prepaid ? "PREPAID" : "POSTPAID").append(',').append(!ct).append(',')
                            .append(cellular ? "CELLULAR" : "RF_MESH").append(",CONSUMER,")
                            .append(ct ? "CT-3.0" : "WC-5.2").append(',').append(ct ? "20" : "1").append(',')
                            .append(dt).append(',').append(cellular ? "" : dcu).append(',').append(installedAt).append('\n');
                    String consumer = "1%08d".formatted(meterNo);
                    String address = "House " + meterNo + ", Block " + (char) ('A' + d - 1) + ", Demo Nagar, Delhi";
                    String tariff = ct ? "NDLT-C" : threePhase ? "NDLT" : "DOM";
                    String load = ct ? "45" : threePhase ? "10" : String.valueOf(1 + random.nextInt(5));
                    consumers.append(consumer).append(",Demo Consumer ").append(meterNo).append(",\"").append(address)
                            .append("\",").append(load).append(',').append(tariff).append(",9").append("%09d".formatted(meterNo))
                            .append(",consumer").append(meterNo).append("@example.in\n");
                    points.append("SP").append(consumer).append(',').append(consumer).append(",\"").append(address)
                            .append("\",").append(serial).append(',').append(random.nextInt(5000)).append(',')
                            .append(installedAt).append('\n');
                }
            }
        }
        run("network-nodes", nodes);
        run("dcus", dcus);
        run("meters", meters);
        run("consumers", consumers);
        run("service-points", points);
        log.info("Demo network loaded: 2 feeders, 20 DTs, 4 DCUs, {} consumer meters, installed from {}", meterNo, since);
    }

    private void run(String kind, CharSequence csv) {
        ImportReport report = importers.get(kind).importTable(CsvTable.parse(new StringReader(csv.toString())),
                ImportMode.ALL_OR_NOTHING);
        if (!report.errors().isEmpty()) {
            throw new IllegalStateException("Demo " + kind + " import failed: " + report.errors());
        }
    }
}
