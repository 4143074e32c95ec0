package dev.codeinterp.common.infra.redis;

import dev.codeinterp.common.files.GrantKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Key names of the file ledger ({@link RedisGrantLedger}, {@link RedisOrphanedObjects}) and the exact key lists their
 * scripts declare. Every key carries the hash tag {@value #TAG}, so all of them live in one Redis Cluster slot.
 *
 * <p>That is deliberate. The ledger's invariant spans unrelated entities in one atomic step: a grant change updates
 * the grant, the content's holders ({@code refs}), the global expiry index and the global orphan set, and a claim
 * checks a hash's holders, in-use mark and claim together. Splitting by chat or by hash would turn each of those
 * into a cross-slot protocol where a crash between steps can delete content a grant still points at. The data per
 * entry is small (a few dozen bytes), so one slot holds millions of grants; sharding the indexes by content hash
 * (16 tags, with the sweeps merging shards oldest-first) is the way out if that slot ever gets too hot.
 */
public final class FileKeys {

    static final String TAG = "{files}";
    static final String EXPIRY_INDEX = TAG + ":grants:expiry";
    static final String ORPHANS = TAG + ":objects:orphaned";
    static final String IN_USE = TAG + ":objects:in-use";
    static final String DELETING = TAG + ":objects:deleting";

    private FileKeys() {
    }

    /** The hash of one chat's grants of one content: field = filename. */
    public static String grant(String chatId, String fileHash) {
        return TAG + ":grant:" + chatId + ":" + fileHash;
    }

    /** The set of {@code chat\0filename} holding one content. */
    public static String refs(String fileHash) {
        return TAG + ":refs:" + fileHash;
    }

    /** The sorted set of content hashes without any grant, by when they lost their last one. */
    public static String orphans() {
        return ORPHANS;
    }

    /**
     * Register, expire or consume a download of one grant (the last download drops the grant): expiry index,
     * orphans, the grant, its content's holders.
     */
    static List<String> forGrantChange(GrantKey key) {
        return List.of(EXPIRY_INDEX, ORPHANS, grant(key.chatId(), key.fileHash()), refs(key.fileHash()));
    }

    /** Remove due grants: expiry index, orphans, then each grant and its content's holders. */
    static List<String> forRemoveExpired(Collection<GrantKey> due) {
        List<String> keys = new ArrayList<>(List.of(EXPIRY_INDEX, ORPHANS));
        for (GrantKey key : due) {
            keys.add(grant(key.chatId(), key.fileHash()));
            keys.add(refs(key.fileHash()));
        }
        return keys;
    }

    /** Claim deletable content: orphans, in use, deleting, then each candidate's holders. */
    static List<String> forClaim(Collection<String> fileHashes) {
        List<String> keys = new ArrayList<>(List.of(ORPHANS, IN_USE, DELETING));
        fileHashes.forEach(hash -> keys.add(refs(hash)));
        return keys;
    }

    /** Release a claim: orphans, deleting, the content's holders. */
    static List<String> forRelease(String fileHash) {
        return List.of(ORPHANS, DELETING, refs(fileHash));
    }

    /** Reserve content for a writer: orphans, in use, deleting, the content's holders. */
    static List<String> forReserve(String fileHash) {
        return List.of(ORPHANS, IN_USE, DELETING, refs(fileHash));
    }

    /** Mark content in use: the in-use set. */
    static List<String> forMarkInUse() {
        return List.of(IN_USE);
    }
}
