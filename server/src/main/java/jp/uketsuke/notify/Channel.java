package jp.uketsuke.notify;

/**
 * Speaks one {@link ChannelKind}'s protocol. The outbox calls it from its own threads, never from a call's: a channel
 * that is slow or down delays only its own deliveries. A channel sends exactly what the {@link Notice} holds and puts
 * neither the notice nor the receiver's response into logs or exceptions.
 */
public interface Channel {

    ChannelKind kind();

    /**
     * Checks a destination before it is saved: the address's form, the host against the installation's allow-list,
     * that it is HTTPS (or, for e-mail, an address), that a secret is there when the protocol needs one. Sends nothing.
     *
     * @throws InvalidDestination with a message fit to show the person entering it
     */
    void check(Destination destination) throws InvalidDestination;

    /**
     * Sends one notice. {@code idempotencyKey} is the same on every attempt of one delivery; the channel passes it
     * to receivers that honour one (a header, a message id).
     *
     * @throws DeliveryFailure when the receiver did not take it; says whether trying again may help
     */
    void send(Destination destination, Notice notice, String idempotencyKey) throws DeliveryFailure;
}
