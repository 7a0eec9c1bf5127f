package io.mshield.core.internal.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mshield.Actor;
import io.mshield.audit.AuditEntry;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What an attacker with write access to the database, but not to the bank's key storage, can do to
 * the audit log: change entries and recompute every SHA-256 hash and link, so that the chain is
 * self-consistent again. Also a plain HMAC authenticator for unit tests of {@link AuditChain}.
 */
public final class AuditForgery {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditForgery() {
    }

    /**
     * An HMAC-SHA256 authenticator under a fixed key, for unit tests.
     *
     * @param key the key's text
     * @return the authenticator
     */
    public static AuditChain.Authenticator hmac(String key) {
        return data -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return mac.doFinal(data);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /**
     * Changes one entry and recomputes the hash and link of it and every later entry.
     *
     * @param bodies the stored entries, in order
     * @param index  which one to change (0-based)
     * @param change the change to its JSON
     * @return the rewritten bodies, a self-consistent chain
     */
    public static List<byte[]> rewrite(List<byte[]> bodies, int index, Consumer<ObjectNode> change) {
        List<byte[]> out = new ArrayList<>();
        String previous = AuditChain.GENESIS;
        try {
            for (int i = 0; i < bodies.size(); i++) {
                ObjectNode n = (ObjectNode) JSON.readTree(bodies.get(i));
                if (i == index) {
                    change.accept(n);
                }
                Map<String, String> details = new TreeMap<>();
                n.required("details").properties().forEach(f -> details.put(f.getKey(), f.getValue().asText()));
                JsonNode role = n.required("role");
                String hash = AuditChain.hash(n.required("sequence").asLong(), Instant.parse(n.required("time").asText()),
                        Actor.recorded(Actor.Role.valueOf(role.asText()), n.required("actor").asText()), n.required("action").asText(),
                        n.required("subject").asText(), AuditEntry.Outcome.valueOf(n.required("outcome").asText()), details, previous);
                n.put("previousHash", previous);
                n.put("hash", hash);
                previous = hash;
                out.add(JSON.writeValueAsBytes(n));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
