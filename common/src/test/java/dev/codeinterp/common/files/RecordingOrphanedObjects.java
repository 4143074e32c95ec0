package dev.codeinterp.common.files;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * An {@link OrphanedObjects} for writers' unit tests: nothing is ever orphaned; reservations and in-use marks are
 * appended to a call log shared with a {@link RecordingFileStore}, so a test can check that content is reserved
 * before it is stored.
 */
public final class RecordingOrphanedObjects implements OrphanedObjects {

    private final List<String> calls;

    public RecordingOrphanedObjects(List<String> calls) {
        this.calls = calls;
    }

    @Override
    public List<Orphan> claimDeletable(Instant orphanedBefore, Instant now, int limit) {
        return List.of();
    }

    @Override
    public void forget(String fileHash) {
    }

    @Override
    public void release(Orphan orphan) {
    }

    @Override
    public void markInUse(Collection<String> fileHashes, Instant until) {
        fileHashes.forEach(hash -> calls.add("in use " + hash + " until " + until));
    }

    @Override
    public void reserve(String fileHash, Instant until) {
        calls.add("reserve " + fileHash + " until " + until);
    }
}
