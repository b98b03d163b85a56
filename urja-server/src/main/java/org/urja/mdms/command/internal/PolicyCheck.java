package org.urja.mdms.command.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.urja.hes.contract.ControlType;
import org.urja.mdms.command.DisconnectionCase;
import org.urja.mdms.command.Requester;
import org.urja.mdms.command.DisconnectionVeto;
import org.urja.mdms.command.policy.DisconnectionPolicy;
import org.urja.mdms.command.policy.Verdict;
import org.urja.mdms.network.Meter;

/**
 * Gathers what the disconnection policy decides on — the meters as registered, their protection, the hours, days and
 * holidays as an administrator set them, the other modules' vetoes, the time — and applies the pure rules, for one meter or a whole group in a few queries.
 */
@Component
class PolicyCheck {

    private final CommandProperties props;
    private final PolicySettings settings;
    private final CommandStore store;
    private final PolicyClock clock;
    private final ObjectProvider<DisconnectionVeto> vetoes;

    PolicyCheck(CommandProperties props, PolicySettings settings, CommandStore store, PolicyClock clock,
                ObjectProvider<DisconnectionVeto> vetoes) {
        this.props = props;
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.vetoes = vetoes;
    }

    /** The verdict for each meter (by serial) of a command of this type asked for by {@code requester}, judged now. */
    Map<String, Verdict> decide(ControlType type, Collection<Meter> meters, Requester requester) {
        Map<String, Verdict> out = new HashMap<>();
        if (!DisconnectionPolicy.applies(type)) {
            meters.forEach(m -> out.put(m.serialNo(), Verdict.allow()));
            return out;
        }
        Instant now = clock.now();
        LocalDate today = LocalDate.ofInstant(now, props.policy().zone());
        DisconnectionPolicy policy = DisconnectionPolicy.standard(settings.settings(),
                store.holidays(today.minusDays(1), today.plusDays(1)), List.copyOf(vetoes.orderedStream().toList()));
        Map<String, String> protections = type == ControlType.DISCONNECT
                ? store.protections(meters.stream().map(Meter::serialNo).toList()) : Map.of();
        for (Meter m : meters) {
            out.put(m.serialNo(), policy.check(type, new DisconnectionCase(m.serialNo(), m.category(), m.relayCapable(),
                    m.paymentMode(), protections.get(m.serialNo()), now, requester)));
        }
        return out;
    }
}
