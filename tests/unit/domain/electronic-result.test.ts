import { createHash } from 'node:crypto';
import { loadConfig } from '../../../src/config.js';
import { digitizationFeature } from '../../../src/domain/digitization/digitization.feature.js';
import { digitizationSettingsOf } from '../../../src/domain/digitization/digitization-settings.js';
import type { FeatureContext } from '../../../src/feature-module.js';
import { renderElectronicResult, type ElectronicResultFacts } from '../../../src/portal/electronic-result.pdf.js';
import { Outcome } from '../../../src/domain/vocabulary/dossier-enums.js';
import { readPdf } from '../../support/pdf.js';

const FACTS: ElectronicResultFacts = {
  dossierCode: '21025-260302-0001',
  procedure: { code: '1.004222', name: 'Đăng ký thường trú' },
  unit: { name: 'Phường Cẩm Thành' },
  applicantFullName: 'Phạm Thị Hoa',
  applicantCitizenId: '051203012345',
  outcome: Outcome.APPROVED,
  resolvedAt: new Date('2026-03-02T08:30:00Z'),
  registrationNumber: null,
  verifyUrl: 'https://dichvucong.quangngai.test/verify/result',
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('the electronic result PDF', () => {
  test('the same facts render the same bytes (the checksum is reproducible); other facts other bytes', async () => {
    const first = await renderElectronicResult(FACTS);
    const again = await renderElectronicResult({ ...FACTS });
    expect(sha(again)).toBe(sha(first));
    expect(sha(await renderElectronicResult({ ...FACTS, outcome: Outcome.DENIED }))).not.toBe(sha(first));
  });

  test('says what was decided for whom, masks the citizen id, carries the verification address as a QR code', async () => {
    const content = await readPdf(await renderElectronicResult({ ...FACTS, outcome: Outcome.DENIED, registrationNumber: 'CT-2026-000123' }));
    expect(content.pages).toBe(1);
    expect(content.text).toContain('KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH');
    for (const text of ['21025-260302-0001', 'Phạm Thị Hoa', '********2345', 'Đăng ký thường trú', 'Không được giải quyết', 'CT-2026-000123']) {
      expect(content.text).toContain(text);
    }
    expect(content.text).not.toContain('051203012345');
    expect(content.qrCodes).toEqual([FACTS.verifyUrl]);
    expect(content.fonts.every((f) => f.embedded)).toBe(true);
  });
});

describe('ELECTRONIC_RESULTS', () => {
  const listenersWith = (env: Record<string, string>) => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://localhost/unused', AUTH_JWT_SECRET: 'x'.repeat(40), ...env });
    const ctx = { config, settings: { digitization: digitizationSettingsOf(config) } } as unknown as FeatureContext;
    return digitizationFeature.listeners!(ctx).map((l) => l.name);
  };

  test('on by default: RESOLVE issues the electronic result; 0 leaves it to the specialized systems', () => {
    expect(listenersWith({})).toEqual(['electronic-results']);
    expect(listenersWith({ ELECTRONIC_RESULTS: '0' })).toEqual([]);
    expect(() => listenersWith({ ELECTRONIC_RESULTS: 'maybe' })).toThrow(/ELECTRONIC_RESULTS/);
  });
});
