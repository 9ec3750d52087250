package ledger.gateway.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Test helper: the CloudPayments sample notifications under {@code src/test/resources/cloudpayments/samples},
 * read back into ordered name/value pairs whatever their rendering (see SOURCES.md there):
 * <ul>
 *   <li>{@code *.parsed.json}, {@code laravel_log_*}: a JSON object of strings; Laravel's {@code null}
 *       stands for the empty value CloudPayments sent;</li>
 *   <li>{@code *_parsed_pairs.json}: a JSON array of {@code [name, value]} pairs;</li>
 *   <li>{@code *__urldecoded*.txt}: the body already URL-decoded, so {@code &} and {@code =} are only
 *       separators where a parameter name follows (the Data JSON holds neither).</li>
 * </ul>
 */
final class Samples {

    static final String DIRECTORY = "/cloudpayments/samples/";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DECODED_SEPARATOR = Pattern.compile("&(?=[A-Za-z]+=)");

    private Samples() {
    }

    /** The raw bytes of a sample file. */
    static byte[] bytes(final String fileName) {
        try (InputStream in = Samples.class.getResourceAsStream(DIRECTORY + fileName)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + fileName);
            }
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample's parameters, in their original order, empty values included. */
    static List<Map.Entry<String, String>> pairs(final String fileName) {
        final String text = new String(bytes(fileName), StandardCharsets.UTF_8);
        final List<Map.Entry<String, String>> pairs = new ArrayList<>();
        if (fileName.endsWith(".txt")) {
            for (final String pair : DECODED_SEPARATOR.split(text)) {
                final int equals = pair.indexOf('=');
                pairs.add(new SimpleImmutableEntry<>(pair.substring(0, equals), pair.substring(equals + 1)));
            }
            return pairs;
        }
        final JsonNode root = read(text);
        if (root.isArray()) {
            for (final JsonNode pair : root) {
                pairs.add(new SimpleImmutableEntry<>(pair.get(0).asText(), pair.get(1).asText()));
            }
        } else {
            for (final Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                final Map.Entry<String, JsonNode> field = it.next();
                pairs.add(new SimpleImmutableEntry<>(field.getKey(),
                        field.getValue().isNull() ? "" : field.getValue().asText()));
            }
        }
        return pairs;
    }

    /** The value of one parameter of a sample, as the sample renders it ("" when empty). */
    static String value(final String fileName, final String name) {
        return pairs(fileName).stream().filter(pair -> pair.getKey().equals(name)).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new IllegalArgumentException(name + " not in " + fileName));
    }

    /** The sample as a JSON object body of strings, as a JSON-format notification would carry it. */
    static byte[] asJsonBody(final String fileName) {
        final var object = JSON.createObjectNode();
        pairs(fileName).forEach(pair -> object.put(pair.getKey(), pair.getValue()));
        try {
            return JSON.writeValueAsBytes(object);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(final String text) {
        try {
            return JSON.readTree(text);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
