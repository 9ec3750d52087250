package ledger.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import ledger.balance.app.LedgerConfig;
import ledger.balance.app.LedgerService;
import ledger.gateway.app.GatewayConfig;
import ledger.gateway.app.GatewayService;
import ledger.report.app.ReportConfig;
import ledger.report.app.ReportService;

/**
 * One service of the embedded stack in a process of its own ({@code ./ledger run gateway|ledger|report}): configured
 * like in {@code ./ledger up} from the stack's data directory (addresses and secrets), the environment winning, so a
 * crash of this process is a crash of this service alone.
 */
final class ServiceProcess implements AutoCloseable {

    private final AutoCloseable service;
    private final String url;

    private ServiceProcess(final AutoCloseable service, final String url) {
        this.service = service;
        this.url = url;
    }

    /** The settings of a service of the stack in {@code dataDir}: its addresses and secrets, then {@code environment} over them. */
    static Map<String, String> environment(final Path dataDir, final Map<String, String> environment) {
        final Map<String, String> env = new HashMap<>(StackAddresses.read(dataDir));
        final StackSecrets secrets = StackSecrets.loadOrCreate(dataDir);
        env.put("ADMIN_TOKEN", secrets.adminToken());
        env.put("FINANCE_TOKEN", secrets.financeToken());
        env.put("GATEWAY_SECRET_KEY", secrets.gatewaySecretKey());
        env.put("LEDGER_STATE_DIR", dataDir.resolve("ledger-state").toString());
        environment.forEach((key, value) -> {
            if (value != null && !value.isBlank()) {
                env.put(key, value);
            }
        });
        return env;
    }

    /**
     * Starts the service and, for the ledger, waits however long its state takes to restore, telling {@code progress}.
     *
     * @throws IllegalArgumentException for a bad setting, naming it
     */
    static ServiceProcess start(final String service, final Map<String, String> env, final Consumer<String> progress) {
        switch (service) {
            case "gateway" -> {
                final GatewayService gateway = GatewayService.start(GatewayConfig.fromEnv(env));
                return new ServiceProcess(gateway, "http://127.0.0.1:" + gateway.port());
            }
            case "ledger" -> {
                final LedgerService ledger = LedgerService.start(LedgerConfig.fromEnv(env));
                try {
                    ledger.awaitReady(progress, Duration.ofSeconds(2));
                } catch (final RuntimeException e) {
                    ledger.close();
                    throw e;
                }
                return new ServiceProcess(ledger, "http://127.0.0.1:" + ledger.port());
            }
            case "report" -> {
                final ReportService report = ReportService.start(ReportConfig.fromEnv(env));
                return new ServiceProcess(report, "http://127.0.0.1:" + report.port());
            }
            default -> throw new IllegalArgumentException("no such service: " + service + " (gateway, ledger or report)");
        }
    }

    String url() {
        return url;
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (final Exception e) {
            throw new IllegalStateException("error while stopping: " + e, e);
        }
    }
}
