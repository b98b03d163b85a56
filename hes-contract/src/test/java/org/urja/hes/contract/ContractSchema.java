package org.urja.hes.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Validates JSON messages against the component schemas of {@code hes-contract.openapi.yaml}, so tests on either side
 * of the contract prove that what is sent and accepted is what the OpenAPI file says.
 */
public final class ContractSchema {

    public static final String RESOURCE = "/org/urja/hes/contract/hes-contract.openapi.yaml";
    public static final ObjectMapper JSON = JsonMapper.builder().build();

    private static final JsonNode DOCUMENT = load();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private ContractSchema() {
    }

    /** The OpenAPI document itself. */
    public static JsonNode document() {
        return DOCUMENT;
    }

    /** Problems of {@code json} against {@code #/components/schemas/<component>}; empty when valid. */
    public static List<String> problems(String component, JsonNode json) {
        if (!DOCUMENT.get("components").get("schemas").has(component)) {
            throw new IllegalArgumentException("No schema " + component + " in the contract");
        }
        Schema schema = SCHEMAS.computeIfAbsent(component, c -> {
            ObjectNode root = ((ObjectNode) DOCUMENT).deepCopy();
            root.put("$ref", "#/components/schemas/" + c);
            return REGISTRY.getSchema(root);
        });
        return schema.validate(json).stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    /** Serialises {@code message} as the senders do and returns its problems against the component. */
    public static List<String> problems(String component, Object message) {
        return problems(component, JSON.valueToTree(message));
    }

    private static JsonNode load() {
        try (InputStream in = ContractSchema.class.getResourceAsStream(RESOURCE)) {
            return YAMLMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
