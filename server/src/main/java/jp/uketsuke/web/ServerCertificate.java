package jp.uketsuke.web;

import java.nio.file.Path;

/**
 * The server's TLS certificate and private key as PEM files: the operator's ({@code uketsuke.tls.*}) or the
 * self-signed pair made on first start under {@code <data-dir>/tls}. HTTPS always presents it; SIP over TLS
 * does too unless {@code uketsuke.sip.tls.*} names another.
 */
public record ServerCertificate(Path certificate, Path privateKey) {
}
