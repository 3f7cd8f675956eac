package jp.uketsuke.identity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission a console page or API endpoint needs, checked centrally before the handler runs: without it the
 * answer is 403. Every handler method carries exactly one of this, {@link Public} or {@link AnyAuthenticated}; one
 * without is refused (and fails the build's declaration test).
 *
 * <p>With {@code platformOnly} false the viewer must hold the permission somewhere; which tenant the request may
 * touch is then the service's check ({@link Viewer#may}), answering 404 for a tenant out of reach so that other
 * tenants' ids reveal nothing.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresPermission {

    /** One of {@link Permissions}. */
    String value();

    /** Platform administration, no tenant's data: only platform users holding the permission. */
    boolean platformOnly() default false;
}
