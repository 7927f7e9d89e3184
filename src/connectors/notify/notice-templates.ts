import { NoticeKind } from './notice-kind.js';

/**
 * The texts sent to applicants, all in this one module so that a center reviews them in one place.
 * A deployment replaces any of them with CONNECTOR_NOTIFY_TEMPLATE_<KIND> (docs/notifications.md);
 * a replacement is checked at start, and a wrong one stops the connector with a message naming the
 * variable instead of sending broken texts.
 *
 * The texts name no person (no name, no citizen id): a message may be read by someone else holding
 * the phone, and the gateway is a third party. The tracking link asks for the id's last digits.
 */

/** What a template may contain, as `{name}`. */
export const PLACEHOLDERS = ['code', 'procedure', 'unit', 'dueDate', 'newDueDate', 'trackingUrl'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type NoticeValues = Partial<Record<Placeholder, string>>;

export const DEFAULT_TEMPLATES: Readonly<Record<NoticeKind, string>> = {
  [NoticeKind.DOSSIER_RECEIVED]:
    '{unit} đã tiếp nhận hồ sơ {code} ({procedure}). Ngày hẹn trả kết quả: {dueDate}. Tra cứu: {trackingUrl}',
  [NoticeKind.SUPPLEMENT_REQUESTED]:
    'Hồ sơ {code} ({procedure}) cần bổ sung giấy tờ. Đề nghị Ông/Bà liên hệ {unit} để được hướng dẫn. Tra cứu: {trackingUrl}',
  [NoticeKind.DEADLINE_EXTENDED]:
    '{unit} xin lỗi Ông/Bà: hồ sơ {code} ({procedure}) không thể trả kết quả đúng hẹn ngày {dueDate}. '
    + 'Ngày hẹn trả kết quả mới: {newDueDate}. Tra cứu: {trackingUrl}',
  [NoticeKind.RESULT_READY]:
    'Hồ sơ {code} ({procedure}) đã có kết quả. Mời Ông/Bà đến {unit} nhận kết quả. Tra cứu: {trackingUrl}',
};

/** {newDueDate} exists only for the apology; every other value exists for every kind. */
const ALLOWED: Readonly<Record<NoticeKind, ReadonlySet<Placeholder>>> = {
  [NoticeKind.DOSSIER_RECEIVED]: new Set(PLACEHOLDERS.filter((p) => p !== 'newDueDate')),
  [NoticeKind.SUPPLEMENT_REQUESTED]: new Set(PLACEHOLDERS.filter((p) => p !== 'newDueDate')),
  [NoticeKind.DEADLINE_EXTENDED]: new Set(PLACEHOLDERS),
  [NoticeKind.RESULT_READY]: new Set(PLACEHOLDERS.filter((p) => p !== 'newDueDate')),
};

const TOKEN_RE = /\{([^{}]*)\}/g;

function placeholdersIn(template: string): string[] {
  return [...template.matchAll(TOKEN_RE)].map((m) => m[1]!);
}

/** Why a template cannot be used for this kind, or null: empty, a stray brace, or a placeholder it may not use. */
export function templateProblem(kind: NoticeKind, template: string): string | null {
  if (template.trim() === '') return 'is empty';
  if (/[{}]/.test(template.replace(TOKEN_RE, ''))) return 'has an unmatched { or }';
  const allowed = ALLOWED[kind];
  const wrong = placeholdersIn(template).filter((name) => !allowed.has(name as Placeholder));
  if (wrong.length > 0) {
    return `uses ${wrong.map((w) => `{${w}}`).join(', ')}; allowed here: ${[...allowed].map((a) => `{${a}}`).join(', ')}`;
  }
  return null;
}

/** Placeholders the template uses that have no value (e.g. a due date the dossier does not have). */
export function missingValues(template: string, values: NoticeValues): Placeholder[] {
  return [...new Set(placeholdersIn(template) as Placeholder[])].filter((name) => values[name] === undefined);
}

/** The template with every `{name}` replaced; call `missingValues` first (a missing one is left as is). */
export function renderTemplate(template: string, values: NoticeValues): string {
  return template.replace(TOKEN_RE, (token, name: string) => values[name as Placeholder] ?? token);
}

/**
 * Vietnamese without diacritics ("không dấu"): an SMS with diacritics is sent as UCS-2, 70
 * characters a segment instead of 160, and some brandname SMS contracts accept only plain text.
 */
export function withoutDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}
