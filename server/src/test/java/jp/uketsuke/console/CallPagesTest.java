package jp.uketsuke.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import jp.uketsuke.voicebot.CallFacts;
import jp.uketsuke.voicebot.TextMessaging;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class CallPagesTest extends RunningServer {

    @Test
    void callListShowsTheTenantsCallsWithMaskedNumbers() {
        UUID tenant = newTenant();
        UUID id = call(tenant, "伝言をお願いします", "お電話ありがとうございます");
        HttpsClient c = signedIn(tenant);

        HttpResponse<String> page = c.get("/calls");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/calls/" + id).contains("090-****-5678").doesNotContain("09012345678")
                .contains("伝言を受付").contains("1:10");
    }

    @Test
    void callPageShowsTranscriptWithOffsetsAndAudio() {
        UUID tenant = newTenant();
        UUID id = call(tenant, "伝言をお願いします", "お電話ありがとうございます");
        HttpsClient c = signedIn(tenant);

        HttpResponse<String> page = c.get("/calls/" + id);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("伝言をお願いします").contains("お電話ありがとうございます")
                .contains("01:05").contains("00:01").contains("<audio").contains("/calls/" + id + "/recording.wav");
        assertThat(c.get("/calls/" + id + "?lang=en").body()).contains("Transcript").contains("Caller");
    }

    @Autowired
    TextMessaging texts;

    @Test
    void callPageListsTheCallsTextMessagesWithTheNumberMasked() {
        UUID tenant = newTenant();
        UUID id = call(tenant, "地図を送ってください", "お電話ありがとうございます");
        // no provider in this installation: the message is refused, and the call says so
        texts.send(new CallFacts(tenant, "09011112222", "0500000001", id), "09011112222", "地図です https://example.jp/map");
        HttpsClient c = signedIn(tenant);

        String page = c.get("/calls/" + id).body();

        assertThat(page).contains("id=\"call-texts\"").contains("090-****-2222").contains("送信せず")
                .contains("text messages are not configured").contains("地図です https://example.jp/map")
                .doesNotContain("09011112222");
        assertThat(c.get("/calls/" + id + "?lang=en").body()).contains("Text messages").contains("Not sent");
    }

    @Test
    void recordingIsServedAsWavWithLengthAndRanges() {
        UUID tenant = newTenant();
        UUID id = call(tenant, "hello", "hi");
        HttpsClient c = signedIn(tenant);

        HttpResponse<byte[]> whole = c.getBytes("/calls/" + id + "/recording.wav");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Content-Type")).contains("audio/wav");
        assertThat(whole.headers().firstValueAsLong("Content-Length")).hasValue(whole.body().length);
        byte[] wav = whole.body();
        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(wav, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WAVE");
        // 1 s of 8 kHz stereo 16-bit PCM after the header
        assertThat(wav.length).isGreaterThanOrEqualTo(44 + 8000 * 2 * 2);
        ByteBuffer pcm = ByteBuffer.wrap(wav, 44, wav.length - 44).order(ByteOrder.LITTLE_ENDIAN);
        int loudest = 0;
        while (pcm.remaining() >= 4) {
            loudest = Math.max(loudest, Math.abs(pcm.getShort()));
            pcm.getShort();
        }
        assertThat(loudest).isGreaterThan(7000);

        HttpResponse<byte[]> part = c.getBytes("/calls/" + id + "/recording.wav", "Range", "bytes=100-199");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes 100-199/" + wav.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(wav, 100, 200));

        HttpResponse<byte[]> beyond = c.getBytes("/calls/" + id + "/recording.wav", "Range", "bytes=" + wav.length + "-");
        assertThat(beyond.statusCode()).isEqualTo(416);
    }

    @Test
    void anotherTenantsCallIsNotFoundOnPageAndRecording() {
        UUID mine = newTenant();
        UUID theirs = newTenant();
        UUID theirCall = call(theirs, "their private message", "hello");
        HttpsClient c = signedIn(mine);

        HttpResponse<String> page = c.get("/calls/" + theirCall, "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("見つかりません").doesNotContain("their private message");

        HttpResponse<byte[]> recording = c.getBytes("/calls/" + theirCall + "/recording.wav");
        assertThat(recording.statusCode()).isEqualTo(404);
        assertThat(recording.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).doesNotContain("audio"));

        assertThat(c.get("/calls?tenant=" + theirs).statusCode()).isEqualTo(404);
        assertThat(c.get("/calls").body()).doesNotContain(theirCall.toString());
    }

    @Test
    void malformedAndUnknownIdsAreNotFound() {
        HttpsClient c = signedIn(newTenant());

        for (String id : new String[] {"nonsense", "1-1-1-1-1", UUID.randomUUID().toString(), "%20"}) {
            HttpResponse<String> page = c.get("/calls/" + id);
            assertThat(page.statusCode()).as(id).isIn(400, 404);
            assertThat(page.body()).as(id).doesNotContain("Exception");
            assertThat(c.get("/calls/" + id + "/recording.wav").statusCode()).as(id).isIn(400, 404);
        }
        assertThat(c.get("/calls?tenant=not-a-uuid").statusCode()).isEqualTo(404);
    }

    @Test
    void signedOutVisitorsAreSentToLogin() {
        HttpsClient c = client();
        UUID id = call(newTenant(), "hello", "hi");

        for (String path : new String[] {"/calls", "/calls/" + id, "/calls/" + id + "/recording.wav"}) {
            HttpResponse<String> response = c.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(302);
            assertThat(response.headers().firstValue("Location")).as(path).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        }
    }

    @Test
    void securityHeadersOnEveryResponse() {
        UUID tenant = newTenant();
        UUID id = call(tenant, "hello", "hi");
        HttpsClient c = signedIn(tenant);

        for (String path : new String[] {"/login", "/calls", "/calls/" + id, "/calls/" + UUID.randomUUID(), "/api/v1/calls"}) {
            var headers = (path.equals("/login") ? client().get(path) : c.get(path)).headers();
            assertThat(headers.firstValue("Strict-Transport-Security")).as(path).hasValueSatisfying(v -> assertThat(v).contains("max-age="));
            assertThat(headers.firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(v -> assertThat(v)
                    .contains("default-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline"));
            assertThat(headers.firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(headers.firstValue("Referrer-Policy")).as(path).contains("no-referrer");
            assertThat(headers.firstValue("X-Frame-Options")).as(path).contains("DENY");
            assertThat(headers.firstValue("Cache-Control")).as(path).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        }
        assertThat(c.getBytes("/calls/" + id + "/recording.wav").headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
    }

    @Test
    void pagesCarryNoInlineScriptOrStyle() {
        UUID tenant = newTenant();
        UUID id = call(tenant, "hello", "hi");
        HttpsClient c = signedIn(tenant);

        for (String path : new String[] {"/login", "/calls", "/calls/" + id, "/password"}) {
            String body = (path.equals("/login") ? client().get(path) : c.get(path)).body();
            // scripts only from files (the call list's live updates), which the CSP's script-src 'self' allows
            assertThat(body).as(path).doesNotContainPattern("<script(?![^>]*\\ssrc=)").doesNotContain("style=").doesNotContain("onclick");
        }
    }
}
