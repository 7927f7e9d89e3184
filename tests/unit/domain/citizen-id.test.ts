import { isValidCitizenId, maskTail4 } from '../../../src/domain/citizen/citizen-id.js';
import { maskFullName, normalizePhone } from '../../../src/domain/citizen/personal-data.js';

describe('citizen id (CCCD)', () => {
  const now = new Date('2026-11-24T00:00:00Z');
  test.each([
    ['079203001234', true, 'HCMC, male born 2003'],
    ['001085012345', true, 'Hà Nội, male born 1985'],
    ['096199000001', true, 'female born 1999'],
    ['096399000001', false, 'female born 2099: in the future'],
    ['001226000001', true, 'male born 2026'],
    ['001227000001', false, 'born in 2027: in the future'],
    ['000085012345', false, 'province 000'],
    ['097085012345', false, 'province 097 does not exist'],
    ['001485012345', false, 'century digit 4'],
    ['07920300123', false, '11 digits'],
    ['0792030012345', false, '13 digits'],
    ['07920300123a', false, 'a letter'],
    [' 79203001234', false, 'a space'],
  ])('%s valid=%s (%s)', (id, valid) => {
    expect(isValidCitizenId(id, now)).toBe(valid);
  });

  test('masking keeps only the last 4 characters', () => {
    expect(maskTail4('079203001234')).toBe('********1234');
    expect(maskTail4('0912345678')).toBe('******5678');
    expect(maskFullName('Nguyễn Văn An')).toBe('N***** V** A*');
  });

  test('phones normalize to the national form', () => {
    expect(normalizePhone('+84 912 345 678', [])).toBe('0912345678');
    expect(normalizePhone('0912.345.678', [])).toBe('0912345678');
    expect(() => normalizePhone('12345', ['phone'])).toThrow('INVALID_PHONE');
  });
});
