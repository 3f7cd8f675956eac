package jp.uketsuke.notify.internal;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.uketsuke.notify.Channel;
import jp.uketsuke.notify.ChannelKind;

/** The channels this installation has, by kind: a kind without one is not offered and its destinations wait. */
final class Channels {

    private final Map<ChannelKind, Channel> byKind = new EnumMap<>(ChannelKind.class);

    Channels(Collection<Channel> channels) {
        for (Channel channel : channels) {
            if (byKind.putIfAbsent(channel.kind(), channel) != null) {
                throw new IllegalStateException("two channels speak " + channel.kind() + ": "
                        + byKind.get(channel.kind()).getClass().getName() + " and " + channel.getClass().getName());
            }
        }
    }

    Optional<Channel> of(ChannelKind kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    Set<ChannelKind> kinds() {
        return Set.copyOf(byKind.keySet());
    }
}
