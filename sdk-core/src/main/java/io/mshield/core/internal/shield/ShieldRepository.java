package io.mshield.core.internal.shield;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.internal.Json;
import io.mshield.identity.ShieldNumber;
import io.mshield.persistence.Document;
import io.mshield.persistence.Store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes {@link ShieldState} documents in the collection {@value #COLLECTION}, with the
 * indexes the rules need.
 */
public final class ShieldRepository {
    /** The collection. */
    public static final String COLLECTION = "shields";
    /** Index: enterprise and hashed holder. */
    public static final String BY_HOLDER = "holder";
    /** Index: device. */
    public static final String BY_DEVICE = "device";
    /** Index: certificate notAfter, for renewal reminders. */
    public static final String BY_NOT_AFTER = "not_after";
    /** Index: holder across enterprises. */
    public static final String BY_PERSON = "person";

    private final Json json;

    /**
     * Creates the repository.
     *
     * @param json the codec
     */
    public ShieldRepository(Json json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    /** A state with the version it was read at. */
    public record Loaded(ShieldState state, long version) {
    }

    /**
     * Reads a shield.
     *
     * @param store  the store
     * @param number the shield number
     * @return the state, or empty
     */
    public Optional<Loaded> find(Store store, ShieldNumber number) {
        return store.get(COLLECTION, number.value()).map(d -> new Loaded(json.read(d.body(), ShieldState.class), d.version()));
    }

    /**
     * Reads a shield or refuses with {@link ErrorCode#SHIELD_NOT_FOUND}.
     *
     * @param store  the store
     * @param number the shield number
     * @return the state
     */
    public Loaded require(Store store, ShieldNumber number) {
        return find(store, number).orElseThrow(() -> new ShieldException(ErrorCode.SHIELD_NOT_FOUND,
                "no shield " + number.value()));
    }

    /**
     * Inserts a new shield.
     *
     * @param store the store
     * @param state the state
     * @return the version, 1
     */
    public long insert(Store store, ShieldState state) {
        return store.insert(COLLECTION, state.number, json.write(state), index(state)).version();
    }

    /**
     * Writes a shield back if nobody changed it since it was read.
     *
     * @param store  the store
     * @param loaded what was read, with the changes made to its state
     * @return the new version
     */
    public long update(Store store, Loaded loaded) {
        return store.update(COLLECTION, loaded.state().number, loaded.version(), json.write(loaded.state()), index(loaded.state())).version();
    }

    /**
     * Shields of a holder in an enterprise.
     *
     * @param store      the store
     * @param enterprise the enterprise id
     * @param holderId   the holder's ID number
     * @return the states
     */
    public List<ShieldState> ofHolder(Store store, String enterprise, String holderId) {
        return store.find(COLLECTION, BY_HOLDER, holderKey(enterprise, holderId), 0, 1000).stream()
                .map(d -> json.read(d.body(), ShieldState.class)).toList();
    }

    /**
     * Shields of a person in any enterprise.
     *
     * @param store    the store
     * @param holderId the holder's ID number
     * @return the states
     */
    public List<ShieldState> ofPerson(Store store, String holderId) {
        return store.find(COLLECTION, BY_PERSON, personKey(holderId), 0, 1000).stream()
                .map(d -> json.read(d.body(), ShieldState.class)).toList();
    }

    /**
     * Shields whose certificate expires in a range.
     *
     * @param store the store
     * @param from  inclusive, ISO-8601
     * @param to    exclusive, ISO-8601
     * @param limit how many at most
     * @return the states
     */
    public List<ShieldState> expiringBetween(Store store, String from, String to, int limit) {
        return store.findRange(COLLECTION, BY_NOT_AFTER, from, to, limit).stream()
                .map((Document d) -> json.read(d.body(), ShieldState.class)).toList();
    }

    private static Map<String, String> index(ShieldState s) {
        Map<String, String> m = new HashMap<>();
        m.put(BY_HOLDER, holderKey(s.enterprise, s.holderId));
        m.put(BY_PERSON, personKey(s.holderId));
        m.put(BY_DEVICE, s.device);
        if (s.notAfter != null) {
            m.put(BY_NOT_AFTER, s.notAfter);
        }
        return m;
    }

    /**
     * The index key of a holder in an enterprise: the enterprise id and a hash of the ID number.
     *
     * @param enterprise the enterprise id
     * @param holderId   the ID number
     * @return the key
     */
    public static String holderKey(String enterprise, String holderId) {
        return enterprise + "|" + personKey(holderId);
    }

    /**
     * A stable, non-reversible reference to a person for indexes and claims: SHA-256 of the ID
     * number, so that index values do not spread the raw number.
     *
     * @param holderId the ID number
     * @return 64 hex characters
     */
    public static String personKey(String holderId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(("mshield-person|" + holderId).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
