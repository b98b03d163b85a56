package org.urja.mdms.customer.internal;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.platform.ApiProblem;

@RestController
@RequestMapping("/api/v1/consumers")
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
