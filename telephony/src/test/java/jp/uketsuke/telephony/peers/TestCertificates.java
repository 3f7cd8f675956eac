package jp.uketsuke.telephony.peers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate for 127.0.0.1 and localhost (or other names), made by the JDK's own keytool, in the
 * forms operators hand us: a PKCS#12 file and PEM certificate + PKCS#8 key files.
 *
 * @param pkcs12       the key store
 * @param password     its password (and the key's)
 * @param certificate  PEM certificate
 * @param privateKey   PEM private key (PKCS#8)
 */
public record TestCertificates(Path pkcs12, char[] password, Path certificate, Path privateKey) {

    /** {@code keyAlgorithm} "EC" (P-256) or "RSA" (2048 bits). */
    public static TestCertificates create(String keyAlgorithm) throws IOException, InterruptedException {
        return create(keyAlgorithm, "localhost", "ip:127.0.0.1,dns:localhost");
    }

    /**
     * A self-signed certificate naming only what {@code subjectAlternativeNames} (keytool's form, e.g.
     * "dns:carrier.example") lists: for peers whose name must not match.
     */
    public static TestCertificates create(String keyAlgorithm, String commonName, String subjectAlternativeNames)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("sip-tls-");
        Path store = dir.resolve("server.p12");
        String password = "test-password";
        List<String> size = keyAlgorithm.equals("EC") ? List.of("-groupname", "secp256r1") : List.of("-keysize", "2048");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "sip", "-keyalg", keyAlgorithm));
        command.addAll(size);
        command.addAll(List.of("-dname", "CN=" + commonName, "-ext", "SAN=" + subjectAlternativeNames,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", password, "-keypass", password));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, password.toCharArray());
            PrivateKey key = (PrivateKey) keys.getKey("sip", password.toCharArray());
            Certificate certificate = keys.getCertificate("sip");
            Path certFile = dir.resolve("server.crt");
            Path keyFile = dir.resolve("server.key");
            Files.writeString(certFile, pem("CERTIFICATE", certificate.getEncoded()));
            Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
            return new TestCertificates(store, password.toCharArray(), certFile, keyFile);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
