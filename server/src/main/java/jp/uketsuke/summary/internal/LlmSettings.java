package jp.uketsuke.summary.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import jp.uketsuke.speech.OnPremisesUrls;

/**
 * Where the optional LLM summariser is (an OpenAI-compatible server such as vLLM or llama.cpp's llama-server) and how
 * long it may take. Checked at start-up: a base URL whose host is not on the allow-list, that carries credentials, or
 * that is plain http to another machine stops the server with a message saying which setting to fix.
 *
 * @param allowedHosts host names (lower case) the base URL may name: the guard against a changed URL sending calls away
 */
record LlmSettings(URI baseUrl, Set<String> allowedHosts, String model, String apiKey, Duration timeout) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    LlmSettings {
        if (baseUrl == null || baseUrl.getScheme() == null || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("uketsuke.summary.llm.base-url must be a URL such as "
                    + "https://llm.example.internal:8000");
        }
        String scheme = baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (baseUrl.getRawUserInfo() != null || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("uketsuke.summary.llm.base-url must not carry credentials, a query or a "
                    + "fragment; put a key in uketsuke.summary.llm.api-key");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && OnPremisesUrls.isLoopback(baseUrl.getHost()))) {
            throw new IllegalArgumentException("uketsuke.summary.llm.base-url must be https (plain http only to this "
                    + "machine): what callers said must not cross the network unencrypted");
        }
        allowedHosts = allowedHosts == null ? Set.of() : allowedHosts.stream().map(String::strip)
                .filter(h -> !h.isEmpty()).map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        String host = baseUrl.getHost().toLowerCase(Locale.ROOT);
        if (!allowedHosts.contains(host)) {
            throw new IllegalArgumentException("uketsuke.summary.llm.base-url names host " + host + ", which is not in "
                    + "uketsuke.summary.llm.allowed-hosts " + allowedHosts + "; add it there if call text may go to it");
        }
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath().replaceAll("/+$", "").replaceAll("/v1$", "");
        baseUrl = URI.create(scheme + "://" + baseUrl.getRawAuthority() + path);
        model = model == null || model.isBlank() ? "default" : model.strip();
        if (!model.matches("[\\p{Alnum}._:/-]{1,200}")) {
            throw new IllegalArgumentException("uketsuke.summary.llm.model has characters a model name cannot have");
        }
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        if (apiKey != null && !apiKey.matches("[\\x21-\\x7e]{1,4096}")) {
            throw new IllegalArgumentException("uketsuke.summary.llm.api-key must be printable ASCII without spaces");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("uketsuke.summary.llm.timeout must be between 0 and 5 minutes");
        }
    }

    URI endpoint() {
        return URI.create(baseUrl + "/v1/chat/completions");
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "LlmSettings[baseUrl=" + baseUrl + ", allowedHosts=" + allowedHosts + ", model=" + model + ", apiKey="
                + (apiKey == null ? "none" : "(set)") + ", timeout=" + timeout + "]";
    }
}
