/**
 * What execute and the file endpoints share about a chat and its files: the chat id rule ({@link ChatIds}), how a
 * grant's limits look to clients ({@link FileMetadataView}), and how long grants last ({@link ExpiryPolicy},
 * {@link ExpiresIn}).
 */
package dev.codeinterp.api.chat;
