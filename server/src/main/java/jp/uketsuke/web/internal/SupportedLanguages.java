package jp.uketsuke.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/** Only switches to a language we ship bundles for; anything else in {@code ?lang=} is ignored. */
final class SupportedLanguages implements HandlerInterceptor {

    static final Set<String> LANGUAGES = Set.of("ja", "en");

    private final LocaleChangeInterceptor change;

    SupportedLanguages(LocaleChangeInterceptor change) {
        this.change = change;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        String lang = request.getParameter(change.getParamName());
        return lang == null || !LANGUAGES.contains(lang) || change.preHandle(request, response, handler);
    }
}
