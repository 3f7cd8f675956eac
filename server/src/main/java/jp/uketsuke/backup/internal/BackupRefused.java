package jp.uketsuke.backup.internal;

/** A backup, restore or check that stopped with a reason the operator can act on; nothing was left half done. */
public final class BackupRefused extends RuntimeException {

    public BackupRefused(String message) {
        super(message);
    }

    public BackupRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
