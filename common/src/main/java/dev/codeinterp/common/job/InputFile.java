package dev.codeinterp.common.job;

/** A file copied into the sandbox before the run: its absolute path under /workspace and its content hash. */
public record InputFile(String path, String fileHash) {
}
