package org.urja.mdms.customer.internal;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.platform.ApiProblem;

/** Consumer master data: personal data, so not for the VIEWER role. */
@RestController
@RequestMapping("/api/v1/consumers")
@PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR', 'BILLING', 'REVENUE_PROTECTION', 'FIELD_SUPERVISOR')")
class ConsumerController {

    private final ConsumerAccounts accounts;

    ConsumerController(ConsumerAccounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/{consumerNo}")
    ConsumerAccount get(@PathVariable String consumerNo) {
        return accounts.find(consumerNo)
                .orElseThrow(() -> ApiProblem.notFound("consumerNo", "No consumer account " + consumerNo));
    }
}
