package ledger.gateway.organizations;

/** An organization's connection status, and the answer of CloudPayments' {@code POST /test} to a check of its credentials. */
public enum ConnectionStatus {
    /** CloudPayments accepted the Public ID and API Secret. */
    CONNECTED,
    /** CloudPayments answered 401: the Public ID or API Secret is wrong. Webhooks are refused. */
    INVALID_CREDENTIALS,
    /**
     * CloudPayments could not be reached. As the answer to a check, nothing changes; as a stored status, only in
     * records written before saves were verified first, and read as {@link #UNVERIFIED}.
     */
    UNREACHABLE,
    /**
     * Saved with {@code "force": true} while CloudPayments could not be reached: webhooks are verified with these
     * credentials, and they are checked again in the background until CloudPayments answers.
     */
    UNVERIFIED
}
