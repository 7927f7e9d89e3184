import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from '../../http/http-server.js';
import { readBody, sendJson } from '../../http/http-utils.js';
import { toUserErrors } from '../../schema/errors.js';
import { languageOf } from '../../schema/messages.js';
import type { PaymentGateway } from './payment-gateway.js';
import { SIGNATURE_HEADER } from './payment-signature.js';

/** A notification is a few hundred bytes; anything much larger is not one. */
const MAX_NOTIFICATION_BYTES = 16 * 1024;

/**
 * `POST /connectors/payment/notify`: where the payment platform tells us of a transfer. No bearer
 * token (the platform is not a user): the HMAC signature is the authentication. Answers
 * `200 {status: CONFIRMED|DUPLICATE, reference}` or `{error: {code, message}}` with 400, 401, 404,
 * 409, 422 or 503 (docs/payments.md).
 */
export function paymentNotifyRoutes(gateway: PaymentGateway): Route[] {
  return [{
    method: 'POST',
    path: /^\/connectors\/payment\/notify$/,
    handle: async (req: IncomingMessage, res: ServerResponse) => {
      const body = await readBody(req, MAX_NOTIFICATION_BYTES);
      const header = req.headers[SIGNATURE_HEADER];
      const requestId = req.headers['x-request-id'];
      const answer = await gateway.notify(body, typeof header === 'string' ? header : undefined, typeof requestId === 'string' ? requestId : undefined);
      if (answer.refusal) {
        const [first] = toUserErrors(answer.refusal, languageOf(req.headers['accept-language']));
        sendJson(res, answer.status, { error: first });
      } else {
        sendJson(res, answer.status, { status: answer.outcome!.outcome, reference: answer.outcome!.reference });
      }
    },
  }];
}
