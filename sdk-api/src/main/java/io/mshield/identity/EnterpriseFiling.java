package io.mshield.identity;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An enterprise's filing record (R1.3).
 *
 * @param enterprise         the bank's id of the enterprise
 * @param name               the registered name
 * @param creditCode         the unified social credit code
 * @param superAdministrator the ID number of the super administrator, entitled by default (R1.1)
 * @param people             the people on record; ID numbers unique
 * @param revision           changes whenever the record changes (R3.4)
 */
public record EnterpriseFiling(EnterpriseId enterprise, String name, CreditCode creditCode,
                               ResidentIdNumber superAdministrator, List<FiledPerson> people, long revision) {
    /**
     * Validates and copies.
     *
     * @param enterprise the bank's id of the enterprise
     * @param name the registered name
     * @param creditCode the unified social credit code
     * @param superAdministrator the ID number of the super administrator, entitled by default (R1.1)
     * @param people the people on record; ID numbers unique
     * @param revision changes whenever the record changes (R3.4)
     * @throws ShieldException {@link ErrorCode#INVALID_ARGUMENT} for a blank name, duplicate people or
     *         more than one legal representative
     */
    public EnterpriseFiling {
        Objects.requireNonNull(enterprise, "enterprise");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(creditCode, "creditCode");
        Objects.requireNonNull(superAdministrator, "superAdministrator");
        people = List.copyOf(Objects.requireNonNull(people, "people"));
        if (name.isBlank()) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "enterprise name must not be blank");
        }
        if (people.stream().map(FiledPerson::idNumber).distinct().count() != people.size()) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "a person appears twice on the filing of " + enterprise.value());
        }
        if (people.stream().filter(p -> p.type() == UserType.LEGAL_REPRESENTATIVE).count() > 1) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "a filing has at most one legal representative");
        }
    }

    /**
     * The person on record with an ID number.
     *
     * @param idNumber the ID number
     * @return the person, or empty
     */
    public Optional<FiledPerson> person(ResidentIdNumber idNumber) {
        Objects.requireNonNull(idNumber, "idNumber");
        return people.stream().filter(p -> p.idNumber().equals(idNumber)).findFirst();
    }

    /**
     * The legal representative, if on record.
     *
     * @return the person, or empty
     */
    public Optional<FiledPerson> legalRepresentative() {
        return people.stream().filter(p -> p.type() == UserType.LEGAL_REPRESENTATIVE).findFirst();
    }
}
