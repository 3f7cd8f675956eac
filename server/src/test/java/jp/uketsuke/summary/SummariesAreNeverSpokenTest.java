package jp.uketsuke.summary;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * S4: whatever an LLM writes into a summary can never reach a caller, because nothing that talks to callers can even
 * see a summary: the flow engine, the call wiring, telephony and speech do not depend on this module (only the
 * console and the API, which show it to staff, do).
 */
class SummariesAreNeverSpokenTest {

    @Test
    void nothingThatTalksToCallersDependsOnSummaries() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("jp.uketsuke");
        noClasses().that().resideInAnyPackage("jp.uketsuke.voicebot..", "jp.uketsuke.switchboard..",
                        "jp.uketsuke.telephony..", "jp.uketsuke.speech..", "jp.uketsuke.calls..")
                .should().dependOnClassesThat().resideInAPackage("jp.uketsuke.summary..")
                .because("a summary is made after the call and only shown to staff (S4)")
                .check(classes);
    }
}
