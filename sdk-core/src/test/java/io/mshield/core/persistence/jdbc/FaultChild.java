package io.mshield.core.persistence.jdbc;

import io.mshield.MobileShield;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.twoparty.Sm2TwoPartyPhone;
import io.mshield.persistence.Persistence;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.SignatureReceipt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The bank node that {@link AbstractProcessKillFaultTest} kills: a JVM of its own that opens the SDK
 * on a database (an H2 file database, or a JDBC URL) and a key store file, opens a COLLABORATIVE
 * shield, signs one payment, then authorizes and co-signs a second one and lets the phone finish
 * the joint signature — everything up to just before {@code complete}. It writes what the phone
 * holds (the shield, the authorization, the signature) to a file, prints {@code READY}, and keeps
 * authorizing and cancelling payments until it is killed, so that the kill lands in the middle of
 * its transactions; after each call returns it prints {@link #AUTHORIZED} or {@link #CANCELLED} and
 * the authorization, so that the test knows which transactions the node saw committed.
 */
public final class FaultChild {
    /** The line that says {@code authorize} returned, followed by the authorization. */
    static final String AUTHORIZED = "AUTHORIZED ";
    /** The line that says {@code cancel} returned, followed by the authorization. */
    static final String CANCELLED = "CANCELLED ";

    private FaultChild() {
    }

    /**
     * Runs the node.
     *
     * @param args {@code h2 <directory>} or {@code jdbc <url>}, then the key store file and the file to write to
     * @throws Exception when the node cannot start
     */
    public static void main(String[] args) throws Exception {
        Persistence store = open(args[0], args[1]);
        Path out = Path.of(args[3]);
        FaultBank bank = new FaultBank();
        BouncyCastleCrypto crypto = bank.crypto(store, BouncyCastleCrypto.keyStoreFile(Path.of(args[2]), FaultBank.KEY_STORE_PASSWORD.clone()));
        MobileShield sdk = bank.sdk(store, crypto, Clock.systemUTC());
        FaultBank.CollaborativePhone holder = bank.openCollaborative(sdk, FaultBank.BOSS, "phone-kill");

        SignatureReceipt first = pay(sdk, bank, holder);
        Authorization.Allowed a = (Authorization.Allowed) sdk.transactions().authorize(holder.shield.number(), bank.transfer("1.00"), Authenticator.SHIELD);
        Sm2TwoPartyPhone.Round round = bank.twoParty.startRound();
        CollaborativeSm2.CoSignature c = sdk.transactions().coSign(a.id(), bank.proof(sdk, holder), round.q1());
        byte[] signature = bank.twoParty.finish(holder.share(), round, c.r(), c.s2(), c.s3());

        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.write(tmp, List.of(holder.shield.number().value(), a.id().value(), Base64.getEncoder().encodeToString(signature),
                first.record().id()), StandardCharsets.UTF_8);
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("READY");
        System.out.flush();
        while (true) {
            Authorization b = sdk.transactions().authorize(holder.shield.number(), bank.transfer("1.00"), Authenticator.SHIELD);
            if (b instanceof Authorization.Allowed allowed) {
                report(AUTHORIZED, allowed.id().value());
                sdk.transactions().cancel(allowed.id());
                report(CANCELLED, allowed.id().value());
            }
        }
    }

    /** Says on standard output that a call returned: its transaction is committed, and must outlive a kill. */
    private static void report(String what, String authorization) {
        System.out.println(what + authorization);
        System.out.flush();
    }

    private static SignatureReceipt pay(MobileShield sdk, FaultBank bank, FaultBank.CollaborativePhone holder) {
        Authorization.Allowed a = (Authorization.Allowed) sdk.transactions().authorize(holder.shield.number(), bank.transfer("1.00"), Authenticator.SHIELD);
        Sm2TwoPartyPhone.Round round = bank.twoParty.startRound();
        CollaborativeSm2.CoSignature c = sdk.transactions().coSign(a.id(), bank.proof(sdk, holder), round.q1());
        return sdk.transactions().complete(a.id(), bank.twoParty.finish(holder.share(), round, c.r(), c.s2(), c.s3()), Optional.empty());
    }

    /**
     * The store the node and the test open on the same data.
     *
     * @param kind  {@code h2} or {@code jdbc}
     * @param where the directory or the URL
     * @return the store
     */
    static Persistence open(String kind, String where) {
        if (kind.equals("h2")) {
            return JdbcPersistence.embeddedH2(Path.of(where));
        }
        return JdbcPersistence.migrateAndCreate(new UnpooledDataSource(where, "postgres", ""));
    }
}
