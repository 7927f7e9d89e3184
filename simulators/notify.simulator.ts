import { isPlainObject, SimHttpError, textField, type SimReply } from './sim-http.js';
import { DEFAULT_FAULT_SETTINGS, SettingsSchema, type FaultSettings } from './sim-settings.js';
import { noRoute, SimulatedSystem, type SimRequest, type SimulatorHandle } from './simulated-system.js';

/**
 * An SMS / Zalo-style gateway: accepts a message for delivery and gives it an id. What it delivered
 * is listed for tests (GET /_sim/messages), which is how a test sees that a citizen was told.
 */
export const notifySettingsSchema = new SettingsSchema<FaultSettings>('notify', DEFAULT_FAULT_SETTINGS, {});

export type NotifyChannel = 'SMS' | 'ZALO';

export interface DeliveredMessage {
  messageId: string;
  idempotencyKey: string | null;
  to: string;
  channel: NotifyChannel;
  template: string;
  text: string;
  at: string;
}

export interface NotifyHandle extends SimulatorHandle<FaultSettings> {
  messages(): DeliveredMessage[];
}

const CHANNELS: ReadonlySet<string> = new Set(['SMS', 'ZALO']);
/** A Vietnamese number in international form: +84 then 9 or 10 digits. */
const PHONE_RE = /^\+84\d{9,10}$/;

function invalid(message: string): SimHttpError {
  return new SimHttpError(400, 'INVALID_BODY', message);
}

function messageOf(body: unknown): Omit<DeliveredMessage, 'messageId' | 'idempotencyKey' | 'at'> {
  if (!isPlainObject(body)) throw invalid('the body must be a JSON object');
  const to = textField(body, 'to');
  if (to === null || !PHONE_RE.test(to)) throw invalid('to must be a phone number in the form +84xxxxxxxxx');
  const channel = textField(body, 'channel');
  if (channel === null || !CHANNELS.has(channel)) throw invalid('channel must be SMS or ZALO');
  const template = textField(body, 'template');
  if (template === null) throw invalid('template is required');
  const text = textField(body, 'text');
  if (text === null) throw invalid('text is required');
  return { to, channel: channel as NotifyChannel, template, text };
}

export class NotifySimulator extends SimulatedSystem<FaultSettings> implements NotifyHandle {
  private readonly delivered: Array<Omit<DeliveredMessage, 'at'> & { at: number }> = [];
  private sequence = 0;

  messages(): DeliveredMessage[] {
    return this.delivered.map((m) => ({ ...m, at: new Date(m.at).toISOString() }));
  }

  protected override async route(request: SimRequest): Promise<SimReply> {
    if (request.method === 'POST' && request.segments.join('/') === 'messages') return this.deliver(request);
    throw noRoute(request);
  }

  protected override controlRoute(request: SimRequest): SimReply | null {
    if (request.method === 'GET' && request.segments.join('/') === 'messages') return { status: 200, body: this.messages() };
    return null;
  }

  protected override clearState(): void {
    this.delivered.length = 0;
    this.sequence = 0;
  }

  private async deliver(request: SimRequest): Promise<SimReply> {
    const body = await request.json();
    const message = messageOf(body);
    return this.acceptPush(request, {
      code: null,
      body,
      accept: () => {
        const messageId = `msg-${String(++this.sequence).padStart(8, '0')}`;
        return {
          reply: { status: 202, body: { messageId } },
          commit: () => this.delivered.push({ messageId, idempotencyKey: request.idempotencyKey, ...message, at: request.now }),
        };
      },
    });
  }
}
