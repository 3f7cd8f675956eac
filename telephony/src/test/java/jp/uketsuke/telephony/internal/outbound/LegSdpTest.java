package jp.uketsuke.telephony.internal.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import jp.uketsuke.telephony.internal.sdp.MediaOffer;
import jp.uketsuke.telephony.internal.sdp.NegotiatedMedia;
import jp.uketsuke.telephony.internal.sdp.SdpOfferParser;
import org.junit.jupiter.api.Test;

class LegSdpTest {

    private static String answer(String media, String... attributes) {
        return "v=0\r\no=staff 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" + media + "\r\n"
                + String.join("", java.util.Arrays.stream(attributes).map(a -> a + "\r\n").toList());
    }

    @Test
    void offerListsEveryCodecOfOursAndEventsAndReadsBackAsAnOffer() throws Exception {
        MediaOffer parsed = SdpOfferParser.parse(LegSdp.offer("127.0.0.1", 30000, 42));
        assertThat(parsed.lines()).hasSize(1);
        assertThat(parsed.lines().getFirst().port()).isEqualTo(30000);
        assertThat(parsed.lines().getFirst().formats()).extracting(MediaOffer.Format::encoding)
                .containsExactly("G722", "PCMU", "PCMA", "TELEPHONE-EVENT");
    }

    @Test
    void theAnswersFirstCodecOfOursIsTakenNotOurPreference() {
        Optional<NegotiatedMedia> media = LegSdp.accept(answer("m=audio 4000 RTP/AVP 8 9 101",
                "a=rtpmap:8 PCMA/8000", "a=rtpmap:9 G722/8000", "a=rtpmap:101 telephone-event/8000"));
        assertThat(media).isPresent();
        assertThat(media.get().codec()).isEqualTo("PCMA");
        assertThat(media.get().eventPayloadType()).isEqualTo(101);
        assertThat(media.get().remote().getPort()).isEqualTo(4000);
    }

    @Test
    void anAnswerWithOnlyACodecWeDidNotOfferIsUnusable() {
        assertThat(LegSdp.accept(answer("m=audio 4000 RTP/AVP 3", "a=rtpmap:3 GSM/8000"))).isEmpty();
        // a known codec under a payload type we did not offer for it
        assertThat(LegSdp.accept(answer("m=audio 4000 RTP/AVP 96", "a=rtpmap:96 PCMU/8000"))).isEmpty();
    }

    @Test
    void refusedHeldOrUnreadableAnswersAreUnusable() {
        assertThat(LegSdp.accept(answer("m=audio 0 RTP/AVP 0"))).isEmpty();
        assertThat(LegSdp.accept(answer("m=audio 4000 RTP/AVP 0").replace("c=IN IP4 127.0.0.1", "c=IN IP4 0.0.0.0")))
                .isEmpty();
        assertThat(LegSdp.accept("this is not SDP")).isEmpty();
        assertThat(LegSdp.accept(answer("m=audio 4000 RTP/AVP 0").replace("127.0.0.1\r\nt=", "staff.example\r\nt=")))
                .as("host names are not resolved").isEmpty();
    }
}
