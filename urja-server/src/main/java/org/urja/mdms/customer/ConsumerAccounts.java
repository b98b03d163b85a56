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
     * Opens a consumer account (a new connection, UC12.1). The same account again returns false and changes nothing;
     * another account under the number is a 409 naming {@code consumerNo}. In the caller's transaction.
     *
     * @return true when it was created now
     */
    boolean open(ConsumerAccount account);
}
