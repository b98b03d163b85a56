package org.urja.mdms.prepaid;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.UrjaIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wallet under concurrency: recharges, deductions and retried postings of one consumer from many threads at
 * once all land exactly once, and the balance equals the sum of the ledger and of what was meant.
 */
@UrjaIntegrationTest
class WalletConcurrencyTests {

    @Autowired
    Wallet wallet;

    @Autowired
    JdbcClient jdbc;

    @Test
    void concurrentRechargesDeductionsAndRetriesLeaveTheExactBalance() throws Exception {
        String consumer = Fixtures.unique("WC").toUpperCase();
        int threads = 8;
        int perThread = 30;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Callable<Long>> work = new ArrayList<>();
        long expected = 0;
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                int n = t * perThread + i;
                boolean recharge = n % 3 == 0;
                long amount = recharge ? 10_000 + n : -(100 + n);
                String reference = (recharge ? "pay-" : "day-") + n;
                Wallet.Kind kind = recharge ? Wallet.Kind.RECHARGE : Wallet.Kind.DAILY_CHARGE;
                expected += amount;
                // Every posting is sent twice (a client retry), from another thread.
                for (int copy = 0; copy < 2; copy++) {
                    work.add(() -> wallet.post(consumer, kind, amount, reference, null, null, "test").entry().id());
                }
            }
        }
        java.util.Collections.shuffle(work, new java.util.Random(5));
        List<Future<Long>> results = pool.invokeAll(work);
        pool.shutdown();
        for (Future<Long> f : results) {
            f.get();
        }
        assertThat(wallet.balance(consumer)).isEqualTo(expected);
        assertThat(jdbc.sql("SELECT coalesce(sum(amount_paise), 0) FROM wallet_entry WHERE consumer_no = ?").param(consumer)
                .query(Long.class).single()).isEqualTo(expected);
        assertThat(jdbc.sql("SELECT count(*) FROM wallet_entry WHERE consumer_no = ?").param(consumer)
                .query(Long.class).single()).isEqualTo(threads * perThread);
        // Each entry's balance_after is the running sum in posting order: no lost update.
        List<long[]> rows = jdbc.sql("SELECT amount_paise, balance_after FROM wallet_entry WHERE consumer_no = ? ORDER BY id")
                .param(consumer).query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
        long running = 0;
        for (long[] r : rows) {
            running += r[0];
            assertThat(r[1]).isEqualTo(running);
        }
    }
}
