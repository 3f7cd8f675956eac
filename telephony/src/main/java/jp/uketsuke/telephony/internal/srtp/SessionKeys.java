package jp.uketsuke.telephony.internal.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP session keys of one master key (RFC 3711 section 4.3, key derivation rate 0) and the two
 * transforms built on them: AES counter mode (section 4.1.1) and the HMAC-SHA1 tag (section 4.2.1).
 * One instance belongs to one direction and is used by one thread at a time.
 */
final class SessionKeys implements AutoCloseable {

    /** Key derivation labels (RFC 3711 section 4.3.1). */
    static final int LABEL_ENCRYPTION = 0x00;
    static final int LABEL_AUTHENTICATION = 0x01;
    static final int LABEL_SALT = 0x02;

    private final byte[] encryptionKey;
    private final byte[] salt;
    private final byte[] authenticationKey;
    private final SecretKeySpec cipherKey;
    private final Cipher cipher;
    private final Mac mac;
    private final byte[] iv = new byte[16];

    SessionKeys(SrtpMasterKey master) {
        try {
            encryptionKey = derive(master.key(), master.salt(), LABEL_ENCRYPTION, master.suite().keyBytes());
            authenticationKey = derive(master.key(), master.salt(), LABEL_AUTHENTICATION, SrtpSuite.AUTH_KEY_BYTES);
            salt = derive(master.key(), master.salt(), LABEL_SALT, SrtpSuite.SALT_BYTES);
            cipherKey = new SecretKeySpec(encryptionKey, "AES");
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authenticationKey, "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES-CTR or HMAC-SHA1", e);
        }
    }

    /**
     * The AES-CM pseudo-random function of RFC 3711 section 4.3.3: the keystream under the master key
     * whose counter starts at (master salt XOR (label || r)) * 2^16, with r = 0 because we use no
     * key derivation rate.
     */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) throws GeneralSecurityException {
        byte[] counter = new byte[16];
        System.arraycopy(masterSalt, 0, counter, 0, SrtpSuite.SALT_BYTES);
        // key_id = label || 48-bit r is right-aligned in the 112-bit salt: the label lands on byte 7
        counter[7] ^= (byte) label;
        return keystream(masterKey, counter, length);
    }

    static byte[] keystream(byte[] key, byte[] counter, int length) throws GeneralSecurityException {
        Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counter));
        return aes.doFinal(new byte[length]);
    }

    /**
     * XORs {@code length} bytes at {@code offset} with the keystream of packet {@code index} of
     * {@code ssrc}: IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16). Encrypts and decrypts.
     */
    void crypt(byte[] data, int offset, int length, long ssrc, long index) {
        Arrays.fill(iv, (byte) 0);
        System.arraycopy(salt, 0, iv, 0, SrtpSuite.SALT_BYTES);
        for (int i = 0; i < 4; i++) {
            iv[4 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
        }
        for (int i = 0; i < 6; i++) {
            iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
        }
        try {
            cipher.init(Cipher.ENCRYPT_MODE, cipherKey, new IvParameterSpec(iv));
            cipher.doFinal(data, offset, length, data, offset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR failed", e);
        }
    }

    /** The 80-bit tag over the authenticated portion and the rollover counter (RFC 3711 section 4.2). */
    byte[] tag(byte[] data, int length, long rollover) {
        mac.update(data, 0, length);
        mac.update((byte) (rollover >>> 24));
        mac.update((byte) (rollover >>> 16));
        mac.update((byte) (rollover >>> 8));
        mac.update((byte) rollover);
        return Arrays.copyOf(mac.doFinal(), SrtpSuite.TAG_BYTES);
    }

    /**
     * Overwrites our copies of the session keys once the call is over. The JCE objects keep their own
     * copies until they are garbage; a packet still in flight on another thread is not disturbed.
     */
    @Override
    public void close() {
        Arrays.fill(encryptionKey, (byte) 0);
        Arrays.fill(authenticationKey, (byte) 0);
    }
}
