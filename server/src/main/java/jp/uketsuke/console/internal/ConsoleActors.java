package jp.uketsuke.console.internal;

/**
 * Actors of the operation log ("user:tanaka", "apikey:uk_3f9a", "system:summary", "anonymous") as people read them:
 * a kind, said by a message key, and a name. The raw actor stays at hand for filtering.
 */
final class ConsoleActors {

    private ConsoleActors() {
    }

    /** @param kindKey message key of the actor's kind, e.g. "ia.actor.user" */
    record Actor(String kindKey, String name, String raw) {
    }

    static Actor of(String actor) {
        if (actor == null || actor.isBlank()) {
            return new Actor("ia.actor.unknown", "", "");
        }
        int colon = actor.indexOf(':');
        String kind = colon < 0 ? actor : actor.substring(0, colon);
        String name = colon < 0 ? "" : actor.substring(colon + 1);
        return switch (kind) {
            case "user" -> new Actor("ia.actor.user", name, actor);
            case "apikey" -> new Actor("ia.actor.apikey", name, actor);
            case "system" -> new Actor("ia.actor.system", name, actor);
            case "anonymous" -> new Actor("ia.actor.anonymous", "", actor);
            case "sms" -> new Actor("ia.actor.provider", name, actor);
            default -> new Actor("ia.actor.other", actor, actor);
        };
    }

    /** A user's name alone, anything else as it is: for lists where every actor is a person. */
    static String readable(String actor) {
        return actor != null && actor.startsWith("user:") ? actor.substring(5) : actor;
    }
}
