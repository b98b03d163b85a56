package org.urja.mdms.customer.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.customer.ConsumerChange;
import org.urja.mdms.platform.ApiProblem;

@Service
class JdbcConsumerAccounts implements ConsumerAccounts {

    /** Maps a row by column position (the bean-property mapper looks every column up by name, row by row). */
    private static final RowMapper<ConsumerAccount> ACCOUNT = (rs, i) -> new ConsumerAccount(rs.getString(1),
            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBigDecimal(6), rs.getString(7));

    private final JdbcClient jdbc;
    private final AuditTrail audit;

    JdbcConsumerAccounts(JdbcClient jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
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

    @Override
    public java.util.List<ConsumerAccount> search(String text, int limit) {
        String q = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ");
        if (q.length() < 2) {
            return java.util.List.of();
        }
        String digits = q.replaceAll("\\D", "");
        String phone = digits.length() >= 10 && q.matches("[+0-9 ()-]+") ? digits.substring(digits.length() - 10) : null;
        String prefix = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        // Each branch is served by its own index (V34): phone digits, words of the name, beginning of the name.
        return jdbc.sql("""
                        SELECT consumer_no, name, address, phone, email, sanctioned_load_kw, tariff_category FROM (
                            SELECT * FROM consumer_account
                            WHERE CAST(? AS text) IS NOT NULL AND right(regexp_replace(phone, '\\D', '', 'g'), 10) = ?
                            UNION
                            SELECT * FROM consumer_account
                            WHERE regexp_split_to_array(lower(name), '\\s+') @> ARRAY[CAST(? AS text)]
                            UNION
                            SELECT * FROM consumer_account WHERE lower(name) LIKE ?
                        ) found ORDER BY name, consumer_no LIMIT ?""")
                .params(phone, phone, q, prefix, limit)
                .query(ACCOUNT)
                .list();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public ConsumerAccount update(String consumerNo, ConsumerChange change, String by, String reason) {
        var problems = change.problems();
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems.get(0).field() + ": " + problems.get(0).message(), problems);
        }
        ConsumerAccount old = jdbc.sql("""
                        SELECT consumer_no, name, address, phone, email, sanctioned_load_kw, tariff_category
                        FROM consumer_account WHERE consumer_no = ? FOR UPDATE""")
                .param(consumerNo).query(ACCOUNT).optional()
                .orElseThrow(() -> ApiProblem.invalid("consumerNo", "No consumer " + consumerNo));
        String phone = change.phone() == null ? old.phone() : blankToNull(change.phone());
        String email = change.email() == null ? old.email() : blankToNull(change.email());
        ConsumerAccount now = new ConsumerAccount(old.consumerNo(),
                change.name() == null ? old.name() : change.name().strip(),
                change.address() == null ? old.address() : change.address().strip(), phone, email,
                change.sanctionedLoadKw() == null ? old.sanctionedLoadKw() : change.sanctionedLoadKw(),
                old.tariffCategory());
        jdbc.sql("""
                        UPDATE consumer_account SET name = ?, address = ?, phone = ?, email = ?, sanctioned_load_kw = ?
                        WHERE consumer_no = ?""")
                .params(now.name(), now.address(), now.phone(), now.email(), now.sanctionedLoadKw(), consumerNo)
                .update();
        String target = "consumer " + consumerNo;
        changed(by, target, "name", old.name(), now.name(), reason);
        changed(by, target, "address", old.address(), now.address(), reason);
        changed(by, target, "phone", old.phone(), now.phone(), reason);
        changed(by, target, "email", old.email(), now.email(), reason);
        if (old.sanctionedLoadKw().compareTo(now.sanctionedLoadKw()) != 0) {
            changed(by, target, "sanctionedLoadKw", old.sanctionedLoadKw().toPlainString(),
                    now.sanctionedLoadKw().toPlainString(), reason);
        }
        return now;
    }

    /** One audit entry per field changed: old and new value, who, why. */
    private void changed(String by, String target, String field, String before, String after, String reason) {
        if (java.util.Objects.equals(before, after)) {
            return;
        }
        audit.record(by, "CONSUMER UPDATE", target, "OK", field + ": '" + (before == null ? "" : before) + "' -> '"
                + (after == null ? "" : after) + "'; " + reason, null);
    }

    private static String blankToNull(String s) {
        return s.isBlank() ? null : s.strip();
    }
}
