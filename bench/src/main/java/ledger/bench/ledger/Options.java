package ledger.bench.ledger;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} command-line options, with {@code --set key=value} collected as Streams property overrides. */
final class Options {

    private final Map<String, String> values = new HashMap<>();
    private final Map<String, Object> overrides = new LinkedHashMap<>();

    Options(final String[] args, final Set<String> known, final String usage) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: " + usage);
            }
            final String name = args[i].substring(2);
            final String value = args[++i];
            if (name.equals("set")) {
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

    long number(final String name, final long defaultValue, final long min, final long max) {
        final long value = values.containsKey(name) ? Long.parseLong(values.get(name).replace("_", "")) : defaultValue;
        if (value < min || value > max) {
            throw new IllegalArgumentException("--" + name + " must be " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /** The {@code --set} overrides, in the order given. */
    Map<String, Object> overrides() {
        return overrides;
    }
}
