package org.urja.mdms.overview.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.context.annotation.Bean;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;
import org.urja.mdms.command.Commands;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.event.DeviceEvents;
import org.urja.mdms.network.Installation;
import org.urja.mdms.network.MeterView;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.network.PaymentMode;
import org.urja.mdms.network.ServicePoint;
import org.urja.mdms.payment.Payments;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;
import org.urja.mdms.prepaid.Wallet;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.Consumption;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.workorder.WorkOrders;

/**
 * Meter / consumer 360 (every staff role reads it): a search that leads to one page per meter, whose sections are
 * loaded separately with htmx so the page itself opens at once and a slow section delays only itself.
 */
@Controller
@PreAuthorize("isAuthenticated()")
class Meter360Pages {

    static final ZoneId IST = ZoneId.of("Asia/Kolkata");
    static final int DAYS = 30;
    private static final int ROWS = 20;

    /** One search hit: a consumer's service point and the meter installed there now (null if none). */
    record Hit(String consumerNo, String name, String phone, String address, String servicePointCode,
               String meterSerialNo) {
    }

    private final NetworkRegistry network;
    private final ConsumerAccounts consumers;
    private final Consumption consumption;
    private final IntervalData intervals;
    private final DeviceEvents events;
    private final Commands commands;
    private final WorkOrders workOrders;
    private final Wallet wallet;
    private final Payments payments;
    private final ReadingCharts charts;
    private final SectionAccess access;
    private final Clock clock;

    Meter360Pages(NetworkRegistry network, ConsumerAccounts consumers, Consumption consumption, IntervalData intervals,
                  DeviceEvents events, Commands commands, WorkOrders workOrders, Wallet wallet, Payments payments,
                  ReadingCharts charts, SectionAccess access, Clock clock) {
        this.network = network;
        this.consumers = consumers;
        this.consumption = consumption;
        this.intervals = intervals;
        this.events = events;
        this.commands = commands;
        this.workOrders = workOrders;
        this.wallet = wallet;
        this.payments = payments;
        this.charts = charts;
        this.access = access;
        this.clock = clock;
    }

    /** Search by meter number, consumer number, a word or the beginning of the name, or a phone number. */
    @GetMapping("/customers/360")
    String search(@RequestParam(required = false) String q, Model model) {
        model.addAttribute("q", q);
        if (q == null || q.isBlank()) {
            return "overview/search";
        }
        String text = q.strip();
        for (String serial : List.of(text, text.toUpperCase(java.util.Locale.ROOT))) {
            if (network.meter(serial).isPresent()) {
                return redirectToMeter(serial);
            }
        }
        List<ConsumerAccount> found = consumers.find(text).map(List::of).orElseGet(() -> consumers.search(text, ROWS));
        List<Hit> hits = hits(found);
        if (hits.size() == 1 && hits.get(0).meterSerialNo() != null) {
            return redirectToMeter(hits.get(0).meterSerialNo());
        }
        model.addAttribute("hits", hits);
        return "overview/search";
    }

    @GetMapping("/meters/{serial}")
    String meter(@PathVariable String serial, Model model, Authentication user) {
        MeterView view = network.meter(serial)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No meter " + serial));
        model.addAttribute("view", view);
        model.addAttribute("account", view.consumerNo() == null ? null : consumers.find(view.consumerNo()).orElse(null));
        model.addAttribute("servicePoint", view.servicePointCode() == null ? null
                : network.servicePoint(view.servicePointCode()).orElse(null));
        model.addAttribute("yesterday", today().minusDays(1));
        model.addAttribute("may", access.of(user).stream().map(Enum::name).collect(Collectors.toSet()));
        return "overview/meter";
    }

    /** Daily kWh of the 30 days up to {@code to} (yesterday by default), each day marked by its worst quality. */
    @GetMapping("/meters/{serial}/360/readings")
    String readings(@PathVariable String serial,
                    @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                    Model model) {
        LocalDate last = to == null ? today().minusDays(1) : to;
        Consumption.Series series = kwh(serial, Consumption.Granularity.DAY, last.minusDays(DAYS - 1), last, model);
        model.addAttribute("days", charts.rows(series));
        model.addAttribute("chart", charts.json("daily", series));
        model.addAttribute("earlier", last.minusDays(DAYS));
        model.addAttribute("later", last.plusDays(DAYS).isAfter(today()) ? null : last.plusDays(DAYS));
        return "overview/sections :: readings";
    }

