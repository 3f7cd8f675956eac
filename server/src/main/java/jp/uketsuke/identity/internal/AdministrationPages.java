package jp.uketsuke.identity.internal;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * How the administration pages answer a {@link Refused} change: 404 with the usual not-found page, so that nothing
 * tells another tenant's id from one that does not exist; 400 and 403 with the reason.
 */
@ControllerAdvice(assignableTypes = {UsersController.class, RolesController.class, AssignmentsController.class,
        ApiKeysController.class})
class AdministrationPages {

    @ExceptionHandler(Refused.class)
    ModelAndView refused(Refused refused) {
        if (refused.status() == HttpStatus.NOT_FOUND) {
            return new ModelAndView("error/404", HttpStatus.NOT_FOUND);
        }
        ModelAndView page = new ModelAndView("refused", refused.status());
        page.addObject("reason", refused.reason());
        return page;
    }
}
