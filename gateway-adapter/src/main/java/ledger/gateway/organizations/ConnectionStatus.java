package ledger.gateway.organizations;

/** The result of checking an organization's credentials with CloudPayments' {@code POST /test}. */
public enum ConnectionStatus {
    /** CloudPayments accepted the Public ID and API Secret. */
    CONNECTED,
    /** CloudPayments answered 401: the Public ID or API Secret is wrong. Webhooks are refused. */
    INVALID_CREDENTIALS,
    /** CloudPayments could not be reached; the credentials are kept and webhooks are verified with them. */
    UNREACHABLE
}
