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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The filing of {@link World#ENTERPRISE} as the world's registry keeps it (the legal representative
 * {@link World#BOSS}, the operators {@link World#OPERATOR} and {@link World#OPERATOR2}, their names and
 * phones), with switches the world's own registry does not have: the filing may be gone (the
 * registry no longer knows the enterprise), may name a super administrator other than the legal
 * representative, may no longer list a person, or list them under another user type. Install it with {@code b.identityRegistry(filing)} in the world's configuration.
 */
final class SwitchableFiling implements IdentityRegistry {
    /** When true, the registry knows no filing of the enterprise. */
    volatile boolean gone;
    /** Whom the filing names as super administrator. */
    volatile ResidentIdNumber superAdministrator = World.BOSS;
    /** The filing's revision. */
    volatile long revision = 1;
    /** People the filing no longer lists. */
    final Set<ResidentIdNumber> left = ConcurrentHashMap.newKeySet();
    /** People the filing lists under another user type than the world's. */
    final Map<ResidentIdNumber, UserType> retyped = new ConcurrentHashMap<>();

    @Override
    public Optional<EnterpriseFiling> filing(EnterpriseId enterprise) {
        if (gone || !enterprise.equals(World.ENTERPRISE)) {
            return Optional.empty();
        }
        List<FiledPerson> people = Stream.of(person(World.BOSS, UserType.LEGAL_REPRESENTATIVE), person(World.OPERATOR, UserType.OPERATOR),
                person(World.OPERATOR2, UserType.OPERATOR)).filter(p -> !left.contains(p.idNumber())).toList();
        return Optional.of(new EnterpriseFiling(World.ENTERPRISE, "厦门测试有限公司", World.CREDIT_CODE, superAdministrator, people, revision));
    }

    private FiledPerson person(ResidentIdNumber id, UserType type) {
        return new FiledPerson(World.nameOf(id), id, retyped.getOrDefault(id, type), PhoneNumber.of(World.phoneOf(id)));
    }
}
