package dev.codeinterp.worker.execution;

import dev.codeinterp.common.files.FileDeposit;
import dev.codeinterp.common.files.WorkspacePaths;
import dev.codeinterp.worker.sandbox.SandboxFailure;
import dev.codeinterp.worker.sandbox.agent.AgentReply.OutputEntry;
import dev.codeinterp.worker.sandbox.agent.OutputHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stores the files a job produced, content-addressed. The agent's word is not trusted: the path must be a valid
 * workspace path, the size within the limit, and the SHA-256 is recomputed here before anything is stored, so a
 * hostile sandbox cannot place content under another file's hash. Each file is then deposited (reserved and stored,
 * see {@link FileDeposit}); the job's grants come after all of them.
 */
final class OutputCollector implements OutputHandler {

    /** Files up to this size are hashed in memory; larger ones are spooled to a temporary file. */
    private static final int IN_MEMORY_LIMIT = 8 * 1024 * 1024;

    private final FileDeposit deposit;
    private final long maxFileBytes;
    private final Map<String, String> files = new LinkedHashMap<>();

    OutputCollector(FileDeposit deposit, long maxFileBytes) {
        this.deposit = deposit;
        this.maxFileBytes = maxFileBytes;
    }

    @Override
    public void accept(OutputEntry entry, InputStream content) throws IOException, SandboxFailure {
        if (entry.path() == null || WorkspacePaths.problemWith(entry.path()).isPresent()
                || files.containsKey(entry.path())) {
            throw new SandboxFailure("Agent reported an invalid output path");
        }
        if (entry.size() > maxFileBytes) {
            throw new SandboxFailure("Output " + entry.path() + " is larger than the file size limit");
        }
        MessageDigest sha256 = sha256();
        if (entry.size() <= IN_MEMORY_LIMIT) {
            byte[] bytes = new DigestInputStream(content, sha256).readAllBytes();
            String hash = verified(entry, sha256);
            deposit.store(hash, new ByteArrayInputStream(bytes), bytes.length);
            files.put(entry.path(), hash);
            return;
        }
        Path spool = Files.createTempFile("output-", ".bin");
        try {
            try (OutputStream out = Files.newOutputStream(spool)) {
                new DigestInputStream(content, sha256).transferTo(out);
            }
            String hash = verified(entry, sha256);
            try (InputStream in = Files.newInputStream(spool)) {
                deposit.store(hash, in, entry.size());
            }
            files.put(entry.path(), hash);
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    /** Output path → content hash, in the agent's order. */
    Map<String, String> files() {
        return files;
    }

    private static String verified(OutputEntry entry, MessageDigest sha256) throws SandboxFailure {
        String hash = HexFormat.of().formatHex(sha256.digest());
        if (!hash.equals(entry.sha256())) {
            throw new SandboxFailure("Agent reported a wrong hash for " + entry.path());
        }
        return hash;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
