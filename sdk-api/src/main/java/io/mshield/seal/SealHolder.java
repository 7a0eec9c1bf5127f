package io.mshield.seal;

import io.mshield.identity.IdDocumentType;
import io.mshield.identity.PersonName;
import io.mshield.identity.PhoneNumber;
import io.mshield.identity.ResidentIdNumber;

import java.util.Objects;

/**
 * The person who holds the seal on the medium (R8.3). {@link #toString()} masks the ID number
 * and the phone.
 *
 * @param name     the holder's name
 * @param idType   the ID document type
 * @param idNumber the ID number
 * @param phone    the contact phone
 */
public record SealHolder(PersonName name, IdDocumentType idType, ResidentIdNumber idNumber, PhoneNumber phone) {
    /**
     * Validates.
     *
     * @param name     the name
     * @param idType   the type
     * @param idNumber the number
     * @param phone    the phone
     */
    public SealHolder {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(idType, "idType");
        Objects.requireNonNull(idNumber, "idNumber");
        Objects.requireNonNull(phone, "phone");
    }

    @Override
    public String toString() {
        return "SealHolder[name=" + name.masked() + ", idType=" + idType + ", idNumber=" + idNumber.masked()
                + ", phone=" + phone.masked() + "]";
    }
}
