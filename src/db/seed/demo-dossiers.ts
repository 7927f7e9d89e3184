import { statutoryDeadline } from '../../domain/calendar/deadline.js';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.js';
import { Channel, DossierAction as A, Outcome } from '../../domain/vocabulary/dossier-enums.js';
import type { ImportDossierInput, ImportedActionInput } from '../../domain/dossier/dossier-import.service.js';
import { OnlineLevel } from '../../domain/procedure/procedure-enums.js';
import { wholeWorkingDaysOf, type ProcessingTime } from '../../domain/procedure/processing-time.js';
import { addDays, localDateOf, type LocalDate } from '../../domain/time/local-time.js';
import { demoFormData } from './demo-form-data.js';
import { BIRTH_PROVINCES, FAMILY, GIVEN, MIDDLE, prng } from './demo-people.js';

/**
 * Deterministic demo dossiers: filed over the last 90 days at the demo units, taken through
 * realistic lifecycles (supplements, payments, suspensions, extensions, early, on-time and late
 * results, withdrawals, refusals) so that every status and every timeliness appears. They are
 * imported through the same state machine and calendar as live actions.
 */
export interface DemoProcedure {
  code: string;
  processingTime: ProcessingTime;
  onlineLevel: OnlineLevel;
  feeVnd: number;
}

function atLocal(date: LocalDate, minutes: number): Date {
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return new Date(`${date}T${hh}:${mm}:00+07:00`);
}

const HOUR = 3600 * 1000;

