package jp.uketsuke.incidents;

/** One-click containment, each on one user account or one notification destination of the incident's tenant. */
public enum ContainmentMeasure {
    /** Disable the account and end its sessions; undone by enabling it again. */
    SUSPEND_USER(true),
    /**
     * End every console session of the account, which stays enabled. Nothing is there to undo (the user signs in
     * again); its undo only records that a second person judged the measure no longer needed.
     */
    END_SESSIONS(false),
    /** Stop a notification destination receiving (a mistyped address, a taken-over webhook); undone by enabling it. */
    DISABLE_DESTINATION(true);

    private final boolean restores;

    ContainmentMeasure(boolean restores) {
        this.restores = restores;
    }

    /** Whether undoing gives something back to the account. */
    public boolean restores() {
        return restores;
    }
}
