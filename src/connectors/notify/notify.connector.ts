import {
  ConnectorError,
  ErrorClass,
  perChangeKey,
  type Connector,
  type ConnectorOptionSpec,
  type ConnectorSettings,
  type DossierSyncEvent,
} from '../sdk/index.js';
import { gatewayPhoneOf } from './gateway-phone.js';
import { NOTICE_KINDS, NoticeKind, noticeKey, noticeKindOf } from './notice-kind.js';
import {
  DEFAULT_TEMPLATES,
  missingValues,
  renderTemplate,
  templateProblem,
  withoutDiacritics,
  type NoticeValues,
} from './notice-templates.js';
import { formatDate } from '../../domain/text/vietnamese-format.js';

export const NOTIFY_KEY = 'notify';

export type NotifyChannel = 'SMS' | 'ZALO';
const CHANNELS: readonly NotifyChannel[] = ['SMS', 'ZALO'];

/** `template.DOSSIER_RECEIVED` <- CONNECTOR_NOTIFY_TEMPLATE_DOSSIER_RECEIVED. */
const templateOption = (kind: NoticeKind) => `template.${kind}`;

const OPTIONS: readonly ConnectorOptionSpec[] = [
  { name: 'channel', env: 'CHANNEL', description: 'SMS or ZALO: how messages reach applicants.', default: 'SMS' },
  {
    name: 'publicBaseUrl',
    env: 'PUBLIC_BASE_URL',
    fallbackEnv: 'PUBLIC_BASE_URL',
    description: 'Base of the {trackingUrl} link ({base}/track/{code}); the server’s PUBLIC_BASE_URL when unset.',
  },
  {
    name: 'stripDiacritics',
    env: 'STRIP_DIACRITICS',
    type: 'flag',
    default: '0',
    description: 'Send SMS texts without Vietnamese diacritics (1/0): 160 characters a segment instead of 70. Zalo keeps them.',
  },
  ...NOTICE_KINDS.map((kind) => ({
    name: templateOption(kind),
    env: `TEMPLATE_${kind}`,
    description: `Text of the ${kind} message instead of the built-in one (placeholders: see docs/notifications.md).`,
  })),
];

function templateOf(settings: ConnectorSettings, kind: NoticeKind): string {
  return settings.option(templateOption(kind)) ?? DEFAULT_TEMPLATES[kind];
}

function channelOf(settings: ConnectorSettings): NotifyChannel {
  return (settings.option('channel') ?? 'SMS').toUpperCase() as NotifyChannel;
}

/** The facts of a message; no personal data among them. */
function noticeValuesOf(event: DossierSyncEvent, publicBaseUrl: string): NoticeValues {
  return {
    code: event.dossierCode,
    procedure: event.procedureName,
    unit: event.unitName ?? event.unitCode,
    dueDate: event.dueDate ? formatDate(event.dueDate) : undefined,
    newDueDate: event.extendedDueDate ? formatDate(event.extendedDueDate) : undefined,
    trackingUrl: `${publicBaseUrl.replace(/\/+$/, '')}/track/${encodeURIComponent(event.dossierCode)}`,
  };
}

/** The text of one message, or a REMOTE_REJECTED error when the dossier lacks a fact the template needs. */
export function noticeText(kind: NoticeKind, event: DossierSyncEvent, settings: ConnectorSettings): string {
  const template = templateOf(settings, kind);
  const values = noticeValuesOf(event, settings.option('publicBaseUrl') ?? '');
  const missing = missingValues(template, values);
  if (missing.length > 0) {
    throw new ConnectorError(ErrorClass.REMOTE_REJECTED, `the ${kind} message needs ${missing.map((m) => `{${m}}`).join(', ')}, which dossier ${event.dossierCode} does not have`);
  }
  const text = renderTemplate(template, values);
  return channelOf(settings) === 'SMS' && settings.flag('stripDiacritics') ? withoutDiacritics(text) : text;
}

/**
 * Messages to the applicant (SMS or Zalo) through a notification gateway: when the dossier is
 * received, when a supplement is requested, when the deadline is extended (the apology with the
 * new date) and when the result is ready. One message per dossier and moment, only to applicants
 * who gave a phone, never about imported legacy history. The phone is read from the dossier when
 * the message is sent, never stored in the outbox, never logged.
 */
export const notifyConnector: Connector = {
  key: NOTIFY_KEY,
  name: 'Cổng gửi tin nhắn SMS/Zalo tới người nộp hồ sơ',
  options: OPTIONS,

  validate(settings) {
    const problems: string[] = [];
    if (!CHANNELS.includes(channelOf(settings))) problems.push(`${settings.envName('CHANNEL')} must be SMS or ZALO`);
    const base = settings.option('publicBaseUrl');
    if (!base || !/^https?:\/\/[^/]/.test(base)) {
      problems.push(`PUBLIC_BASE_URL (or ${settings.envName('PUBLIC_BASE_URL')}) must be the server's public http(s) URL: messages link to its tracking page`);
    }
    for (const kind of NOTICE_KINDS) {
      const override = settings.option(templateOption(kind));
      const problem = override === null ? null : templateProblem(kind, override);
      if (problem) problems.push(`${settings.envName(`TEMPLATE_${kind}`)} ${problem}`);
    }
    return problems.length === 0 ? null : problems.join('; ');
  },

  handles: (event) => !event.imported && event.applicantHasPhone === true && noticeKindOf(event) !== null,

  // Called only for handled changes, which all have a kind.
  idempotencyKey(event) {
    const kind = noticeKindOf(event);
    return kind === null ? perChangeKey(event) : noticeKey(event, kind);
  },

  /** `message.dossier-received`, `message.deadline-extended`, ... in syncRecords. */
  kindOf: (event) => `message.${(noticeKindOf(event) ?? event.status).toLowerCase().replace(/_/g, '-')}`,

  async push(delivery, ctx) {
    const { event } = delivery;
    const kind = noticeKindOf(event);
    if (kind === null) throw new ConnectorError(ErrorClass.REMOTE_REJECTED, `no message is sent for ${event.action ?? 'intake'} to ${event.status}`);
    const text = noticeText(kind, event, ctx.settings);
    const { applicant } = await ctx.dossierData();
    if (!applicant.phone) throw new ConnectorError(ErrorClass.REMOTE_REJECTED, 'the applicant has no phone number: nothing to send');
    const to = gatewayPhoneOf(applicant.phone);
    if (to === null) throw new ConnectorError(ErrorClass.REMOTE_REJECTED, 'the applicant’s phone is not a Vietnamese mobile number');
    const answer = await ctx.http.request<{ messageId?: unknown }>({
      method: 'POST',
      path: '/messages',
      idempotencyKey: delivery.idempotencyKey,
      json: { to, channel: channelOf(ctx.settings), template: kind, text },
    });
    // Accepted (2xx) is what the gateway promises; its id, when given, lets an operator trace the message there.
    const messageId = answer.body?.messageId;
    const remoteReference = typeof messageId === 'string' || typeof messageId === 'number' ? String(messageId) : null;
    ctx.log.debug({ dossierCode: event.dossierCode, notice: kind, messageId: remoteReference }, 'message accepted by the gateway');
    return { remoteReference };
  },
};
