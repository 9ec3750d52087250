package ledger.platform.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may do what: every permission against every kind of principal, checked against the matrix written out here
 * by hand (not derived from {@link Permission}'s own fields, so a wrong role or write flag there shows up), and the
 * 403 messages that tell a caller what is missing.
 */
class PermissionMatrixTest {

    private static final String OWN_ORG = "org-own";
    private static final String OTHER_ORG = "org-other";

    /** Who holds each permission besides the operator, who holds all of them. */
    private enum Holder { OPERATOR_READ, ORG_ADMIN, FINANCE, BACKEND }

    private static final Map<Permission, Set<Holder>> INTENDED = new EnumMap<>(Map.of(
            Permission.MANAGE_KEYS, Set.of(),
            Permission.LIST_KEYS, Set.of(Holder.OPERATOR_READ),
            Permission.MANAGE_CONNECTION, Set.of(Holder.ORG_ADMIN),
            Permission.READ_CONNECTION, Set.of(Holder.OPERATOR_READ, Holder.ORG_ADMIN),
            Permission.READ_AUDIT_LOG, Set.of(Holder.OPERATOR_READ, Holder.ORG_ADMIN),
            Permission.MANAGE_SHIFTS, Set.of(Holder.ORG_ADMIN),
            Permission.READ_REPORTS, Set.of(Holder.OPERATOR_READ, Holder.FINANCE),
            Permission.READ_BALANCES, Set.of(Holder.OPERATOR_READ, Holder.BACKEND, Holder.FINANCE),
            Permission.READ_METRICS, Set.of()));

    private static final Set<Permission> WRITES = Set.of(Permission.MANAGE_KEYS, Permission.MANAGE_CONNECTION, Permission.MANAGE_SHIFTS);

    @Test
    void theMatrixNamesEveryPermission() {
        assertThat(INTENDED.keySet()).containsExactlyInAnyOrder(Permission.values());
    }

    static Stream<Arguments> everyPermissionAndPrincipal() {
        final List<Arguments> cases = new ArrayList<>();
        for (final Permission permission : Permission.values()) {
            final Set<Holder> holders = INTENDED.get(permission);
            cases.add(Arguments.of(permission, "operator", new Principal.Operator(), OWN_ORG, true));
            cases.add(Arguments.of(permission, "operator, no organization", new Principal.Operator(), null, true));
            cases.add(Arguments.of(permission, "operator-read", new Principal.OperatorReader(), OWN_ORG,
                    holders.contains(Holder.OPERATOR_READ)));
            for (final Role role : Role.values()) {
                final Principal key = keyOf(role, OWN_ORG);
                final boolean held = holders.contains(Holder.valueOf(role.name()));
                cases.add(Arguments.of(permission, role.label() + " key, own organization", key, OWN_ORG, held));
                cases.add(Arguments.of(permission, role.label() + " key, other organization", key, OTHER_ORG, false));
                cases.add(Arguments.of(permission, role.label() + " key, no organization", key, null, false));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} for {1}: {4}")
    @MethodSource("everyPermissionAndPrincipal")
    void principalHoldsExactlyWhatTheMatrixGrants(final Permission permission, final String who, final Principal principal,
                                                 final String orgId, final boolean held) {
        assertThat(principal.holds(permission, orgId)).as("%s for %s in %s", permission, who, orgId).isEqualTo(held);
        if (held) {
            assertThatCode(() -> AccessControl.authorize(principal, permission, orgId)).doesNotThrowAnyException();
        } else {
            final AccessDenied denied = catchThrowableOfType(AccessDenied.class, () -> AccessControl.authorize(principal, permission, orgId));
            assertThat(denied).isNotNull();
            assertThat(denied.status()).isEqualTo(403);
            assertThat(denied.retryAfter()).isEmpty();
        }
    }

    @Test
    void writePermissionsAreExactlyTheManagingOnes() {
        assertThat(Arrays.stream(Permission.values()).filter(Permission::write)).containsExactlyInAnyOrderElementsOf(WRITES);
    }

    @Test
    void theOperatorsReadCredentialHoldsNoWritePermissionAnywhere() {
        for (final Permission permission : WRITES) {
            assertThat(new Principal.OperatorReader().holds(permission, OWN_ORG)).as(permission.name()).isFalse();
            assertThat(new Principal.OperatorReader().holds(permission, null)).as(permission.name()).isFalse();
        }
    }

    @Test
    void rolesListedByEachPermissionMatchTheMatrix() {
        for (final Permission permission : Permission.values()) {
            final Set<Role> expected = new java.util.HashSet<>();
            for (final Role role : Role.values()) {
                if (INTENDED.get(permission).contains(Holder.valueOf(role.name()))) {
                    expected.add(role);
                }
            }
            assertThat(permission.roles()).as(permission.name()).isEqualTo(expected);
        }
    }

    @Test
    void aKeyInAnotherOrganizationIsToldSo() {
        final AccessDenied denied = denied(keyOf(Role.BACKEND, OWN_ORG), Permission.READ_BALANCES, OTHER_ORG);

        assertThat(denied.getMessage()).isEqualTo("this API key belongs to another organization");
    }

    @Test
    void aKeyOnARouteOfNoOrganizationIsRefused() {
        final AccessDenied denied = denied(keyOf(Role.ORG_ADMIN, OWN_ORG), Permission.READ_METRICS, null);

        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.getMessage()).isEqualTo("this API key belongs to another organization");
    }

    @Test
    void aKeyOfTheWrongRoleIsToldWhichRolesWould() {
        assertThat(denied(keyOf(Role.BACKEND, OWN_ORG), Permission.READ_REPORTS, OWN_ORG).getMessage())
                .isEqualTo("an API key with role backend may not do this; it needs role finance");
        assertThat(denied(keyOf(Role.ORG_ADMIN, OWN_ORG), Permission.READ_BALANCES, OWN_ORG).getMessage())
                .isEqualTo("an API key with role org-admin may not do this; it needs role backend or finance");
        assertThat(denied(keyOf(Role.FINANCE, OWN_ORG), Permission.MANAGE_CONNECTION, OWN_ORG).getMessage())
                .isEqualTo("an API key with role finance may not do this; it needs role org-admin");
    }

    @Test
    void aKeyAskingForAnOperatorPermissionIsToldItNeedsTheOperator() {
        assertThat(denied(keyOf(Role.ORG_ADMIN, OWN_ORG), Permission.MANAGE_KEYS, OWN_ORG).getMessage())
                .isEqualTo("an API key with role org-admin may not do this; it needs the operator credential");
        assertThat(denied(keyOf(Role.ORG_ADMIN, OWN_ORG), Permission.LIST_KEYS, OWN_ORG).getMessage())
                .isEqualTo("an API key with role org-admin may not do this; it needs the operator credential");
    }

    @Test
    void theReadCredentialIsToldItMayOnlyRead() {
        assertThat(denied(new Principal.OperatorReader(), Permission.MANAGE_SHIFTS, OWN_ORG).getMessage())
                .isEqualTo("the operator's read credential may only read");
        assertThat(denied(new Principal.OperatorReader(), Permission.READ_METRICS, null).getMessage())
                .isEqualTo("this needs the operator credential; the operator's read credential does not hold it");
    }

    @Test
    void messagesNeverNameTheKey() {
        final Principal key = keyOf(Role.BACKEND, OWN_ORG);
        final ApiKey apiKey = ((Principal.OrgKey) key).key();
        for (final Permission permission : Permission.values()) {
            for (final String org : new String[] {OWN_ORG, OTHER_ORG, null}) {
                if (!key.holds(permission, org)) {
                    assertThat(denied(key, permission, org).getMessage())
                            .doesNotContain(apiKey.id()).doesNotContain(apiKey.keyHash()).doesNotContain(apiKey.label());
                }
            }
        }
    }

    @Test
    void actorsNameThePrincipal() {
        assertThat(new Principal.Operator().actor()).isEqualTo("operator");
        assertThat(new Principal.OperatorReader().actor()).isEqualTo("operator-read");
        assertThat(keyOf(Role.BACKEND, OWN_ORG).actor()).isEqualTo("key:00000000000000ab");
    }

    @Test
    void rolesParseFromTheirLabelsOnly() {
        for (final Role role : Role.values()) {
            assertThat(Role.parse(role.label())).contains(role);
        }
        assertThat(Role.parse("ORG_ADMIN")).isEmpty();
        assertThat(Role.parse("Finance")).isEmpty();
        assertThat(Role.parse("")).isEmpty();
        assertThat(Role.parse(null)).isEmpty();
        assertThat(Role.labels()).isEqualTo("org-admin, finance, backend");
    }

    private static AccessDenied denied(final Principal principal, final Permission permission, final String orgId) {
        final AccessDenied denied = catchThrowableOfType(AccessDenied.class, () -> AccessControl.authorize(principal, permission, orgId));
        assertThat(denied).as("%s refused %s in %s", principal.actor(), permission, orgId).isNotNull();
        assertThat(denied.status()).isEqualTo(403);
        return denied;
    }

    private static Principal keyOf(final Role role, final String orgId) {
        return new Principal.OrgKey(new ApiKey("00000000000000ab", orgId, role, "label-of-the-key", "f".repeat(64),
                Instant.parse("2026-01-01T00:00:00Z"), "operator", null, null));
    }
}
