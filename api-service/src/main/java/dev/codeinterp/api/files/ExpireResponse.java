package dev.codeinterp.api.files;

/** The {@code /v1/expire} response body. */
record ExpireResponse(boolean success) {
}
