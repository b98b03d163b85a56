package org.urja.mdms.sandbox.internal;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.Money;

/**
 * The sandbox gateway's hosted pages (server-rendered, CSRF tokens on every form): the checkout, where the tester
 * picks the method and the outcome (and, for tests, webhook copies, a webhook delay, another captured amount), the
 * page that takes the browser back to the merchant with the signed callback, and the list of payments where a
 * pending one is settled.
 */
@Controller
@RequestMapping("/sandbox-gateway")
@Validated
@ConditionalOnProperty("urja.sandbox-gateway.enabled")
class SandboxCheckout {

    private final SandboxService sandbox;
    private final SandboxBooks books;

    SandboxCheckout(SandboxService sandbox, SandboxBooks books) {
        this.sandbox = sandbox;
        this.books = books;
    }

    @GetMapping("/checkout/{orderId}")
    String checkout(@PathVariable String orderId, Model model) {
        SandboxBooks.Order order = books.order(orderId)
                .orElseThrow(() -> ApiProblem.notFound("orderId", "No sandbox order " + orderId));
        model.addAttribute("order", order);
        model.addAttribute("amount", Money.rupees(order.amountPaise()));
        model.addAttribute("methods", SandboxService.Method.values());
        model.addAttribute("outcomes", SandboxService.Outcome.values());
        model.addAttribute("paid", books.payments(orderId).stream().anyMatch(p -> p.status().equals("CAPTURED")));
        return "sandbox/checkout";
    }

    @PostMapping("/checkout/{orderId}")
    String pay(@PathVariable String orderId, @RequestParam SandboxService.Method method,
               @RequestParam SandboxService.Outcome outcome,
               @RequestParam(defaultValue = "1") @Min(0) @Max(5) int webhookCopies,
               @RequestParam(defaultValue = "0") @Min(0) @Max(3600) int webhookDelaySeconds,
               @RequestParam(required = false) @Min(1) Long capturedAmountPaise, Model model) {
        SandboxService.Callback callback = sandbox.pay(orderId, new SandboxService.Checkout(method, outcome,
                webhookCopies, webhookDelaySeconds, capturedAmountPaise));
        model.addAttribute("callback", callback);
        model.addAttribute("outcome", outcome);
        return "sandbox/return";
    }

    @GetMapping("/payments")
    String payments(Model model) {
        model.addAttribute("payments", books.recentPayments(50));
        return "sandbox/payments";
    }

    @PostMapping("/payments/{paymentId}/settle")
    String settle(@PathVariable String paymentId, @RequestParam SandboxService.Outcome outcome) {
        sandbox.settle(paymentId, outcome);
        return "redirect:/sandbox-gateway/payments";
    }
}
