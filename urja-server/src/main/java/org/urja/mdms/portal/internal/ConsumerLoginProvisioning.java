package org.urja.mdms.portal.internal;

import java.util.List;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.portal.ConsumerLoginAccounts;

@Service
class ConsumerLoginProvisioning implements ConsumerLoginAccounts {

    private final ConsumerLogins logins;
    private final ConsumerAccounts accounts;
    private final PasswordEncoder encoder;

    ConsumerLoginProvisioning(ConsumerLogins logins, ConsumerAccounts accounts, PasswordEncoder encoder) {
        this.logins = logins;
        this.accounts = accounts;
        this.encoder = encoder;
    }

    @Override
    @Transactional
    public boolean createIfAbsent(String loginId, List<String> consumerNos, String password, boolean mustChangePassword) {
        if (!loginId.matches("C[0-9]{9}") || consumerNos.isEmpty()) {
            throw new IllegalArgumentException("a login id is C and nine digits, and holds at least one consumer number");
        }
        if (logins.byLoginId(loginId).isPresent() || consumerNos.stream().anyMatch(k -> logins.holding(k).isPresent())) {
            return false;
        }
        var first = accounts.find(consumerNos.get(0))
                .orElseThrow(() -> new IllegalArgumentException("no consumer " + consumerNos.get(0)));
        long id = logins.insert(loginId, Contact.parse(first.phone()).map(Contact::value).orElse(null),
                Contact.parse(first.email()).map(Contact::value).orElse(null), encoder.encode(password), "en",
                mustChangePassword);
        consumerNos.forEach(k -> {
            if (accounts.find(k).isEmpty() || !logins.link(id, k)) {
                throw new IllegalArgumentException("consumer number " + k + " is unknown or taken");
            }
        });
        return true;
    }
}
