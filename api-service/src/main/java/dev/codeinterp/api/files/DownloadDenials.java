package dev.codeinterp.api.files;

/** Port: told each refused download, with why (never told to the client: every refusal is the same 404). */
@FunctionalInterface
public interface DownloadDenials {

    DownloadDenials NONE = reason -> { };

    void denied(Reason reason);

    /** Why a download was refused. */
    enum Reason {
        /** The chat holds no usable grant: unknown, another chat's, used up or expired (the ledger keeps no trace). */
        NO_GRANT,
        /** The grant is fine but storage holds no such object. */
        NOT_STORED
    }
}
