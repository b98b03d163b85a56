package org.urja.mdms.customer.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.customer.ConsumerAccounts;

@Service
class JdbcConsumerAccounts implements ConsumerAccounts {

    /** Maps a row by column position (the bean-property mapper looks every column up by name, row by row). */
    private static final RowMapper<ConsumerAccount> ACCOUNT = (rs, i) -> new ConsumerAccount(rs.getString(1),
            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBigDecimal(6), rs.getString(7));

    private final JdbcClient jdbc;

    JdbcConsumerAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<ConsumerAccount> find(String consumerNo) {
        return jdbc.sql("""
                        SELECT consumer_no, name, address, phone, email, sanctioned_load_kw, tariff_category
                        FROM consumer_account WHERE consumer_no = ?""")
                .param(consumerNo)
                .query(ACCOUNT)
                .optional();
    }

    @Override
    public java.util.Map<String, ConsumerAccount> findAll(Collection<String> consumerNos) {
        java.util.Map<String, ConsumerAccount> out = new java.util.HashMap<>();
        if (consumerNos.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        SELECT consumer_no, name, address, phone, email, sanctioned_load_kw, tariff_category
                        FROM consumer_account WHERE consumer_no = ANY(?)""")
                .param(consumerNos.toArray(String[]::new))
                .query(ACCOUNT).list().forEach(a -> out.put(a.consumerNo(), a));
        return out;
    }

    @Override
    public Set<String> unknown(Collection<String> consumerNos) {
        if (consumerNos.isEmpty()) {
            return Set.of();
        }
        Set<String> missing = new HashSet<>(consumerNos);
        jdbc.sql("SELECT consumer_no FROM consumer_account WHERE consumer_no = ANY(?)")
                .param(consumerNos.toArray(String[]::new))
                .query(String.class).list()
                .forEach(missing::remove);
        return missing;
    }

    @Override
    public boolean open(ConsumerAccount a) {
        int created = jdbc.sql("""
                        INSERT INTO consumer_account (consumer_no, name, address, phone, email, sanctioned_load_kw,
                            tariff_category) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (consumer_no) DO NOTHING""")
                .params(a.consumerNo(), a.name(), a.address(), a.phone(), a.email(), a.sanctionedLoadKw(),
                        a.tariffCategory())
                .update();
        if (created == 1) {
            return true;
        }
        ConsumerAccount existing = find(a.consumerNo()).orElseThrow();
        if (!existing.equals(a) && !(existing.sanctionedLoadKw().compareTo(a.sanctionedLoadKw()) == 0
                && existing.equals(new ConsumerAccount(a.consumerNo(), a.name(), a.address(), a.phone(), a.email(),
                existing.sanctionedLoadKw(), a.tariffCategory())))) {
            throw org.urja.mdms.platform.ApiProblem.conflict("consumerNo", "Consumer " + a.consumerNo()
                    + " is already registered with other details");
        }
        return false;
    }

    @Override
    public long count() {
        return jdbc.sql("SELECT count(*) FROM consumer_account").query(Long.class).single();
    }
}
