package jp.uketsuke.web;

import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.identity.AnyAuthenticated;
import jp.uketsuke.identity.Public;
import jp.uketsuke.identity.RequiresPermission;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every console page and API endpoint the running application maps, read from Spring's handler mapping, with what its
 * handler declares: the list the authorisation tests walk, so that a new endpoint is in them the moment it exists.
 */
public final class Endpoints {

    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");

    private Endpoints() {
    }

    /**
     * One route: a method and a path pattern.
     *
     * @param tenantParameter the handler takes a {@code tenant} request parameter
     */
    public record Endpoint(String method, String pattern, HandlerMethod handler, boolean tenantParameter) {

        /** The request names a tenant or one of a tenant's objects: a {@code tenant} parameter or a path variable. */
        public boolean tenantBound() {
            return tenantParameter || pattern.contains("{");
        }

        public boolean api() {
            return pattern.startsWith("/api/");
        }

        public boolean isPublic() {
            return handler.hasMethodAnnotation(Public.class);
        }

        public boolean anyAuthenticated() {
            return handler.hasMethodAnnotation(AnyAuthenticated.class);
        }

        public Optional<RequiresPermission> required() {
            return Optional.ofNullable(handler.getMethodAnnotation(RequiresPermission.class));
        }

        /** How many declarations the handler carries: exactly one is right. */
        public int declarations() {
            return (isPublic() ? 1 : 0) + (anyAuthenticated() ? 1 : 0) + (required().isPresent() ? 1 : 0);
        }

        public List<String> pathVariables() {
            Matcher m = VARIABLE.matcher(pattern);
            List<String> names = new ArrayList<>();
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }

        /** The pattern with its variables filled in. */
        public String path(Map<String, String> values) {
            Matcher m = VARIABLE.matcher(pattern);
            StringBuilder path = new StringBuilder();
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) {
                    throw new AssertionError("no value for {" + m.group(1) + "} of " + this);
                }
                m.appendReplacement(path, Matcher.quoteReplacement(value));
            }
            m.appendTail(path);
            return path.toString();
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    /** Our endpoints, one per method and pattern, in a stable order; the framework's error page is left out. */
    public static List<Endpoint> of(RequestMappingHandlerMapping mapping) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
            if (frameworkErrorPage(e.getValue())) {
                continue;
            }
            List<String> methods = e.getKey().getMethodsCondition().getMethods().stream().map(RequestMethod::name).toList();
            for (String pattern : e.getKey().getPatternValues()) {
                for (String method : methods.isEmpty() ? List.of("GET") : methods) {
                    endpoints.add(new Endpoint(method, pattern, e.getValue(), takesTenant(e.getValue())));
                }
            }
        }
        endpoints.sort(Comparator.comparing(Endpoint::pattern).thenComparing(Endpoint::method));
        return endpoints;
    }

    /** Spring Boot's own /error handler, the one handler that cannot carry our annotations. */
    public static boolean frameworkErrorPage(HandlerMethod handler) {
        return ErrorController.class.isAssignableFrom(handler.getBeanType());
    }

    private static boolean takesTenant(HandlerMethod handler) {
        for (Parameter p : handler.getMethod().getParameters()) {
            RequestParam param = p.getAnnotation(RequestParam.class);
            if (param == null) {
                continue;
            }
            String name = !param.name().isEmpty() ? param.name() : !param.value().isEmpty() ? param.value() : p.getName();
            if ("tenant".equals(name)) {
                return true;
            }
        }
        return false;
    }
}
