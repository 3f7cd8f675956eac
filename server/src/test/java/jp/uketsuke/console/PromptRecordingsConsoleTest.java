package jp.uketsuke.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.testing.WavSamples;
import jp.uketsuke.voicebot.PromptRecordings;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The recorded prompts page: upload, list, delete; every bad upload answered on the page, nothing stored. */
class PromptRecordingsConsoleTest extends RunningServer {

    private static final Pattern UPLOAD_ACTION =
            Pattern.compile("<form action=\"([^\"]+)\" method=\"post\"\\s+enctype=\"multipart/form-data\"");
    private static final Pattern RECORDING_ID = Pattern.compile("<code>([0-9a-f-]{36})</code>");

    @Autowired
    PromptRecordings recordings;

    /** Sends the page's upload form as a browser does: its action, its CSRF token, a name and a file. */
    private static HttpResponse<String> upload(HttpsClient client, UUID tenant, String name, byte[] file) {
        String page = client.get(tenant == null ? "/flow/prompts" : "/flow/prompts?tenant=" + tenant).body();
        Matcher action = UPLOAD_ACTION.matcher(page);
        assertThat(action.find()).as(page).isTrue();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("_csrf", client.csrfToken(tenant == null ? "/flow/prompts" : "/flow/prompts?tenant=" + tenant));
        fields.put("name", name);
        return client.postMultipart(action.group(1).replace("&amp;", "&"), fields, "file", "prompt.wav", file);
    }

    @Test
    void anEditorUploadsARecordingSeesItListedAndDeletesIt() {
        UUID tenant = newTenant();
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        HttpResponse<String> empty = admin.get("/flow/prompts");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).contains("id=\"prompts-empty\"").contains("id=\"prompt-limits\"").contains("60")
                .contains("5 MB");

        HttpResponse<String> uploaded = upload(admin, tenant, "営業時間のご案内",
                WavSamples.pcm16(22_050, 2, WavSamples.tone(22_050, 800, 2500)));

        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(302);
        assertThat(uploaded.headers().firstValue("Location").orElse("")).contains("/flow/prompts?uploaded");
        String listed = admin.get("/flow/prompts?uploaded&tenant=" + tenant).body();
        assertThat(listed).contains("id=\"prompt-uploaded\"").contains("営業時間のご案内").contains("2.5");
        Matcher id = RECORDING_ID.matcher(listed);
        assertThat(id.find()).isTrue();
        assertThat(recordings.ids(tenant)).containsExactly(id.group(1));

        HttpResponse<String> deleted = admin.post("/flow/prompts/" + id.group(1) + "/delete?tenant=" + tenant,
                "/flow/prompts", Map.of());
        assertThat(deleted.statusCode()).isEqualTo(302);
        assertThat(admin.get("/flow/prompts").body()).doesNotContain("営業時間のご案内").contains("id=\"prompts-empty\"");
        assertThat(recordings.ids(tenant)).isEmpty();
    }

    @Test
    void anOversizedUploadIsAnsweredOnThePageAndNothingIsStored() {
        UUID tenant = newTenant();
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        byte[] justOver = WavSamples.pcm16(48_000, 2, new short[48_000 * 28]); // 5.1 MB
        byte[] farOver = new byte[20 * 1024 * 1024];

        for (byte[] file : new byte[][] {justOver, farOver}) {
            HttpResponse<String> refused = upload(admin, tenant, "big", file);

            assertThat(refused.statusCode()).isEqualTo(303);
            String back = refused.headers().firstValue("Location").orElseThrow();
            assertThat(back).isEqualTo("/flow/prompts?tooLarge&tenant=" + tenant);
            HttpResponse<String> page = admin.get(back);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("id=\"prompt-error\"").contains("5 MB")
                    .doesNotContain("Exception").doesNotContain("Whitelabel");
        }
        assertThat(recordings.ids(tenant)).isEmpty();
    }

    @Test
    void aFileThatIsNotAWavIsRefusedWithTheReasonAndNothingIsStored() {
        UUID tenant = newTenant();
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);

        HttpResponse<String> text = upload(admin, tenant, "memo",
                "営業時間は9時から18時です。<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> odd = upload(admin, tenant, "odd", WavSamples.wav(WavSamples.PCM, 1, 16_000, 3, 16,
                new byte[60]));
        HttpResponse<String> noFile = upload(admin, tenant, "none", new byte[0]);
        HttpResponse<String> badName = upload(admin, tenant, "bell\u0007",
                WavSamples.pcm16(16_000, 1, WavSamples.tone(16_000, 440, 300)));

        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(text.body()).contains("id=\"prompt-error\"").contains("RIFF/WAVE").doesNotContain("<script>");
        assertThat(odd.statusCode()).isEqualTo(400);
        assertThat(odd.body()).contains("id=\"prompt-error-detail\"").contains("block align");
        assertThat(noFile.statusCode()).isEqualTo(400);
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(recordings.ids(tenant)).isEmpty();
    }

    @Test
    void withoutFlowsEditOrATokenOrForAnotherTenantNothingIsUploaded() {
        UUID tenant = newTenant();
        HttpsClient member = signedIn(tenant);
        assertThat(member.get("/flow/prompts").statusCode()).isEqualTo(403);

        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        byte[] wav = WavSamples.pcm16(16_000, 1, WavSamples.tone(16_000, 440, 300));
        HttpResponse<String> noToken = admin.postMultipart("/flow/prompts?tenant=" + tenant, Map.of("name", "x"),
                "file", "x.wav", wav);
        assertThat(noToken.statusCode()).isEqualTo(403);

        HttpsClient stranger = client();
        adminWithMfa(newTenant(), stranger);
        assertThat(stranger.get("/flow/prompts?tenant=" + tenant).statusCode()).isEqualTo(404);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("_csrf", stranger.csrfToken("/flow/prompts"));
        fields.put("name", "planted");
        assertThat(stranger.postMultipart("/flow/prompts?tenant=" + tenant, fields, "file", "x.wav", wav).statusCode())
                .isEqualTo(404);
        assertThat(recordings.ids(tenant)).isEmpty();
    }
}
