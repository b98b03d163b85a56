package org.urja.mdms.portal.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.urja.mdms.payment.Payments;
import org.urja.mdms.platform.ConsumerPrincipal;
import org.urja.mdms.platform.Money;
import org.urja.mdms.prepaid.DailyCharges;
import org.urja.mdms.prepaid.Wallet;

/**
 * Prepaid (UC16.4, UC17.1–17.2): per prepaid consumer number the login holds, the wallet's balance, the daily
 * deductions of the last 30 days (days charged partly on estimated data marked), the recharges with their receipts,
 * and the recharge form — the amount goes to the payments module (₹1 to ₹1,00,000, as it enforces), then to the
 * gateway's checkout.
 */
@Controller
class PrepaidPages {

    static final int DAYS = 30;

    record DayView(LocalDate day, String meterSerialNo, String units, String rupees, boolean estimated) {
    }

    record RechargeView(Wallet.Entry entry, String at, String rupees, String receiptNo) {
    }

    record AccountView(String consumerNo, String name, String balance, boolean low, List<DayView> days,
                       List<RechargeView> recharges) {
    }

    private final MoneyOrders orders;
    private final Profiles profiles;
    private final Wallet wallet;
    private final DailyCharges charges;
    private final Payments payments;
    private final Clock clock;

    PrepaidPages(MoneyOrders orders, Profiles profiles, Wallet wallet, DailyCharges charges, Payments payments,
                 Clock clock) {
        this.orders = orders;
        this.profiles = profiles;
        this.wallet = wallet;
        this.charges = charges;
        this.payments = payments;
        this.clock = clock;
    }

    @GetMapping("/portal/prepaid")
    String page(@AuthenticationPrincipal ConsumerPrincipal me, @RequestParam(required = false) String consumerNo,
                Model model) {
        return draw(me, model, consumerNo, null, null);
    }

    @PostMapping("/portal/prepaid/recharge")
    String recharge(@AuthenticationPrincipal ConsumerPrincipal me, @RequestParam(defaultValue = "") String consumerNo,
                    @RequestParam(defaultValue = "") String amount,
                    @RequestParam(defaultValue = "") String idempotencyKey, Model model, HttpServletResponse response) {
        orders.requireHeld(me, consumerNo);
        try {
            Long paise = MoneyOrders.paise(amount, false);
            return MoneyOrders.next(orders.place(me, new Payments.NewOrder(Payments.Purpose.PREPAID_RECHARGE,
                    consumerNo, null, paise), idempotencyKey, "money.error.rechargeLimits"));
        } catch (MoneyOrders.Refused r) {
            response.setStatus(r.status);
            return draw(me, model, consumerNo, amount, MoneyOrders.errors(r));
        }
    }

    private String draw(ConsumerPrincipal me, Model model, String selected, String amount, Map<String, String> errors) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Kolkata")));
        List<AccountView> accounts = profiles.of(orders.held(me)).stream().filter(Profiles.AccountView::prepaid)
                .map(a -> account(a, today)).toList();
        model.addAttribute("accounts", accounts);
        model.addAttribute("selected", selected != null ? selected
                : accounts.isEmpty() ? null : accounts.get(0).consumerNo());
        model.addAttribute("amount", amount);
        model.addAttribute("errors", errors == null ? Map.of() : errors);
        model.addAttribute("idempotencyKey", MoneyOrders.newKey());
        return "portal/money/prepaid";
    }

    private AccountView account(Profiles.AccountView a, LocalDate today) {
        String no = a.consumerNo();
        List<DayView> days = charges.days(no, today.minusDays(DAYS), today).stream()
                .map(d -> new DayView(d.day(), d.meterSerialNo(), d.units().stripTrailingZeros().toPlainString(),
                        Money.rupees(d.chargedPaise()), d.estimated())).toList();
        Map<String, String> receiptByPayment = new HashMap<>();
        payments.receipts(no, 100).forEach(r -> receiptByPayment.put(r.gatewayPaymentId(), r.receiptNo()));
        List<RechargeView> recharges = wallet.entries(no, 500).stream()
                .filter(e -> e.kind() == Wallet.Kind.RECHARGE).limit(20)
                .map(e -> new RechargeView(e, PaymentPages.AT.format(e.createdAt()), Money.rupees(e.amountPaise()), receiptByPayment.get(e.reference())))
                .toList();
        return new AccountView(no, a.name(), a.balanceRupees(), a.balanceLow(), days, recharges);
    }
}
