import { createHash } from 'node:crypto';
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
