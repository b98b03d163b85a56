package org.urja.mdms.network.internal;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.network.Dcu;
import org.urja.mdms.network.Installation;
import org.urja.mdms.network.Meter;
import org.urja.mdms.network.MeterView;
import org.urja.mdms.network.NetworkLevel;
import org.urja.mdms.network.NetworkNode;
import org.urja.mdms.network.Placement;
import org.urja.mdms.platform.ApiProblem;

/** Read API of the network registry (any signed-in staff role). */
@RestController
@RequestMapping("/api/v1")
@Validated
class NetworkController {

    private final JdbcNetworkRegistry registry;

    NetworkController(JdbcNetworkRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("/network/nodes")
    List<NetworkNode> nodes(@RequestParam(required = false) NetworkLevel level,
                            @RequestParam(required = false) String parent,
                            @RequestParam(defaultValue = "100") @Min(1) @Max(10000) int limit,
                            @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return registry.children(parent, level, limit, offset);
    }

    record NodeView(NetworkNode node, List<NetworkNode> path) {
    }

    @GetMapping("/network/nodes/{code}")
    NodeView node(@PathVariable String code) {
        NetworkNode node = registry.node(code).orElseThrow(() -> ApiProblem.notFound("code", "No network node " + code));
        return new NodeView(node, registry.pathTo(code));
    }

    @GetMapping("/network/nodes/{code}/meters")
    List<Meter> metersUnder(@PathVariable String code,
                            @RequestParam(defaultValue = "100") @Min(1) @Max(10000) int limit,
                            @RequestParam(defaultValue = "0") @Min(0) int offset) {
        registry.node(code).orElseThrow(() -> ApiProblem.notFound("code", "No network node " + code));
        return registry.metersUnder(code, limit, offset);
    }

    @GetMapping("/network/dcus")
    List<Dcu> dcus(@RequestParam(defaultValue = "100") @Min(1) @Max(10000) int limit,
                                           @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return registry.dcus(limit, offset);
    }

    @GetMapping("/network/dcus/{code}/meters")
    List<Meter> metersOnDcu(@PathVariable String code,
                            @RequestParam(defaultValue = "100") @Min(1) @Max(10000) int limit,
                            @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return registry.metersOnDcu(code, limit, offset);
    }

    @GetMapping("/meters/{serialNo}")
    MeterView meter(@PathVariable String serialNo) {
        return registry.meter(serialNo).orElseThrow(() -> ApiProblem.notFound("serialNo", "No meter " + serialNo));
    }

    @GetMapping("/meters/{serialNo}/path")
    List<NetworkNode> path(@PathVariable String serialNo) {
        return meter(serialNo).path();
    }

    @GetMapping("/meters/{serialNo}/placements")
    List<Placement> placements(@PathVariable String serialNo) {
        meter(serialNo);
        return registry.placementHistory(serialNo);
    }

    @GetMapping("/meters/{serialNo}/installations")
    List<Installation> installations(@PathVariable String serialNo) {
        meter(serialNo);
        return registry.installationHistory(serialNo);
    }

    @GetMapping("/service-points/{code}/installations")
    List<Installation> servicePoint(@PathVariable String code) {
        return registry.servicePointHistory(code);
    }
}
