package jp.uketsuke.telephony.internal.sip;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's log, sent to SLF4J instead of log4j 1.x. Only warnings and errors pass, with digit
 * runs masked: the stack's messages may quote SIP headers, and those carry phone numbers.
 */
public final class StackLog implements StackLogger {

    private static final Logger log = LoggerFactory.getLogger("jp.uketsuke.telephony.sipstack");
    private static final int MAX_LENGTH = 200;

    /** Masks every run of 3+ digits; keeps short numbers like status codes readable. */
    static String redact(String text) {
        if (text == null) {
            return "";
        }
        String firstLine = text.lines().findFirst().orElse("");
        String cut = firstLine.length() > MAX_LENGTH ? firstLine.substring(0, MAX_LENGTH) + "…" : firstLine;
        return cut.replaceAll("\\d{4,}", "****");
    }

    @Override
    public void logStackTrace() {
    }

    @Override
    public void logStackTrace(int traceLevel) {
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        log.warn("SIP stack exception: {}", ex.getClass().getName());
    }

    @Override
    public void logDebug(String message) {
    }

    @Override
    public void logDebug(String message, Exception ex) {
    }

    @Override
    public void logTrace(String message) {
    }

    @Override
    public void logFatalError(String message) {
        log.error("SIP stack: {}", redact(message));
    }

    @Override
    public void logError(String message) {
        log.warn("SIP stack: {}", redact(message));
    }

    @Override
    public boolean isLoggingEnabled() {
        return log.isWarnEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        return logLevel > TRACE_NONE && logLevel <= TRACE_WARN && log.isWarnEnabled();
    }

    @Override
    public void logError(String message, Exception ex) {
        log.warn("SIP stack: {} ({})", redact(message), ex == null ? "" : ex.getClass().getName());
    }

    @Override
    public void logWarning(String message) {
        // the stack warns about its own configuration (TLS defaults) on every start: not actionable
        log.debug("SIP stack: {}", redact(message));
    }

    @Override
    public void logInfo(String message) {
    }

    @Override
    public void disableLogging() {
    }

    @Override
    public void enableLogging() {
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
    }

    @Override
    public String getLoggerName() {
        return log.getName();
    }
}
