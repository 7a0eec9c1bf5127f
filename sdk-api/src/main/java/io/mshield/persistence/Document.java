package io.mshield.persistence;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A stored document: an opaque body with a version and secondary index values.
 *
 * @param collection the collection, 1–64 of {@code [a-z0-9_]}
 * @param key        the key, unique within the collection, 1–200 characters
 * @param version    starts at 1 and grows by one on every update
 * @param body       the body (sdk-core writes JSON); copied
 * @param index      index name → value, used by {@link Store#find} and {@link Store#findRange}; copied
 */
public record Document(String collection, String key, long version, byte[] body, Map<String, String> index) {
    /**
     * Validates and copies.
     * @param collection the collection, 1–64 of {@code [a-z0-9_]}
     * @param key the key, unique within the collection, 1–200 characters
     * @param version starts at 1 and grows by one on every update
     * @param body the body (sdk-core writes JSON); copied
     * @param index index name → value, used by {@link Store#find} and {@link Store#findRange}; copied
     */
    public Document {
        Names.requireName(collection, "collection");
        Names.requireKey(key, "key");
        Objects.requireNonNull(body, "body");
        body = body.clone();
        index = Map.copyOf(Objects.requireNonNull(index, "index"));
        index.forEach((k, v) -> {
            Names.requireName(k, "index name");
            Names.requireKey(v, "index value");
        });
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1: " + version);
        }
    }

    /**
     * The body.
     *
     * @return a copy
     */
    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Document d && collection.equals(d.collection) && key.equals(d.key)
                && version == d.version && Arrays.equals(body, d.body) && index.equals(d.index);
    }

    @Override
    public int hashCode() {
        return Objects.hash(collection, key, version, Arrays.hashCode(body), index);
    }

    @Override
    public String toString() {
        return "Document[" + collection + "/" + key + " v" + version + ", " + body.length + " bytes]";
    }
}
