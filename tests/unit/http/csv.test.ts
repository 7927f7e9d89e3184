import { toCsv } from '../../../src/http/csv.js';

describe('CSV for spreadsheets', () => {
  test('BOM, CRLF, quoting of commas, quotes and line breaks, empty nulls', () => {
    expect(toCsv(['Mã', 'Tên', 'Tỷ lệ'], [['a', 'x, y', 0.5], ['b', 'say "hi"\nthere', null]])).toBe(
      '\uFEFFMã,Tên,Tỷ lệ\r\na,"x, y",0.5\r\nb,"say ""hi""\nthere",\r\n',
    );
  });

  test('text a spreadsheet would run as a formula gets an apostrophe; numbers stay numbers', () => {
    expect(toCsv(['x'], [['=1+1'], ['+SUM(A1)'], ['-2'], ['@cmd'], [-2]])).toBe("\uFEFFx\r\n'=1+1\r\n'+SUM(A1)\r\n'-2\r\n'@cmd\r\n-2\r\n");
  });
});
