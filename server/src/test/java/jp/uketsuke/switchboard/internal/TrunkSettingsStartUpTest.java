package jp.uketsuke.switchboard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jp.uketsuke.UketsukeApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A mistake in a trunk's media security stops the real application's start with the key to fix. */
class TrunkSettingsStartUpTest {

    @TempDir
    Path dataDir;

    @Test
    void anUnknownMediaSecurityStopsTheStartNamingTheKey() {
        // tls-trust mistakes take the same path (SipPeerPropertiesTest): one start is enough to prove it stops
        assertThatThrownBy(() -> start("--uketsuke.sip.trunks.carrier-a.media-security=ALWAYS"))
                .satisfies(failure -> assertThat(causes(failure)).anyMatch(message -> message.startsWith(
                        "uketsuke.sip.trunks.carrier-a.media-security must be REQUIRED, PREFERRED or OFF")));
    }

    private static List<String> causes(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return messages;
    }

    private void start(String... trunkSettings) {
        String[] args = new String[trunkSettings.length + 6];
        args[0] = "--uketsuke.data-dir=" + dataDir;
        args[1] = "--server.port=0";
        args[2] = "--uketsuke.sip.enabled=true";
        args[3] = "--uketsuke.sip.port=0";
        args[4] = "--uketsuke.sip.tls.port=0";
        args[5] = "--uketsuke.sip.trunks.carrier-a.address=127.0.0.1";
        System.arraycopy(trunkSettings, 0, args, 6, trunkSettings.length);
        new SpringApplicationBuilder(UketsukeApplication.class).run(args).close();
    }
}
