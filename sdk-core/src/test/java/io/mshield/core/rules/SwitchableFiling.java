package io.mshield.core.rules;

import io.mshield.core.fixtures.World;
import io.mshield.identity.EnterpriseFiling;
import io.mshield.identity.EnterpriseId;
import io.mshield.identity.FiledPerson;
import io.mshield.identity.IdentityRegistry;
import io.mshield.identity.PhoneNumber;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.identity.UserType;

import java.util.List;
import java.util.Optional;

/**
 * The filing of {@link World#ENTERPRISE} as the world's registry keeps it (the legal representative
 * {@link World#BOSS}, the operators {@link World#OPERATOR} and {@link World#OPERATOR2}, their names and
 * phones), with two switches the world's own registry does not have: the filing may be gone (the
 * registry no longer knows the enterprise) and may name a super administrator other than the legal
 * representative. Install it with {@code b.identityRegistry(filing)} in the world's configuration.
 */
final class SwitchableFiling implements IdentityRegistry {
    /** When true, the registry knows no filing of the enterprise. */
    volatile boolean gone;
    /** Whom the filing names as super administrator. */
    volatile ResidentIdNumber superAdministrator = World.BOSS;
    /** The filing's revision. */
    volatile long revision = 1;

    @Override
    public Optional<EnterpriseFiling> filing(EnterpriseId enterprise) {
        if (gone || !enterprise.equals(World.ENTERPRISE)) {
            return Optional.empty();
        }
        return Optional.of(new EnterpriseFiling(World.ENTERPRISE, "厦门测试有限公司", World.CREDIT_CODE, superAdministrator, List.of(
                person(World.BOSS, UserType.LEGAL_REPRESENTATIVE), person(World.OPERATOR, UserType.OPERATOR),
                person(World.OPERATOR2, UserType.OPERATOR)), revision));
    }

    private static FiledPerson person(ResidentIdNumber id, UserType type) {
        return new FiledPerson(World.nameOf(id), id, type, PhoneNumber.of(World.phoneOf(id)));
    }
}
