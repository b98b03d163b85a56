package org.urja.mdms.portal;

import java.util.List;

/** Published API of the portal for provisioning consumer logins without registration (demo data, a CIS migration). */
public interface ConsumerLoginAccounts {

    /**
     * Creates a login ({@code C} and nine digits) holding the consumer numbers, unless the login id or any of the numbers
     * is taken; returns whether it was created. The consumer accounts must exist in the customer module.
     */
    boolean createIfAbsent(String loginId, List<String> consumerNos, String password, boolean mustChangePassword);
}
