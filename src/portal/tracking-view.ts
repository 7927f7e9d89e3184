import { maskTail4 } from '../domain/citizen/citizen-id.js';
import { maskFullName } from '../domain/citizen/personal-data.js';
import { timelinessOf } from '../domain/dossier/timeliness.js';
import { formatLocalInstant, type LocalDate } from '../domain/time/local-time.js';
import type { DossierContext } from './dossier-context.js';
import type { TrackedDossierView } from './tracking-page.html.js';
import { formatDate, formatDateTime } from '../domain/text/vietnamese-format.js';
import { CHANNEL_LABELS, eventLabel, OUTCOME_LABELS, STATUS_LABELS, TIMELINESS_LABELS } from '../domain/text/vietnamese-labels.js';

/**
 * What the public page may show: the same as `trackDossier` gives an anonymous caller (applicant
 * masked, no staff ids), in words.
 */
export function trackedDossierView(ctx: DossierContext, today: LocalDate): TrackedDossierView {
  const d = ctx.dossier;
  return {
    code: d.code,
    procedureName: ctx.procedure.name,
    unitName: ctx.unit.name,
    applicantName: maskFullName(d.applicantFullName),
    citizenIdMasked: maskTail4(d.applicantCitizenId),
    channel: CHANNEL_LABELS[d.channel],
    status: STATUS_LABELS[d.status],
    timeliness: TIMELINESS_LABELS[timelinessOf(d, today)],
    outcome: d.outcome ? OUTCOME_LABELS[d.outcome] : null,
    submittedAt: d.submittedAt ? formatDateTime(d.submittedAt) : null,
    receivedAt: d.receivedAt ? formatDateTime(d.receivedAt) : null,
    dueDate: d.dueDate ? formatDate(d.dueDate) : null,
    extendedDueDate: d.extendedDueDate ? formatDate(d.extendedDueDate) : null,
    history: ctx.history.map((e) => ({
      at: formatDateTime(e.at),
      atIso: formatLocalInstant(e.at),
      event: eventLabel(e.action, e.toStatus),
      status: STATUS_LABELS[e.toStatus],
      note: e.note,
    })),
  };
}
