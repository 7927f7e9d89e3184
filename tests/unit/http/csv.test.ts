import { csvCell, csvDocument, csvLine, UTF8_BOM } from '../../../src/http/csv.js';

describe('CSV writer', () => {
  test('RFC 4180 quoting: commas, quotes and line breaks are quoted, quotes doubled', () => {
    expect(csvCell('Phường Cẩm Thành')).toBe('Phường Cẩm Thành');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  test('numbers stay numbers (negative ones too); text that a spreadsheet would run as a formula is defused', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+84912')).toBe("'+84912");
    expect(csvCell('@sum')).toBe("'@sum");
  });

  test('a document: BOM, CRLF line ends, header first', () => {
    expect(csvLine(['a', 1])).toBe('a,1\r\n');
    const text = csvDocument(['Mã đơn vị', 'Chênh lệch'], [['21025', 2], ['51', -1]]);
    expect(text).toBe(`${UTF8_BOM}Mã đơn vị,Chênh lệch\r\n21025,2\r\n51,-1\r\n`);
    expect([...Buffer.from(text, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});
