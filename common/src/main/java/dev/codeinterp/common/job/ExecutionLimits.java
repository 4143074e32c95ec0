package dev.codeinterp.common.job;

import java.time.Duration;

/**
 * Limits of one run.
 *
 * @param timeout        wall time of the user program
 * @param maxOutputBytes bytes kept of stdout and of stderr, each
 */
public record ExecutionLimits(Duration timeout, int maxOutputBytes) {
}
