package org.urja.mdms.portal.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.network.Installation;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.network.PaymentMode;
import org.urja.mdms.network.ServicePoint;
import org.urja.mdms.platform.Money;
import org.urja.mdms.prepaid.Wallet;

/**
 * A consumer's profile as the dashboard shows it (UC16.2), from the published APIs of the customer module (name,
 * address, category, sanctioned load, contact), the network registry (service points, the meter installed at each
 * now, its payment mode) and, for prepaid consumers, the prepaid wallet's balance (read only).
 */
@Component
class Profiles {

    record ServicePointView(String code, String address, String meterSerialNo, String meterCategory, String paymentMode) {
    }

    record AccountView(String consumerNo, String name, String address, String category, BigDecimal sanctionedLoadKw,
                       String mobile, String email, List<ServicePointView> servicePoints, String paymentMode,
                       String balanceRupees, boolean balanceLow) {
        boolean prepaid() {
            return PaymentMode.PREPAID.name().equals(paymentMode);
        }
    }

    private final ConsumerAccounts accounts;
    private final NetworkRegistry network;
    private final Wallet wallet;

    Profiles(ConsumerAccounts accounts, NetworkRegistry network, Wallet wallet) {
        this.accounts = accounts;
        this.network = network;
        this.wallet = wallet;
    }

    /** The profiles of the consumer numbers, in the given order (numbers the customer module lacks are left out). */
    List<AccountView> of(Collection<String> consumerNos) {
        Map<String, ConsumerAccount> found = accounts.findAll(consumerNos);
        Map<String, List<ServicePoint>> points = new java.util.LinkedHashMap<>();
        List<String> codes = new ArrayList<>();
        for (String no : consumerNos) {
            if (found.containsKey(no)) {
                List<ServicePoint> sps = network.servicePointsOf(no);
                points.put(no, sps);
                sps.forEach(sp -> codes.add(sp.code()));
            }
        }
        Map<String, List<Installation>> histories = network.servicePointHistories(codes);
        Map<String, String> meterAt = new java.util.HashMap<>();
        histories.forEach((code, installs) -> installs.stream().filter(i -> i.removedAt() == null)
                .reduce((a, b) -> b).ifPresent(i -> meterAt.put(code, i.meterSerialNo())));
        Map<String, NetworkRegistry.MeterSummary> meters = network.meterSummaries(meterAt.values());

        List<AccountView> out = new ArrayList<>();
        for (String no : consumerNos) {
            ConsumerAccount a = found.get(no);
            if (a == null) {
                continue;
            }
            List<ServicePointView> sps = points.get(no).stream().map(sp -> {
                String serial = meterAt.get(sp.code());
                var meter = serial == null ? null : meters.get(serial);
                return new ServicePointView(sp.code(), sp.address(), serial,
                        meter == null ? null : meter.meter().category().name(),
                        meter == null ? null : meter.meter().paymentMode().name());
            }).toList();
            String mode = sps.stream().map(ServicePointView::paymentMode).filter(java.util.Objects::nonNull)
                    .reduce((x, y) -> x.equals(y) ? x : x + "/" + y).orElse(null);
            boolean prepaid = sps.stream().anyMatch(sp -> PaymentMode.PREPAID.name().equals(sp.paymentMode()));
            Long balance = prepaid ? wallet.balance(no) : null;
            // "Used up" only for a wallet that has seen money: a prepaid account never funded just shows nothing left.
            boolean usedUp = balance != null && balance <= 0 && !wallet.entries(no, 1).isEmpty();
            out.add(new AccountView(a.consumerNo(), a.name(), a.address(), a.tariffCategory(), a.sanctionedLoadKw(),
                    Contact.parse(a.phone()).map(Contact::masked).orElse(null),
                    Contact.parse(a.email()).map(Contact::masked).orElse(null), sps,
                    prepaid ? PaymentMode.PREPAID.name() : mode, balance == null ? null : Money.rupees(balance),
                    usedUp));
        }
        return out;
    }
}
