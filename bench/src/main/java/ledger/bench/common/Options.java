package ledger.bench.common;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A benchmark's {@code --name value} command-line options. A benchmark that names {@code set} among its options also
 * takes {@code --set key=value} pairs, collected apart as property overrides for what it measures (Kafka Streams or
 * consumer properties); to any other, {@code --set} is an unknown option.
 */
public final class Options {

    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> overrides = new LinkedHashMap<>();

    public Options(final String[] args, final Set<String> known, final String usage) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: " + usage);
            }
            final String name = args[i].substring(2);
            final String value = args[++i];
            if (name.equals("set") && known.contains("set")) {
                final int eq = value.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--set needs key=value, got " + value);
                }
                overrides.put(value.substring(0, eq), value.substring(eq + 1));
            } else if (known.contains(name)) {
                values.put(name, value);
            } else {
                throw new IllegalArgumentException("unknown option --" + name + "; usage: " + usage);
            }
        }
    }

    /** The whole number given as {@code --name} (underscores allowed, as in 1_000_000), or the default. */
    public long number(final String name, final long defaultValue, final long min, final long max) {
        final long value = values.containsKey(name) ? Long.parseLong(values.get(name).replace("_", "")) : defaultValue;
        if (value < min || value > max) {
            throw new IllegalArgumentException("--" + name + " must be " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /** The {@code --set} overrides, in the order given. */
    public Map<String, String> overrides() {
        return overrides;
    }
}
