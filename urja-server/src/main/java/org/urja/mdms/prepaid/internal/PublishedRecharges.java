package org.urja.mdms.prepaid.internal;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.prepaid.Recharges;
import org.urja.mdms.prepaid.Wallet;

/** {@link Recharges} for other modules: the same posting as the recharge API's. */
@Service
class PublishedRecharges implements Recharges {

    private final Recharging recharging;
    private final Wallet wallet;

    PublishedRecharges(Recharging recharging, Wallet wallet) {
        this.recharging = recharging;
        this.wallet = wallet;
    }

    @Override
    @Transactional
    public long recharge(String consumerNo, long amountPaise, String paymentReference, String channel, String by) {
        recharging.recharge(consumerNo, amountPaise, paymentReference, channel, by);
        return wallet.balance(consumerNo);
    }
}
