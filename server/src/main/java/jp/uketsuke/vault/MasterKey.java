package jp.uketsuke.vault;

import com.google.crypto.tink.Aead;

/**
 * The key that wraps every tenant's keyset. It lives apart from the database, so a copy of the database
 * alone opens nothing. The default is a keyset file; a KMS-held key is another implementation.
 */
public interface MasterKey {

    Aead aead();
}
