package io.mshield.crypto.internal.ca;

import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.KeyStorage;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.internal.keys.HolderCertificates;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Signs certificates, CRLs and OCSP responses with a CA key that never leaves the key storage:
 * BouncyCastle's builders hand it the bytes to be signed, the storage signs them.
 * One use per instance, like BouncyCastle's own signers.
 */
public final class StorageSigner implements ContentSigner {
    private final KeyStorage storage;
    private final KeyHandle key;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    /**
     * A signer for one signature.
     *
     * @param storage the key storage
     * @param key     the CA key's handle
     */
    public StorageSigner(KeyStorage storage, KeyHandle key) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.key = Objects.requireNonNull(key, "key");
    }

    private static SignatureScheme scheme(KeyAlgorithm.Family f) {
        return switch (f) {
            case SM2 -> SignatureScheme.SM2_SM3;
            case EC -> SignatureScheme.ECDSA_SHA256;
            case EDDSA -> SignatureScheme.ED25519;
            case RSA -> SignatureScheme.RSA_PKCS1_SHA256;
        };
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return new DefaultSignatureAlgorithmIdentifierFinder().find(HolderCertificates.signatureAlgorithm(key.algorithm()));
    }

    @Override
    public OutputStream getOutputStream() {
        return data;
    }

    @Override
    public byte[] getSignature() {
        return storage.sign(key, scheme(key.algorithm().family()), data.toByteArray());
    }
}
