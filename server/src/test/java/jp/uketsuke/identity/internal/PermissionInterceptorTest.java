package jp.uketsuke.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jp.uketsuke.identity.AnyAuthenticated;
import jp.uketsuke.identity.Public;
import jp.uketsuke.identity.RequiresPermission;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.method.HandlerMethod;

/** A handler that forgets its declaration, or carries two, is refused before anything else is looked at. */
class PermissionInterceptorTest {

    /** Handlers as a careless controller might write them. */
    static final class Handlers {

        void undeclared() {
        }

        @Public
        @RequiresPermission("calls:read")
        void declaredTwice() {
        }

        @Public
        void open() {
        }

        @AnyAuthenticated
        void signedIn() {
        }
    }

    // no viewer source and no audit log: refusing an undeclared handler must need neither
    private final PermissionInterceptor interceptor = new PermissionInterceptor(null, null);

    @Test
    void undeclaredOrDoublyDeclaredHandlersAreRefused() {
        for (String name : new String[] {"undeclared", "declaredTwice"}) {
            assertThatThrownBy(() -> interceptor.preHandle(new MockHttpServletRequest("GET", "/x"),
                    new MockHttpServletResponse(), handler(name)))
                    .as(name).isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void aPublicHandlerIsLetThroughWithoutAnyoneSignedIn() {
        assertThat(interceptor.preHandle(new MockHttpServletRequest("GET", "/x"), new MockHttpServletResponse(),
                handler("open"))).isTrue();
        assertThatThrownBy(() -> interceptor.preHandle(new MockHttpServletRequest("GET", "/x"),
                new MockHttpServletResponse(), handler("signedIn")))
                .isInstanceOf(AuthenticationException.class);
    }

    private static HandlerMethod handler(String name) {
        return new HandlerMethod(new Handlers(), ReflectionUtils.findMethod(Handlers.class, name));
    }
}
