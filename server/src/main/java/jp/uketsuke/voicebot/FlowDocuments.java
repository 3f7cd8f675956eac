package jp.uketsuke.voicebot;

import java.io.ByteArrayOutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A flow as a JSON document: what export writes, import reads and the database keeps (sealed). The shape is
 * versioned by {@code "schema"} (see docs/FLOWS.md); a document of an older schema is upgraded as it is read, so
 * every stored or exported flow can still be imported.
 */
public final class FlowDocuments {

    /** Larger than any flow a business writes by hand; a flow with a full FAQ is a few hundred kilobytes. */
    public static final int MAX_BYTES = 2_000_000;
    private static final int MAX_DEPTH = 24;

    // Imports come from uploads: this reader refuses deep nesting and long documents before binding anything.
    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    // a key given twice would silently keep the last one: {"start": "a", "start": "b"}
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxDocumentLength(MAX_BYTES)
                            .maxStringLength(100_000)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private FlowDocuments() {
    }

    /** Reads a flow document of any schema this version knows; a clear {@link InvalidFlowDocument} otherwise. */
    public static Flow read(byte[] document) {
        if (document == null || document.length == 0) {
            throw new InvalidFlowDocument("the flow document is empty");
        }
        if (document.length > MAX_BYTES) {
            throw new InvalidFlowDocument("the flow document is " + document.length + " bytes; at most " + MAX_BYTES
                    + " are accepted");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(document);
        } catch (JacksonException e) {
            throw new InvalidFlowDocument("the flow document is not valid JSON: " + brief(e));
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidFlowDocument("a flow document is a JSON object");
        }
        int schema = tree.has("schema") ? tree.get("schema").asInt(-1) : tree.has("greeting") ? 1 : -1;
        try {
            return switch (schema) {
                case 1 -> ReceptionFlow.from(JSON.treeToValue(tree, CallFlow.class));
                case Flow.SCHEMA -> JSON.treeToValue(tree, Flow.class);
                default -> throw new InvalidFlowDocument("unknown flow schema " + tree.get("schema")
                        + "; this version reads schemas 1 and " + Flow.SCHEMA);
            };
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidFlowDocument("unknown field '" + e.getPropertyName() + "' at " + path(e));
        } catch (JacksonException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof IllegalArgumentException || cause instanceof NullPointerException
                    ? cause.getMessage() : brief(e);
            throw new InvalidFlowDocument("the flow document is not a valid flow at " + path(e) + ": " + why);
        } catch (IllegalArgumentException e) {
            if (e instanceof InvalidFlowDocument invalid) {
                throw invalid;
            }
            throw new InvalidFlowDocument("the flow document is not a valid flow: " + e.getMessage());
        }
    }

    /** The document of the current schema. */
    public static byte[] write(Flow flow) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JSON.writeValue(out, flow);
        return out.toByteArray();
    }

    private static String path(JacksonException e) {
        String path = e.getPathReference();
        return path == null || path.isBlank() ? "the top" : path.replaceAll("^[^\\[]*\\[\"?", "[").replace("\"]", "]");
    }

    /** Jackson's own first line, without the excerpt of the input it quotes (which could be anything). */
    private static String brief(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        message = message.lines().findFirst().orElse("");
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }

    /** Why a flow document was refused, said so an administrator can fix it. */
    public static final class InvalidFlowDocument extends IllegalArgumentException {
        public InvalidFlowDocument(String message) {
            super(message);
        }
    }
}
