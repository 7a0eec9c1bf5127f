package io.mshield.identity;

import java.util.Objects;

/**
 * A person on an enterprise's filing record.
 *
 * @param name     the name on record
 * @param idNumber the mainland resident ID number
 * @param type     legal representative or operator
 * @param phone    the registered mobile phone, where one-time codes go
 */
public record FiledPerson(PersonName name, ResidentIdNumber idNumber, UserType type, PhoneNumber phone) {
    /**
     * Validates the fields.
     * @param name the name on record
     * @param idNumber the mainland resident ID number
     * @param type legal representative or operator
     * @param phone the registered mobile phone, where one-time codes go
     */
    public FiledPerson {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(idNumber, "idNumber");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(phone, "phone");
    }
}
