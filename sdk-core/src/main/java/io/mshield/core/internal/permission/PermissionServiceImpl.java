package io.mshield.core.internal.permission;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.certificate.RevocationReason;
import io.mshield.core.internal.Context;
import io.mshield.core.internal.Tx;
import io.mshield.core.internal.shield.Bindings;
import io.mshield.core.internal.shield.Roles;
import io.mshield.core.internal.shield.ShieldRepository;
import io.mshield.core.internal.shield.ShieldState;
import io.mshield.core.internal.shield.Transitions;
import io.mshield.identity.EnterpriseFiling;
import io.mshield.identity.EnterpriseId;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.identity.ShieldNumber;
import io.mshield.permission.Grant;
import io.mshield.permission.PermissionService;
import io.mshield.persistence.Document;
import io.mshield.shield.ShieldStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Permissions (R1): the super administrator is entitled by default (from the filing), grants and
 * withdraws others by ID number; withdrawal revokes the person's shields in the enterprise. Every
 * grant and withdrawal is audited with the masked ID number (R1.4).
 */
public final class PermissionServiceImpl implements PermissionService {
    /** The collection of grants. */
    public static final String GRANTS = "grants";

    private final Context ctx;

    /**
     * Creates the service.
     *
     * @param ctx the context
     */
    public PermissionServiceImpl(Context ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    /** Stored grant. */
    public static final class GrantState {
        /** Enterprise id. */
        public String enterprise;
        /** ID number. */
        public String person;
        /** Role of the grantor. */
        public String byRole;
        /** Id of the grantor. */
        public String byId;
        /** When, ISO-8601. */
        public String at;
        /** False once withdrawn. */
        public boolean active;

        /** For the JSON codec. */
        public GrantState() {
        }
    }

    @Override
    public Grant grant(Actor by, EnterpriseId enterprise, ResidentIdNumber person) {
        Objects.requireNonNull(enterprise, "enterprise");
        Objects.requireNonNull(person, "person");
        requireSuperAdministrator(by, enterprise);
        EnterpriseFiling filing = filing(enterprise);
        if (filing.superAdministrator().equals(person)) {
            return defaultGrant(enterprise, person);
        }
        return ctx.transaction(tx -> {
            String key = key(enterprise, person);
            Optional<Document> existing = tx.store().get(GRANTS, key);
            if (existing.isPresent()) {
                GrantState g = ctx.json().read(existing.get().body(), GrantState.class);
                if (g.active) {
                    return view(g);
                }
                fill(g, by);
                tx.store().update(GRANTS, key, existing.get().version(), ctx.json().write(g), index(enterprise));
                tx.audit(by, "permission.granted", enterprise.value(), Map.of("person", person.masked()));
                return view(g);
            }
            GrantState g = new GrantState();
            g.enterprise = enterprise.value();
            g.person = person.value();
            fill(g, by);
            try {
                tx.store().insert(GRANTS, key, ctx.json().write(g), index(enterprise));
            } catch (ShieldException e) {
                // another node granted it at the same moment: retry, and find it granted
                throw e.code() == ErrorCode.ALREADY_EXISTS
                        ? new ShieldException(ErrorCode.CONCURRENT_MODIFICATION, "a concurrent grant won", e) : e;
            }
            tx.audit(by, "permission.granted", enterprise.value(), Map.of("person", person.masked()));
            return view(g);
        });
    }

    @Override
    public int withdraw(Actor by, EnterpriseId enterprise, ResidentIdNumber person) {
        Objects.requireNonNull(enterprise, "enterprise");
        Objects.requireNonNull(person, "person");
        requireSuperAdministrator(by, enterprise);
        if (filing(enterprise).superAdministrator().equals(person)) {
            throw new ShieldException(ErrorCode.FORBIDDEN, "the super administrator's entitlement comes from the filing and cannot be withdrawn here");
        }
        return ctx.transaction(tx -> {
            String key = key(enterprise, person);
            Document d = tx.store().get(GRANTS, key).orElseThrow(() -> new ShieldException(ErrorCode.NOT_ENTITLED,
                    "no grant for " + person.masked() + " in " + enterprise.value()));
            GrantState g = ctx.json().read(d.body(), GrantState.class);
            if (!g.active) {
                throw new ShieldException(ErrorCode.NOT_ENTITLED, "the grant for " + person.masked() + " was already withdrawn");
            }
            g.active = false;
            tx.store().update(GRANTS, key, d.version(), ctx.json().write(g), index(enterprise));
            tx.audit(by, "permission.withdrawn", enterprise.value(), Map.of("person", person.masked()));
            return revokeShieldsOf(tx, by, enterprise, person);
        });
    }

    private int revokeShieldsOf(Tx tx, Actor by, EnterpriseId enterprise, ResidentIdNumber person) {
        int revoked = 0;
        List<ShieldState> shields = ctx.shields().ofHolder(tx.store(), enterprise.value(), person.value());
        for (ShieldState s : shields) {
            if (ShieldStatus.valueOf(s.status) == ShieldStatus.REVOKED) {
                continue;
            }
            ShieldRepository.Loaded loaded = ctx.shields().require(tx.store(), ShieldNumber.of(s.number));
            ShieldRepository.Loaded done = Transitions.revoke(ctx, tx, loaded, RevocationReason.PRIVILEGE_WITHDRAWN, by,
                    "shield.permission_withdrawn");
            Bindings.release(ctx, tx, done.state());
            revoked++;
        }
        return revoked;
    }

    @Override
    public boolean isEntitled(EnterpriseId enterprise, ResidentIdNumber person) {
        Objects.requireNonNull(enterprise, "enterprise");
        Objects.requireNonNull(person, "person");
        Optional<EnterpriseFiling> filing = ctx.registry().filing(enterprise);
        if (filing.isEmpty()) {
            return false;
        }
        if (filing.get().superAdministrator().equals(person)) {
            return true;
        }
        return ctx.transaction(tx -> tx.store().get(GRANTS, key(enterprise, person))
                .map(d -> ctx.json().read(d.body(), GrantState.class).active).orElse(false));
    }

    @Override
    public List<Grant> grants(EnterpriseId enterprise) {
        Objects.requireNonNull(enterprise, "enterprise");
        return ctx.transaction(tx -> tx.store().find(GRANTS, "enterprise", enterprise.value(), 0, 1000).stream()
                .map(d -> ctx.json().read(d.body(), GrantState.class)).filter(g -> g.active).map(this::view)
                .sorted(java.util.Comparator.comparing(Grant::grantedAt)).toList());
    }

    private EnterpriseFiling filing(EnterpriseId enterprise) {
        return ctx.registry().filing(enterprise).orElseThrow(() -> new ShieldException(ErrorCode.FILING_MISMATCH,
                "enterprise " + enterprise.value() + " has no filing record (R1.3)"));
    }

    private Grant defaultGrant(EnterpriseId enterprise, ResidentIdNumber person) {
        return new Grant(enterprise, person, Actor.system("filing"), Instant.EPOCH, true);
    }

    private void fill(GrantState g, Actor by) {
        g.byRole = by.role().name();
        g.byId = by.id();
        g.at = ctx.now().toString();
        g.active = true;
    }

    private Grant view(GrantState g) {
        return new Grant(EnterpriseId.of(g.enterprise), ResidentIdNumber.of(g.person), Actor.recorded(Actor.Role.valueOf(g.byRole), g.byId),
                Instant.parse(g.at), false);
    }

    private void requireSuperAdministrator(Actor by, EnterpriseId enterprise) {
        Objects.requireNonNull(by, "by");
        if (by.role() != Actor.Role.SUPER_ADMINISTRATOR) {
            throw new ShieldException(ErrorCode.FORBIDDEN, "only the enterprise's super administrator grants and withdraws permissions (R1.1)");
        }
        Roles.requireEnterpriseRole(ctx, by, enterprise, "grant or withdraw permissions");
    }

    private static String key(EnterpriseId enterprise, ResidentIdNumber person) {
        return ShieldRepository.holderKey(enterprise.value(), person.value());
    }

    private static Map<String, String> index(EnterpriseId enterprise) {
        return Map.of("enterprise", enterprise.value());
    }
}
