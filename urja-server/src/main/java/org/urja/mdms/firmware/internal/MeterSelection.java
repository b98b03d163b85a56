package org.urja.mdms.firmware.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.urja.mdms.network.Meter;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.ApiProblem.FieldIssue;

/** The meters a campaign or a configuration is for: a list of serial numbers, or every meter under a network node. */
@Component
class MeterSelection {

    static final int MAX_METERS = 100_000;

    private final NetworkRegistry network;

    MeterSelection(NetworkRegistry network) {
        this.network = network;
    }

    /** The shape of the selection: exactly one of {@code meters} and {@code nodeCode}, no blanks or repeats. */
    static void check(List<String> meters, String nodeCode, List<FieldIssue> issues) {
        boolean byList = meters != null;
        boolean byNode = nodeCode != null && !nodeCode.isBlank();
        if (byList == byNode) {
            issues.add(FieldIssue.of(byList ? "nodeCode" : "meters", "give either meters (a list) or nodeCode, not "
                    + (byList ? "both" : "neither")));
            return;
        }
        if (byNode) {
            return;
        }
        if (meters.isEmpty()) {
            issues.add(FieldIssue.of("meters", "must not be empty"));
        } else if (meters.size() > MAX_METERS) {
            issues.add(FieldIssue.of("meters", "at most " + MAX_METERS + " meters"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < meters.size() && issues.size() < 20; i++) {
            String s = meters.get(i);
            if (s == null || s.isBlank() || s.length() > 64) {
                issues.add(FieldIssue.of("meters[" + i + "]", "must be a meter serial number"));
            } else if (!seen.add(s)) {
                issues.add(FieldIssue.of("meters[" + i + "]", "meter " + s + " is listed twice"));
            }
        }
    }

    /** The registered meters of a checked selection, in serial order; unknown meters or node are a 422. */
    List<Meter> resolve(List<String> meters, String nodeCode) {
        if (meters == null) {
            if (network.node(nodeCode).isEmpty()) {
                throw ApiProblem.invalid("nodeCode", "No network node " + nodeCode);
            }
            List<Meter> under = network.metersUnder(nodeCode, MAX_METERS + 1, 0);
            if (under.isEmpty()) {
                throw ApiProblem.invalid("nodeCode", "No meter is placed under " + nodeCode);
            }
            if (under.size() > MAX_METERS) {
                throw ApiProblem.invalid("nodeCode", "More than " + MAX_METERS + " meters under " + nodeCode
                        + "; address a lower node");
            }
            return under;
        }
        Map<String, NetworkRegistry.MeterSummary> known = network.meterSummaries(meters);
        List<FieldIssue> unknown = new ArrayList<>();
        for (int i = 0; i < meters.size() && unknown.size() < 20; i++) {
            if (!known.containsKey(meters.get(i))) {
                unknown.add(FieldIssue.of("meters[" + i + "]", "No meter " + meters.get(i) + " in the network registry"));
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiProblem.invalid(unknown.get(0).message(), unknown);
        }
        return meters.stream().sorted().map(s -> known.get(s).meter()).toList();
    }
}
