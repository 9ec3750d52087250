package ledger.platform.access;

/** Who a request comes from, once its credential is verified. */
public sealed interface Principal {

    /** How the audit log and logs name this principal: {@code operator}, {@code operator-read} or {@code key:<id>}. */
    String actor();

    /** Whether this principal may do what {@code permission} guards in organization {@code orgId}. */
    boolean holds(Permission permission, String orgId);

    /** The operator credential ({@code ADMIN_TOKEN}): everything, in every organization. */
    record Operator() implements Principal {
        @Override
        public String actor() {
            return "operator";
        }

        @Override
        public boolean holds(final Permission permission, final String orgId) {
            return true;
        }
    }

    /**
     * The operator's read credential ({@code FINANCE_TOKEN}): every reading permission but the service's metrics, in
     * every organization ({@link Permission#heldByOperatorReader}).
     */
    record OperatorReader() implements Principal {
        @Override
        public String actor() {
            return "operator-read";
        }

        @Override
        public boolean holds(final Permission permission, final String orgId) {
            return permission.heldByOperatorReader();
        }
    }

    /** An organization's API key: its role's permissions, in its own organization only. */
    record OrgKey(ApiKey key) implements Principal {
        @Override
        public String actor() {
            return "key:" + key.id();
        }

        @Override
        public boolean holds(final Permission permission, final String orgId) {
            return key.orgId().equals(orgId) && permission.grantedTo(key.role());
        }
    }
}
