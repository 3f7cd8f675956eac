package jp.uketsuke.identity.internal;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import jp.uketsuke.identity.Permissions;

/** How a set of permissions is kept in one column (API keys, custom roles): sorted and comma-separated. */
final class PermissionList {

    private PermissionList() {
    }

    static String join(Set<String> permissions) {
        return String.join(",", new TreeSet<>(permissions));
    }

    /** Names that are no permission (any more) grant nothing and are dropped. */
    static Set<String> parse(String column) {
        if (column == null || column.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(column.split(",")).map(String::strip).filter(Permissions.ALL::contains)
                .collect(Collectors.toUnmodifiableSet());
    }
}
