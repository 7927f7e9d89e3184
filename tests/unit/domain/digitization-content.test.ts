import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { citizenKeyOf, citizenKeySecretOf } from '../../../src/domain/digitization/citizen-key.js';
import { cleanFileName, decodeDocument, matchesMediaType, MAX_DOCUMENT_BYTES } from '../../../src/domain/digitization/document-content.js';
import { FsDocumentStore, sha256Of } from '../../../src/domain/digitization/document-store.js';
import { DomainError } from '../../../src/domain/errors.js';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('magic numbers', () => {
  test.each([
    [PDF, 'application/pdf', true], [PNG, 'image/png', true], [JPEG, 'image/jpeg', true],
    [PDF, 'image/png', false], [PNG, 'application/pdf', false], [JPEG, 'image/png', false],
    [Buffer.from('%PD'), 'application/pdf', false], [PDF, 'text/plain', false],
  ])('%#: bytes of the declared type', (bytes, type, ok) => {
    expect(matchesMediaType(bytes, type)).toBe(ok);
  });
});

describe('decoding an upload', () => {
  test('valid base64 of an allowed type gives the bytes (the type case-insensitive, line breaks ignored)', () => {
    const b64 = PDF.toString('base64');
    expect(decodeDocument(`${b64.slice(0, 8)}\n${b64.slice(8)}`, 'Application/PDF').equals(PDF)).toBe(true);
  });

  test.each([
    ['not base64!!', 'application/pdf', 'DOCUMENT_BASE64_INVALID'],
    ['QUJD=A==', 'application/pdf', 'DOCUMENT_BASE64_INVALID'],
    ['QUJ', 'application/pdf', 'DOCUMENT_BASE64_INVALID'],
    ['', 'application/pdf', 'DOCUMENT_EMPTY'],
    [PDF.toString('base64'), 'text/html', 'DOCUMENT_MEDIA_TYPE_NOT_ALLOWED'],
    [PNG.toString('base64'), 'application/pdf', 'DOCUMENT_CONTENT_MISMATCH'],
    [Buffer.from('<html>').toString('base64'), 'image/png', 'DOCUMENT_CONTENT_MISMATCH'],
  ])('%#: %s as %s is refused with %s', (content, type, code) => {
    expect(codeOf(() => decodeDocument(content, type))).toBe(code);
  });

  test('too large: refused from the text\'s length, and the largest allowed passes', () => {
    const largest = Buffer.concat([PDF, Buffer.alloc(MAX_DOCUMENT_BYTES - PDF.length)]);
    expect(decodeDocument(largest.toString('base64'), 'application/pdf').length).toBe(MAX_DOCUMENT_BYTES);
    const over = Buffer.concat([largest, Buffer.alloc(3)]);
    expect(codeOf(() => decodeDocument(over.toString('base64'), 'application/pdf'))).toBe('DOCUMENT_TOO_LARGE');
  });

  test('file names lose folders and control characters; empty or too long ones are refused', () => {
    expect(cleanFileName('C:\\scans\\to-khai.pdf')).toBe('to-khai.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000b.png')).toBe('ab.png');
    for (const bad of ['', '  ', 'dir/', '..', 'x'.repeat(256)]) expect(codeOf(() => cleanFileName(bad))).toBe('FILE_NAME_INVALID');
  });
});

describe('citizen key', () => {
  test('the same id gives the same key under one secret, another under another; never the id itself', () => {
    const secret = citizenKeySecretOf('server-secret-server-secret-server-secret');
    const key = citizenKeyOf(secret, '051203012345');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(citizenKeyOf(secret, '051203012345')).toBe(key);
    expect(citizenKeyOf(secret, '051203054321')).not.toBe(key);
    expect(citizenKeyOf(citizenKeySecretOf('another-secret-another-secret-another'), '051203012345')).not.toBe(key);
    expect(key).not.toContain('051203012345');
  });
});

describe('the filesystem document store', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'motcua-store-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('content-addressed under <aa>/<sha256>: the same bytes stored once, read back whole', async () => {
    const store = new FsDocumentStore(join(root, 'documents'));
    const sha = await store.put(PDF);
    expect(sha).toBe(sha256Of(PDF));
    expect(await store.put(Buffer.from(PDF))).toBe(sha);
    await Promise.all([store.put(PNG), store.put(PNG), store.put(PNG)]);
    expect(readdirSync(join(root, 'documents', sha.slice(0, 2)))).toEqual([sha]);
    expect((await store.get(sha))!.equals(PDF)).toBe(true);
    expect((await store.get(sha256Of(PNG)))!.equals(PNG)).toBe(true);
    // No temporary file is left behind.
    const all = readdirSync(join(root, 'documents'), { recursive: true }).map(String);
    expect(all.some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  test('unknown or malformed keys read as nothing (no path outside the store)', async () => {
    const store = new FsDocumentStore(root);
    expect(await store.get(sha256Of(JPEG))).toBeNull();
    expect(await store.get('../../etc/passwd')).toBeNull();
    expect(await store.get('A'.repeat(64))).toBeNull();
  });
});
