package ledger.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import ledger.platform.MutableClock;
import ledger.platform.TestTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * What a service opens at its start: the three topics under its prefix, compacted, and a session key that follows
 * the operator token, so sessions hold across instances and restarts and end when the token is replaced.
 */
class ServiceAccessTest {

    private static final String OPERATOR_TOKEN = "operator-token-of-the-service-access-test";
    private static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @Test
    void opensItsThreeTopicsUnderThePrefixCompacted() throws Exception {
        final String prefix = TestTopics.unique("svc") + "-";
        try (ServiceAccess ignored = open(prefix, OPERATOR_TOKEN)) {
            final List<String> topics = List.of(prefix + "api-keys", prefix + "api-key-usage", prefix + "ended-sessions");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestTopics.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(topics);
                final Map<ConfigResource, Config> configs = admin.describeConfigs(topics.stream()
                        .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList()).all().get(30, TimeUnit.SECONDS);
                assertThat(configs.values()).allSatisfy(c -> assertThat(c.get("cleanup.policy").value()).isEqualTo("compact"));
            }
        }
    }

    @Test
    void sessionsHoldAcrossInstancesAndRestartsAndEndWithTheOperatorToken() {
        final String prefix = TestTopics.unique("svc") + "-";
        final String cookie;
        try (ServiceAccess before = open(prefix, OPERATOR_TOKEN)) {
            cookie = before.sessions().issue("finance", new Principal.Operator(), Duration.ofHours(1));
        }

        try (ServiceAccess after = open(prefix, OPERATOR_TOKEN);
             ServiceAccess replacedToken = open(prefix, OPERATOR_TOKEN + "-replaced")) {
            assertThat(after.sessions().verify("finance", cookie)).isPresent();
            assertThat(replacedToken.sessions().verify("finance", cookie)).isEmpty();
        }
    }

    @Test
    void aKeyCreatedThroughOneServiceAuthenticatesOnAnother() {
        final String prefix = TestTopics.unique("svc") + "-";
        try (ServiceAccess gateway = open(prefix, OPERATOR_TOKEN)) {
            final ApiKeys.Created created = gateway.keys().create("org-1", Role.ORG_ADMIN, "admin", "operator");
            try (ServiceAccess reports = open(prefix, OPERATOR_TOKEN)) {
                assertThat(reports.control().authenticate("Bearer " + created.key(), "192.0.2.1"))
                        .isEqualTo(new Principal.OrgKey(created.apiKey()));
                assertThat(reports.control().keys()).isSameAs(reports.keys());
            }
        }
    }

    private static ServiceAccess open(final String prefix, final String operatorToken) {
        return ServiceAccess.open(TestTopics.bootstrapServers(), prefix, operatorToken, Optional.empty(), Throttle.NONE, clock);
    }
}
