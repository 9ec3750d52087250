package ledger.platform.access;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import ledger.config.Replication;
import ledger.platform.kafka.CompactedTopic;

/**
 * Everything a service needs to check credentials, opened once at its start: the API keys, the page sessions and
 * the access control over them. Every service follows the same topics, so a key created or revoked on one
 * instance, or a session ended, holds on all of them.
 */
public final class ServiceAccess implements AutoCloseable {

    public static final String KEYS_TOPIC = "api-keys";
    public static final String KEY_USAGE_TOPIC = "api-key-usage";
    public static final String ENDED_SESSIONS_TOPIC = "ended-sessions";

    private final ApiKeys keys;
    private final Sessions sessions;
    private final AccessControl control;

    private ServiceAccess(final ApiKeys keys, final Sessions sessions, final AccessControl control) {
        this.keys = keys;
        this.sessions = sessions;
        this.control = control;
    }

    /**
     * @param topicPrefix     prepended to every topic name, as for the business topics
     * @param operatorToken   {@code ADMIN_TOKEN}
     * @param readerToken     {@code FINANCE_TOKEN}, when set
     */
    public static ServiceAccess open(final String bootstrapServers, final String topicPrefix, final String operatorToken,
                                     final Optional<String> readerToken, final Throttle throttle, final Clock clock) {
        return open(bootstrapServers, topicPrefix, operatorToken, readerToken, throttle, clock, Replication.SINGLE_BROKER);
    }

    /** As above, with the access topics created with {@code replication} and refused when weaker ({@link CompactedTopic#createAll}). */
    public static ServiceAccess open(final String bootstrapServers, final String topicPrefix, final String operatorToken,
                                     final Optional<String> readerToken, final Throttle throttle, final Clock clock,
                                     final Replication replication) {
        CompactedTopic.createAll(bootstrapServers, List.of(topicPrefix + KEYS_TOPIC, topicPrefix + KEY_USAGE_TOPIC,
                topicPrefix + ENDED_SESSIONS_TOPIC), replication);
        final Duration load = Duration.ofSeconds(60);
        final ApiKeys keys = ApiKeys.open(bootstrapServers, topicPrefix + KEYS_TOPIC, topicPrefix + KEY_USAGE_TOPIC, clock, load);
        try {
            final AccessControl control = new AccessControl(operatorToken, readerToken, keys, throttle);
            final Sessions sessions = Sessions.open(control.sessionKey(), clock, bootstrapServers, topicPrefix + ENDED_SESSIONS_TOPIC, load);
            return new ServiceAccess(keys, sessions, control);
        } catch (final RuntimeException e) {
            keys.close();
            throw e;
        }
    }

    public ApiKeys keys() {
        return keys;
    }

    public Sessions sessions() {
        return sessions;
    }

    public AccessControl control() {
        return control;
    }

    /** The guard for a service without pages. */
    public HttpAccess http() {
        return new HttpAccess(control, Optional.empty());
    }

    /** The guard for a service whose pages sign in with {@code cookie} sessions of {@code audience}. */
    public HttpAccess http(final String cookie, final String audience) {
        return new HttpAccess(control, Optional.of(new HttpAccess.PageSessions(sessions, cookie, audience)));
    }

    @Override
    public void close() {
        sessions.close();
        keys.close();
    }
}
