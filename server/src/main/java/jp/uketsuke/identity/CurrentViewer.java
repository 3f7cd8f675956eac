package jp.uketsuke.identity;

import jakarta.servlet.http.HttpServletRequest;

/** The {@link Viewer} behind an authenticated console or API request. */
public interface CurrentViewer {

    /** @throws IllegalStateException when the request is not authenticated */
    Viewer of(HttpServletRequest request);
}