export function generateDemoDossiers(options: {
  now: Date;
  count: number;
  seed: number;
  unitCodes: string[];
  procedures: DemoProcedure[];
  calendar: WorkingCalendar;
}): ImportDossierInput[] {
  const random = prng(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const today = localDateOf(options.now);
  const { calendar } = options;
  const dossiers: ImportDossierInput[] = [];

  for (let i = 0; i < options.count; i++) {
    const procedure = pick(options.procedures);
    let day = addDays(today, -Math.floor(random() * 90));
    const online = procedure.onlineLevel !== OnlineLevel.NONE && chance(0.6);
    const channel = online ? Channel.ONLINE : chance(0.1) ? Channel.POSTAL : Channel.IN_PERSON;
    // Centers receive on working days; online filings arrive any day and hour.
    if (!online && !calendar.isWorkingDay(day)) day = calendar.nextWorkingDay(day);
    const minutes = online ? Math.floor(random() * 24 * 60) : 7 * 60 + 30 + Math.floor(random() * 10 * 60);
    const filedAt = atLocal(day, minutes);
    if (filedAt > options.now) continue;

    const history: ImportedActionInput[] = [];
    let cursor = filedAt;
    const step = (action: A, at: Date, extra: Partial<ImportedActionInput> = {}): boolean => {
      const when = at > cursor ? at : new Date(cursor.getTime() + 10 * 60 * 1000);
      if (when > options.now) return false;
      history.push({ action, at: when, ...extra });
      cursor = when;
      return true;
    };
    const later = (hoursMin: number, hoursMax: number) => new Date(cursor.getTime() + (hoursMin + random() * (hoursMax - hoursMin)) * HOUR);

    const plan = random();
    let receivedAt = filedAt;
    if (online) {
      if (plan < 0.05) {
        step(A.REFUSE, later(1, 30), { note: 'Hồ sơ không đúng thành phần theo quy định' });
        dossiers.push(dossierOf(i, procedure, options.unitCodes, channel, filedAt, history, pick, random));
        continue;
      }
      // Filings of the last two days are often not examined yet: the officer desk has some waiting.
      const waiting = options.now.getTime() - filedAt.getTime() < 48 * HOUR && chance(0.5);
      if (waiting || !step(A.ACCEPT, later(0.5, 20))) {
        dossiers.push(dossierOf(i, procedure, options.unitCodes, channel, filedAt, history, pick, random));
        continue;
      }
      receivedAt = cursor;
    }
    const due = statutoryDeadline(receivedAt, procedure.processingTime, calendar).dueDate;
    const processingDays = wholeWorkingDaysOf(procedure.processingTime);

    const lifecycle = (): void => {
      if (plan > 0.95) {
        step(A.WITHDRAW, later(2, 48), { note: 'Công dân rút hồ sơ' });
        return;
      }
      if (processingDays > 0 && !step(A.START_PROCESSING, later(0.5, 4))) return;
      if (chance(0.12)) {
        if (!step(A.REQUEST_SUPPLEMENT, later(3, 30), { note: 'Đề nghị bổ sung giấy tờ' })) return;
        if (plan > 0.9 || !step(A.SUBMIT_SUPPLEMENT, later(24, 120))) return;
      }
      if (procedure.feeVnd > 0 && processingDays > 0 && chance(0.3)) {
        if (!step(A.REQUEST_PAYMENT, later(1, 6))) return;
        if (chance(0.2)) return; // the fee is not paid yet
        if (!step(A.CONFIRM_PAYMENT, later(1, 30))) return;
      }
      if (processingDays > 2 && chance(0.08)) {
        if (!step(A.SUSPEND, later(2, 24), { note: 'Chờ xác minh của cơ quan liên quan' })) return;
        if (chance(0.3)) return; // still waiting for the other agency
        if (!step(A.RESUME, later(24, 72))) return;
      }
      const late = chance(0.12);
      // An apology comes on the statutory due date; after a pause that date has moved, so only unpaused ones.
      if (late && chance(0.5) && !history.some((h) => h.action === A.REQUEST_SUPPLEMENT || h.action === A.REQUEST_PAYMENT || h.action === A.SUSPEND)) {
        const apology = atLocal(due, 9 * 60);
        if (!step(A.EXTEND_DEADLINE, apology, { newDueDate: calendar.addWorkingDays(due, 3), note: 'Xin lỗi, hẹn lại ngày trả kết quả' })) return;
      }
      // Resolution time: mostly before or on the due date, some after it.
      const target = late
        ? atLocal(calendar.addWorkingDays(due, 1 + Math.floor(random() * 4)), 9 * 60 + Math.floor(random() * 7 * 60))
        : processingDays === 0
          ? new Date(receivedAt.getTime() + (0.3 + random() * 2) * HOUR)
          : new Date(cursor.getTime() + random() * Math.max(HOUR, atLocal(due, 16 * 60).getTime() - cursor.getTime()));
      if (plan > 0.8 && plan <= 0.85) return; // still being processed
      if (!step(A.RESOLVE, target, { outcome: chance(0.93) ? Outcome.APPROVED : Outcome.DENIED })) return;
      if (plan > 0.72 && plan <= 0.8) return; // resolved, result not yet handed over
      step(A.RETURN_RESULT, later(0.5, 72));
    };
    lifecycle();
    dossiers.push(dossierOf(i, procedure, options.unitCodes, channel, filedAt, history, pick, random));
  }
  return dossiers;
}

function dossierOf(
  index: number,
  procedure: DemoProcedure,
  unitCodes: string[],
  channel: Channel,
  filedAt: Date,
  history: ImportedActionInput[],
  pick: <T>(items: readonly T[]) => T,
  random: () => number,
): ImportDossierInput {
  const bornIn = 1945 + Math.floor(random() * 62);
  const centuryDigit = (bornIn >= 2000 ? 2 : 0) + (random() < 0.5 ? 0 : 1);
  const citizenId = `${pick(BIRTH_PROVINCES)}${centuryDigit}${String(bornIn % 100).padStart(2, '0')}${String(index * 7919 % 1_000_000).padStart(6, '0')}`;
  // The id's fourth digit is odd for a woman: "Văn" and "Thị" follow it, so that the forms agree.
  const drawn = pick(MIDDLE);
  const middle = centuryDigit % 2 === 1 && drawn === 'Văn' ? 'Thị' : centuryDigit % 2 === 0 && drawn === 'Thị' ? 'Văn' : drawn;
  const applicant = {
    fullName: `${pick(FAMILY)} ${middle} ${pick(GIVEN)}`,
    citizenId,
    phone: `09${String(10_000_000 + Math.floor(random() * 89_999_999))}`,
  };
  // Form data draws from its own sequence, so that the dossiers themselves stay as they were.
  const formData = demoFormData(procedure.code, applicant, filedAt, prng(Math.imul(index + 1, 2654435761)));
  return {
    procedureCode: procedure.code,
    // Communes receive most dossiers; the provincial center (first code) fewer.
    unitCode: random() < 0.12 ? unitCodes[0]! : pick(unitCodes.slice(1)),
    channel,
    applicant,
    ...(formData ? { formData } : {}),
    ...(channel === Channel.ONLINE ? { submittedAt: filedAt } : { receivedAt: filedAt }),
    history,
  };
}
