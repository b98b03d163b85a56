package org.urja.mdms.network.internal;

import java.util.EnumSet;

import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.urja.mdms.network.NetworkLevel;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;

/** Staff pages for browsing the network registry. Every staff role may read the network. */
@Controller
class NetworkPages {

    private final JdbcNetworkRegistry registry;

    NetworkPages(JdbcNetworkRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("/network")
    String overview(@RequestParam(required = false) String node, Model model) {
        model.addAttribute("counts", registry.counts());
        if (node == null || node.isBlank()) {
            model.addAttribute("children", registry.children(null, NetworkLevel.CIRCLE, 500, 0));
            model.addAttribute("path", java.util.List.of());
        } else {
            model.addAttribute("path", registry.pathTo(node));
            model.addAttribute("children", registry.children(node, null, 500, 0));
            model.addAttribute("meters", registry.metersUnder(node, 200, 0));
        }
        model.addAttribute("node", node);
        return "network/overview";
    }

    @GetMapping("/network/meter")
    String meter(@RequestParam(required = false) String serialNo, Model model) {
        model.addAttribute("serialNo", serialNo);
        if (serialNo != null && !serialNo.isBlank()) {
            String serial = serialNo.trim();
            model.addAttribute("view", registry.meter(serial).orElse(null));
            model.addAttribute("placements", registry.placementHistory(serial));
            model.addAttribute("installations", registry.installationHistory(serial));
        }
        return "network/meter";
    }

    @Bean
    static StaffFunction networkFunction() {
        return new StaffFunction("Network", "Metering network", "/network",
                "Circles to DTs, DCUs and the meters under each node", EnumSet.allOf(StaffRole.class), 30);
    }

    @Bean
    static StaffFunction meterLookupFunction() {
        return new StaffFunction("Network", "Meter lookup", "/network/meter",
                "A meter's attributes, path up to the circle, placement and installation history",
                EnumSet.allOf(StaffRole.class), 31);
    }
}
