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
}
