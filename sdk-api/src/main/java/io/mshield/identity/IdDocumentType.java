package io.mshield.identity;

/**
 * Kinds of identity document a person may present. Only {@link #MAINLAND_RESIDENT_ID} is accepted
 * for a shield (R1.2); the others exist so that a caller can say what it was given and receive
 * a clear {@link io.mshield.ErrorCode#UNSUPPORTED_ID_DOCUMENT} error.
 */
public enum IdDocumentType {
    /** Resident identity card of the People's Republic of China (居民身份证), 18 characters, GB 11643. */
    MAINLAND_RESIDENT_ID,
    /** Mainland travel permit for Hong Kong and Macao residents (港澳居民来往内地通行证). */
    HK_MACAO_PERMIT,
    /** Mainland travel permit for Taiwan residents (台湾居民来往大陆通行证). */
    TAIWAN_PERMIT,
    /** A passport. */
    PASSPORT,
    /** Foreign permanent resident ID card (外国人永久居留身份证). */
    FOREIGN_PERMANENT_RESIDENT,
    /** Any other document. */
    OTHER
}