    /** The intervals of one day (yesterday by default), each marked actual, estimated, edited or missing. */
    @GetMapping("/meters/{serial}/360/intervals")
    String dayIntervals(@PathVariable String serial,
                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
                        Model model) {
        LocalDate d = day == null ? today().minusDays(1) : day;
        Consumption.Series series = kwh(serial, Consumption.Granularity.INTERVAL, d, d, model);
        model.addAttribute("day", d);
        model.addAttribute("counts", charts.counts(series));
        model.addAttribute("chart", charts.json("intervals", series));
        return "overview/sections :: intervals";
    }

    @GetMapping("/meters/{serial}/360/registers")
    String registers(@PathVariable String serial, Model model) {
        model.addAttribute("registers", intervals.latestRegisters(serial));
        return "overview/sections :: registers";
    }

    @GetMapping("/meters/{serial}/360/events")
    String events(@PathVariable String serial, Model model) {
        model.addAttribute("events", events.ofMeter(serial, ROWS));
        return "overview/sections :: events";
    }

    @GetMapping("/meters/{serial}/360/commands")
    String commands(@PathVariable String serial, Model model) {
        model.addAttribute("commands", commands.ofMeter(serial, ROWS));
        model.addAttribute("state", commands.meterState(serial).orElse(null));
        return "overview/sections :: commands";
    }

    @GetMapping("/meters/{serial}/360/work-orders")
    String workOrders(@PathVariable String serial, Model model) {
        model.addAttribute("workOrders", workOrders.ofMeter(serial, ROWS));
        return "overview/sections :: work-orders";
    }

    /** The consumer's prepaid wallet (balance, latest movements) and payment receipts. */
    @GetMapping("/meters/{serial}/360/money")
    String money(@PathVariable String serial, Model model) {
        MeterView view = network.meter(serial).orElseThrow(() -> unknown(serial));
        String consumerNo = view.consumerNo();
        List<Wallet.Entry> entries = consumerNo == null ? List.of() : wallet.entries(consumerNo, ROWS);
        boolean prepaid = view.meter().paymentMode() == PaymentMode.PREPAID || !entries.isEmpty();
        model.addAttribute("consumerNo", consumerNo);
        model.addAttribute("prepaid", prepaid);
        model.addAttribute("balancePaise", prepaid && consumerNo != null ? wallet.balance(consumerNo) : null);
        model.addAttribute("entries", entries);
        model.addAttribute("receipts", consumerNo == null ? List.of() : payments.receipts(consumerNo, ROWS));
        return "overview/sections :: money";
    }

    /** The meter's kWh import series, put in the model with the meter's serial number. */
    private Consumption.Series kwh(String serial, Consumption.Granularity granularity, LocalDate from, LocalDate to,
                                   Model model) {
        Consumption.Series series = consumption.ofMeter(serial, new Consumption.Query(Channel.KWH_IMPORT, granularity,
                from, to)).orElseThrow(() -> unknown(serial));
        model.addAttribute("serial", serial);
        model.addAttribute("series", series);
        return series;
    }

    private List<Hit> hits(List<ConsumerAccount> accounts) {
        Map<String, ConsumerAccount> byNo = new LinkedHashMap<>();
        accounts.forEach(a -> byNo.put(a.consumerNo(), a));
        List<ServicePoint> points = new ArrayList<>();
        byNo.keySet().forEach(no -> points.addAll(network.servicePointsOf(no)));
        Map<String, List<Installation>> histories = network.servicePointHistories(points.stream()
                .map(ServicePoint::code).toList());
        List<Hit> hits = new ArrayList<>();
        for (ConsumerAccount a : byNo.values()) {
            List<ServicePoint> own = points.stream().filter(p -> p.consumerNo().equals(a.consumerNo())).toList();
            if (own.isEmpty()) {
                hits.add(new Hit(a.consumerNo(), a.name(), a.phone(), a.address(), null, null));
            }
            for (ServicePoint p : own) {
                String meter = Optional.ofNullable(histories.get(p.code())).orElse(List.of()).stream()
                        .filter(i -> i.removedAt() == null).map(Installation::meterSerialNo).findFirst().orElse(null);
                hits.add(new Hit(a.consumerNo(), a.name(), a.phone(), p.address(), p.code(), meter));
            }
        }
        return hits;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(IST));
    }

    private static ApiProblem unknown(String serial) {
        return ApiProblem.notFound("serial", "No meter " + serial);
    }

    private static String redirectToMeter(String serial) {
        return "redirect:" + UriComponentsBuilder.fromPath("/meters/{s}").buildAndExpand(serial).encode().toUriString();
    }

    @Bean
    static StaffFunction meter360Function() {
        return new StaffFunction("Customers", "Meter / consumer 360", "/customers/360",
                "Find a meter or consumer by number, name or phone: network path, readings with quality, events, "
                        + "commands, work orders, wallet, payments, bills, service requests and complaints on one page",
                EnumSet.allOf(StaffRole.class), 25);
    }
}
