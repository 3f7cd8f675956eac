/**
 * How staff work a call (F7): its status 未対応 → 対応中 → 対応済み, who has it, tags ({@link jp.uketsuke.handling.CallWork}),
 * structured notes ({@link jp.uketsuke.handling.CallNotes}) and callback tasks ({@link jp.uketsuke.handling.Callbacks}).
 * A module of its own beside {@code calls}: calls records what happened on the line, this what the team did about it,
 * and it builds on the summary module's {@link jp.uketsuke.summary.PurposeCategory}, which depends on calls. Every
 * change needs {@code calls:read} in the call's tenant, is audited and publishes {@link jp.uketsuke.handling.CallHandlingChanged}.
 */
package jp.uketsuke.handling;
