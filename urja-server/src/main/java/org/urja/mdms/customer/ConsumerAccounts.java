package org.urja.mdms.customer;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/** Published API of the customer module. */
public interface ConsumerAccounts {

    Optional<ConsumerAccount> find(String consumerNo);

    /** The known accounts among {@code consumerNos}, by consumer number, in one query. */
    java.util.Map<String, ConsumerAccount> findAll(Collection<String> consumerNos);

    /** The numbers among {@code consumerNos} that are not registered. */
    Set<String> unknown(Collection<String> consumerNos);

    long count();

    /**
     * Accounts found by what a caller at a help desk gives: a phone number (its last 10 digits), a whole word of the
     * name ("sharma" finds "Ravi Sharma"), or the beginning of the name ("ravi sh"); case does not matter. At most
     * {@code limit}, by name. Blank or one-character text finds nothing.
     */
    java.util.List<ConsumerAccount> search(String text, int limit);

    /**
     * Opens a consumer account (a new connection, UC12.1). The same account again returns false and changes nothing;
     * another account under the number is a 409 naming {@code consumerNo}. In the caller's transaction.
     *
     * @return true when it was created now
     */
    boolean open(ConsumerAccount account);

    /**
     * Changes the account's name, address, contact or sanctioned load (the non-null fields of {@code change}), in the
     * caller's transaction, and audits each field changed with its old and new value, who and why. A value that is not
     * acceptable is refused (4xx naming the field) before anything changes. Returns the account as it now is.
     */
    ConsumerAccount update(String consumerNo, ConsumerChange change, String by, String reason);
}
