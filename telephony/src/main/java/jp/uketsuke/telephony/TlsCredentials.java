package jp.uketsuke.telephony;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The certificate chain and private key SIP over TLS presents, loaded once from PEM files or a
 * PKCS#12 file and checked to belong together. Kept in memory only; never read from the JVM-wide
 * {@code javax.net.ssl.*} properties.
 */
public final class TlsCredentials {

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final Map<String, String> PROOF_SIGNATURES = Map.of(
            "EC", "SHA256withECDSA", "RSA", "SHA256withRSA", "Ed25519", "Ed25519", "Ed448", "Ed448",
            "EdDSA", "EdDSA");
    private static final int MAX_FILE_BYTES = 1 << 20;

    private final KeyStore keyStore;
    private final char[] keyPassword;
    private final X509Certificate certificate;

    private TlsCredentials(PrivateKey key, X509Certificate[] chain) throws GeneralSecurityException, IOException {
        keyPassword = new char[32];
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < keyPassword.length; i++) {
            keyPassword[i] = (char) ('a' + random.nextInt(26));
        }
        keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("sip", key, keyPassword, chain);
        certificate = chain[0];
    }

    /**
     * A PEM certificate chain (server certificate first) and its PEM private key (PKCS#8, "BEGIN PRIVATE
     * KEY", unencrypted, e.g. {@code openssl pkcs8 -topk8 -nocrypt}).
     *
     * @throws IOException when a file cannot be read or does not hold what it should; the message never
     *                     contains key material
     */
    public static TlsCredentials fromPem(Path certificateChain, Path privateKey) throws IOException {
        X509Certificate[] chain = certificates(read(certificateChain, "certificate"));
        String keyText = new String(read(privateKey, "private key"), StandardCharsets.US_ASCII);
        byte[] der = null;
        Matcher block = PEM_BLOCK.matcher(keyText);
        while (block.find()) {
            String type = block.group(1);
            if (type.equals("PRIVATE KEY")) {
                der = decode(block.group(2));
                break;
            }
            if (type.endsWith("PRIVATE KEY")) {
                throw new IOException("the private key is a \"" + type + "\"; give an unencrypted PKCS#8 key "
                        + "(\"BEGIN PRIVATE KEY\", e.g. openssl pkcs8 -topk8 -nocrypt -in key.pem)");
            }
        }
        if (der == null) {
            throw new IOException("no \"BEGIN PRIVATE KEY\" block in the private key file");
        }
        try {
            String algorithm = chain[0].getPublicKey().getAlgorithm();
            PrivateKey key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            return checked(key, chain);
        } catch (GeneralSecurityException e) {
            throw new IOException("the private key cannot be read as the certificate's key type ("
                    + e.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /** The first key entry of a PKCS#12 file with its certificate chain. */
    public static TlsCredentials fromPkcs12(Path file, char[] password) throws IOException {
        byte[] content = read(file, "PKCS#12 key store");
        KeyStore store;
        try (InputStream in = new ByteArrayInputStream(content)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (IOException e) {
            throw new IOException(e.getCause() instanceof UnrecoverableKeyException
                    ? "the PKCS#12 key store cannot be opened with the given password"
                    : "not a readable PKCS#12 key store");
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("not a readable PKCS#12 key store (" + e.getClass().getSimpleName() + ")");
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                Certificate[] chain = store.isKeyEntry(alias) ? store.getCertificateChain(alias) : null;
                if (chain != null && chain.length > 0 && store.getKey(alias, password) instanceof PrivateKey key) {
                    return checked(key, Arrays.copyOf(chain, chain.length, X509Certificate[].class));
                }
            }
        } catch (GeneralSecurityException | ArrayStoreException e) {
            throw new IOException("the PKCS#12 key store's key cannot be used (" + e.getClass().getSimpleName() + ")");
        }
        throw new IOException("the PKCS#12 key store holds no private key with a certificate");
    }

    /** The server certificate (first of the chain). */
    public X509Certificate certificate() {
        return certificate;
    }

    /** A TLS context presenting these credentials, for the TLS port (it never checks a peer's certificate). */
    SSLContext sslContext() throws GeneralSecurityException {
        return sslContext(null);
    }

    /**
     * A TLS context presenting these credentials (to a peer that asks for a client certificate) and checking the
     * peer's certificate with {@code trust}, for connections we open.
     */
    SSLContext sslContext(TrustManager[] trust) throws GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, keyPassword);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust, new SecureRandom());
        return context;
    }

    @Override
    public String toString() {
        return "TlsCredentials[" + certificate.getSubjectX500Principal().getName() + "]";
    }

    /** Proves the key belongs to the certificate by signing with one and verifying with the other. */
    private static TlsCredentials checked(PrivateKey key, X509Certificate[] chain) throws IOException {
        String algorithm = PROOF_SIGNATURES.get(key.getAlgorithm());
        try {
            if (algorithm != null) {
                byte[] challenge = new byte[32];
                new SecureRandom().nextBytes(challenge);
                Signature signer = Signature.getInstance(algorithm);
                signer.initSign(key);
                signer.update(challenge);
                Signature verifier = Signature.getInstance(algorithm);
                verifier.initVerify(chain[0].getPublicKey());
                verifier.update(challenge);
                if (!verifier.verify(signer.sign())) {
                    throw new IOException("the private key does not belong to the certificate");
                }
            }
            return new TlsCredentials(key, chain);
        } catch (GeneralSecurityException e) {
            throw new IOException("the private key does not belong to the certificate ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static X509Certificate[] certificates(byte[] pem) throws IOException {
        try {
            Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem));
            if (all.isEmpty()) {
                throw new IOException("no certificate in the certificate file");
            }
            return all.toArray(X509Certificate[]::new);
        } catch (GeneralSecurityException | ArrayStoreException e) {
            throw new IOException("the certificate file holds no readable X.509 certificate");
        }
    }

    private static byte[] decode(String base64) throws IOException {
        try {
            return Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IOException("the private key's PEM block is not valid base64");
        }
    }

    private static byte[] read(Path file, String what) throws IOException {
        Objects.requireNonNull(file, what);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IOException("the TLS " + what + " file " + file + " is missing or not readable");
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException("the TLS " + what + " file " + file + " is too large to be one");
        }
        return Files.readAllBytes(file);
    }
}
