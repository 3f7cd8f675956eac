package jp.uketsuke.telephony.internal.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OfferAnswerTest {

    private static String offer(String media, String... attributes) {
        return "v=0\r\no=alice 42 1 IN IP4 10.0.0.5\r\ns=-\r\nc=IN IP4 10.0.0.5\r\nt=0 0\r\n" + media + "\r\n"
                + String.join("", java.util.Arrays.stream(attributes).map(a -> a + "\r\n").toList());
    }

    @Test
    void g722IsPreferredAndTheCallersEventTypeIsKept() throws Exception {
        MediaOffer offer = SdpOfferParser.parse(offer("m=audio 4000 RTP/AVP 0 8 9 96",
                "a=rtpmap:96 telephone-event/8000", "a=rtpmap:9 G722/8000"));
        NegotiatedMedia media = OfferAnswer.negotiate(offer).orElseThrow();
        assertThat(media.codec()).isEqualTo("G722");
        assertThat(media.eventPayloadType()).isEqualTo(96);
        assertThat(media.remote().getAddress().getHostAddress()).isEqualTo("10.0.0.5");
        assertThat(media.remote().getPort()).isEqualTo(4000);
        String answer = OfferAnswer.answer(offer, media, "192.0.2.1", 20000, 1);
        assertThat(answer).contains("c=IN IP4 192.0.2.1", "m=audio 20000 RTP/AVP 9 96", "a=rtpmap:9 G722/8000",
                "a=rtpmap:96 telephone-event/8000", "a=ptime:20");
    }

    @Test
    void pcmuBeatsPcmaAndStaticTypesNeedNoRtpmap() throws Exception {
        NegotiatedMedia media = OfferAnswer.negotiate(SdpOfferParser.parse(offer("m=audio 4000 RTP/AVP 8 0")))
                .orElseThrow();
        assertThat(media.codec()).isEqualTo("PCMU");
        assertThat(media.eventPayloadType()).isEqualTo(-1);
    }

    @Test
    void noCommonCodecNegotiatesNothing() throws Exception {
        assertThat(OfferAnswer.negotiate(SdpOfferParser.parse(offer("m=audio 4000 RTP/AVP 18",
                "a=rtpmap:18 G729/8000")))).isEmpty();
        assertThat(OfferAnswer.negotiate(SdpOfferParser.parse(offer("m=audio 0 RTP/AVP 0")))).as("port 0").isEmpty();
    }

    @Test
    void videoLinesAreRefusedInTheAnswerWithPortZero() throws Exception {
        MediaOffer offer = SdpOfferParser.parse(offer("m=video 5000 RTP/AVP 96\r\nm=audio 4000 RTP/AVP 0"));
        NegotiatedMedia media = OfferAnswer.negotiate(offer).orElseThrow();
        assertThat(media.lineIndex()).isEqualTo(1);
        assertThat(OfferAnswer.answer(offer, media, "192.0.2.1", 20000, 1))
                .contains("m=video 0 RTP/AVP 96", "m=audio 20000 RTP/AVP 0");
    }

    @Test
    void brokenOffersAreRejected() {
        assertThatThrownBy(() -> SdpOfferParser.parse("")).isInstanceOf(SdpOfferParser.InvalidOfferException.class);
        assertThatThrownBy(() -> SdpOfferParser.parse("garbage\r\n\u0000\u0001"))
                .isInstanceOf(SdpOfferParser.InvalidOfferException.class);
        assertThatThrownBy(() -> SdpOfferParser.parse(offer("m=audio 4000 RTP/AVP 300")))
                .isInstanceOf(SdpOfferParser.InvalidOfferException.class);
        assertThatThrownBy(() -> SdpOfferParser.parse(offer("m=audio 99999 RTP/AVP 0")))
                .isInstanceOf(SdpOfferParser.InvalidOfferException.class);
        assertThatThrownBy(() -> SdpOfferParser.parse(offer("m=audio 4000 RTP/AVP 0").replace("c=IN IP4 10.0.0.5",
                "c=IN IP4 attacker.example"))).isInstanceOf(SdpOfferParser.InvalidOfferException.class);
    }
}
