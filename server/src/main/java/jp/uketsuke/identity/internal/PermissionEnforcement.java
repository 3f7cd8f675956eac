package jp.uketsuke.identity.internal;

import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.CurrentViewer;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts {@link PermissionInterceptor} in front of every handler of the console and the API. */
@Configuration(proxyBeanMethods = false)
class PermissionEnforcement implements WebMvcConfigurer {

    private final CurrentViewer viewers;
    private final AuditLog audit;

    PermissionEnforcement(CurrentViewer viewers, AuditLog audit) {
        this.viewers = viewers;
        this.audit = audit;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new PermissionInterceptor(viewers, audit));
    }
}
