package jp.uketsuke.summary.internal;

import jp.uketsuke.summary.Summary;
import jp.uketsuke.summary.SummaryMethod;

/** The summary every call gets, by rules alone: no model to download, nothing leaves the installation (F2). */
final class OfflineSummariser {

    Summary summarise(SummaryInput call) {
        String text = call.allText();
        return new Summary(PurposeRules.category(call.callerText(), call.purpose(), call.outcome()),
                CallerNames.find(text).orElse(null),
                CallbackNumbers.find(text).orElse(null),
                RequestedTimes.find(text, call.callDay()).orElse(null),
                PurposeRules.urgency(text),
                SummaryMethod.OFFLINE);
    }
}
