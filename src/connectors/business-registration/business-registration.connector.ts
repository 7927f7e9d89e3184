import { formatLocalInstant } from '../../domain/time/local-time.js';
import { ConnectorError, ErrorClass, isReception, oncePerStatusKey, type Connector } from '../sdk/index.js';

export const BUSINESS_REGISTRATION_KEY = 'business-registration';

/**
 * The business registration system, for household businesses (hộ kinh doanh). Their dossiers are
 * sent when received; the registration number the registry answers with is recorded on the
 * dossier at once (the officer still resolves and returns the certificate).
 */
export const businessRegistrationConnector: Connector = {
  key: BUSINESS_REGISTRATION_KEY,
  name: 'Hệ thống thông tin quốc gia về đăng ký hộ kinh doanh',

  handles: (event) => event.procedureConnector === BUSINESS_REGISTRATION_KEY && isReception(event) && !event.imported,
  idempotencyKey: (event) => oncePerStatusKey(event),
  kindOf: () => 'dossier.submit',

  async push(delivery, ctx) {
    const { event } = delivery;
    const { formData } = await ctx.dossierData();
    const answer = await ctx.http.request<{ code?: string; registrationNumber?: string }>({
      method: 'POST',
      path: '/registrations',
      idempotencyKey: delivery.idempotencyKey,
      json: {
        code: event.dossierCode,
        unitCode: event.unitCode,
        procedureCode: event.procedureCode,
        receivedAt: formatLocalInstant(new Date(event.receivedAt ?? event.at)),
        formData: formData ?? {},
      },
    });
    const registrationNumber = answer.body?.registrationNumber;
    if (!registrationNumber) throw new ConnectorError(ErrorClass.TRANSIENT, 'answer without a registration number');
    return {
      remoteReference: registrationNumber,
      result: { decision: 'REGISTERED', registrationNumber, resolvesDossier: false },
    };
  },
};
