package jp.uketsuke.web.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import jp.uketsuke.config.UketsukeProperties;
import jp.uketsuke.web.ServerCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Serves the console and API over HTTPS only (S1): the operator's PEM certificate when configured, otherwise a
 * self-signed one made on first start. Runs after Boot's own customizer so that plain HTTP cannot be left on.
 */
@Component
class HttpsServer implements WebServerFactoryCustomizer<ConfigurableWebServerFactory>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(HttpsServer.class);

    private final String certificate;
    private final String privateKey;
    private final Path dataDir;
    private final Clock clock;
    private TlsCertificate.CertificateFiles files;

    HttpsServer(@Value("${uketsuke.tls.certificate:}") String certificate,
                @Value("${uketsuke.tls.private-key:}") String privateKey,
                UketsukeProperties properties, Clock clock) {
        this.certificate = certificate.strip();
        this.privateKey = privateKey.strip();
        this.dataDir = properties.dataDir();
        this.clock = clock;
    }

    @Override
    public void customize(ConfigurableWebServerFactory factory) {
        TlsCertificate.CertificateFiles chosen = configuredOrSelfSigned();
        Ssl ssl = new Ssl();
        ssl.setEnabled(true);
        ssl.setCertificate("file:" + chosen.certificate().toAbsolutePath());
        ssl.setCertificatePrivateKey("file:" + chosen.privateKey().toAbsolutePath());
        ssl.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        factory.setSsl(ssl);
    }

    /** The same files for HTTPS and for SIP over TLS (which uses them unless configured otherwise). */
    @Bean
    ServerCertificate serverCertificate() {
        TlsCertificate.CertificateFiles chosen = configuredOrSelfSigned();
        return new ServerCertificate(chosen.certificate(), chosen.privateKey());
    }

    synchronized TlsCertificate.CertificateFiles configuredOrSelfSigned() {
        if (files == null) {
            files = chooseFiles();
        }
        return files;
    }

    private TlsCertificate.CertificateFiles chooseFiles() {
        if (certificate.isEmpty() != privateKey.isEmpty()) {
            throw new IllegalStateException(
                    "set both uketsuke.tls.certificate and uketsuke.tls.private-key (UKETSUKE_TLS_CERT, UKETSUKE_TLS_KEY), or neither");
        }
        if (!certificate.isEmpty()) {
            Path cert = Path.of(certificate);
            Path key = Path.of(privateKey);
            if (!Files.isReadable(cert) || !Files.isReadable(key)) {
                throw new IllegalStateException("the configured TLS certificate or private key is not readable");
            }
            return new TlsCertificate.CertificateFiles(cert, key);
        }
        Path tlsDir = dataDir.resolve("tls");
        TlsCertificate.CertificateFiles selfSigned = TlsCertificate.selfSigned(tlsDir, clock);
        log.info("HTTPS with the self-signed certificate in {}", tlsDir.toAbsolutePath());
        return selfSigned;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
