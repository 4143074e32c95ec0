/**
 * Domain failures, classified where they are raised (retryable or permanent) and free of HTTP: adapters throw them,
 * ports document them, and {@code web.ProblemDetailsAdvice} alone maps them to problem details.
 */
package dev.codeinterp.api.failure;
