package ledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands that run the services apart: what they accept, and what a service started on its own is given. */
class LedgerCliTest {

    @Test
    void upOnlyStartsTheNamedPartsWrittenAsInTheReadme() {
        final CommandLine.ParseResult parsed = LedgerCli.commandLine().parseArgs("up", "--only", "kafka,registry,postgres");
        final LedgerCli.Up up = (LedgerCli.Up) parsed.subcommand().commandSpec().userObject();
        assertThat(up.only).isEqualTo(EmbeddedStack.Component.INFRASTRUCTURE);
        assertThatThrownBy(() -> LedgerCli.commandLine().parseArgs("up", "--only", "kafka,zookeeper"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("zookeeper");
    }

    @Test
    void aServiceNeedsItsInfrastructureInTheSameUp() {
        assertThatThrownBy(() -> EmbeddedStack.start(Path.of("unused"), EmbeddedStack.Ports.anyFree(), Map.of(),
                EnumSet.of(EmbeddedStack.Component.LEDGER), message -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("./ledger run");
        assertThatThrownBy(() -> LedgerCli.commandLine().parseArgs("run", "bank"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("bank");
    }

    @Test
    void aServiceRunOnItsOwnFindsTheStackThroughTheDataDirectoryAndTheEnvironmentWins(@TempDir final Path data) {
        StackAddresses.write(data, Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092", "SCHEMA_REGISTRY_URL", "http://127.0.0.1:18081",
                "ADMIN_TOKEN", "not-an-address-0123456789"));
        final Map<String, String> env = ServiceProcess.environment(data, Map.of("LEDGER_PORT", "8092", "SCHEMA_REGISTRY_URL", "http://10.0.0.1:8081",
                "LEDGER_STATE_DIR", " "));
        assertThat(env).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092")
                .containsEntry("SCHEMA_REGISTRY_URL", "http://10.0.0.1:8081")
                .containsEntry("LEDGER_PORT", "8092")
                .containsEntry("LEDGER_STATE_DIR", data.resolve("ledger-state").toString())
                .containsKeys("ADMIN_TOKEN", "FINANCE_TOKEN", "GATEWAY_SECRET_KEY");
        assertThat(env.get("ADMIN_TOKEN")).as("secrets come from the stack's secrets file, never from the addresses file")
                .isNotEqualTo("not-an-address-0123456789");
    }

    @Test
    void upOnlyTheInfrastructureThenAServiceOnItsOwnAgainstIt() throws Exception {
        final Path data = ledger.embedded.SharedInfrastructure.tempDir("up-only");
        try (EmbeddedStack stack = EmbeddedStack.start(data, EmbeddedStack.Ports.anyFree(), Map.of(), EmbeddedStack.Component.INFRASTRUCTURE,
                message -> { })) {
            assertThat(stack.gatewayUrl()).isNull();
            assertThat(stack.ledgerUrl()).isNull();
            assertThat(stack.reportUrl()).isNull();
            final Map<String, String> env = ServiceProcess.environment(data, Map.of("GATEWAY_PORT", "0", "GATEWAY_LISTEN_HOST", "127.0.0.1"));
            assertThat(env).containsEntry("KAFKA_BOOTSTRAP_SERVERS", stack.env().get("KAFKA_BOOTSTRAP_SERVERS"))
                    .containsEntry("SCHEMA_REGISTRY_URL", stack.registryUrl())
                    .containsEntry("DATABASE_URL", stack.env().get("DATABASE_URL"));
            try (ServiceProcess gateway = ServiceProcess.start("gateway", env, message -> { })) {
                final java.net.http.HttpResponse<String> ready = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.url() + "/health/ready")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            }
        }
    }
}
