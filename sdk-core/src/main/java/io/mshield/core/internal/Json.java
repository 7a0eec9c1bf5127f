package io.mshield.core.internal;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.io.IOException;

/**
 * The JSON encoding of sdk-core's stored state: fields, not getters; nulls omitted; keys sorted
 * so that equal states encode to equal bytes.
 */
public final class Json {
    private final ObjectMapper mapper;

    /** Creates the codec. */
    public Json() {
        mapper = new ObjectMapper()
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /**
     * The mapper, for components that build trees.
     *
     * @return the mapper
     */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Encodes a state object.
     *
     * @param value the object
     * @return UTF-8 JSON
     */
    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decodes a state object.
     *
     * @param bytes the JSON
     * @param type  the class
     * @param <T>   the type
     * @return the object
     */
    public <T> T read(byte[] bytes, Class<T> type) {
        try {
            return mapper.readValue(bytes, type);
        } catch (IOException e) {
            throw new ShieldException(ErrorCode.PERSISTENCE_FAILURE, "stored " + type.getSimpleName() + " is not readable", e);
        }
    }
}
