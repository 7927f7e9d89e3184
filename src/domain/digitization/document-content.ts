import { DomainError } from '../errors.js';

/** The largest scan accepted (decoded bytes): a few pages at 300 dpi; the request body limit (HTTP_MAX_BODY_BYTES, 10 MB) must hold it as base64. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const MAX_FILE_NAME_LENGTH = 255;
export const MAX_DOCUMENT_NAME_LENGTH = 500;

/** The media types a digitized document may have, each with the bytes its files start with. */
const SIGNATURES: Readonly<Record<string, readonly number[]>> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};

export const DOCUMENT_MEDIA_TYPES: readonly string[] = Object.keys(SIGNATURES);

export function isAllowedMediaType(mediaType: string): boolean {
  return Object.hasOwn(SIGNATURES, mediaType);
}

/** True when the bytes start as files of this media type do (the declared type is not trusted). */
export function matchesMediaType(bytes: Buffer, mediaType: string): boolean {
  const signature = SIGNATURES[mediaType];
  return signature !== undefined && bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The bytes of a document sent as base64, checked before anything is written: strict base64
 * (Buffer.from would skip bad characters silently), not empty, at most MAX_DOCUMENT_BYTES (judged
 * from the text's length before decoding, so an oversized upload costs no decoding), of an allowed
 * media type whose magic number the bytes carry.
 */
export function decodeDocument(contentBase64: string, mediaType: string, field: readonly string[] = ['input']): Buffer {
  const type = mediaType.trim().toLowerCase();
  if (!isAllowedMediaType(type)) {
    throw new DomainError('DOCUMENT_MEDIA_TYPE_NOT_ALLOWED', [...field, 'mediaType'], { allowed: DOCUMENT_MEDIA_TYPES.join(', ') });
  }
  const text = contentBase64.replace(/\s+/g, '');
  if (text.length === 0) throw new DomainError('DOCUMENT_EMPTY', [...field, 'contentBase64']);
  if (text.length > Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4) {
    throw new DomainError('DOCUMENT_TOO_LARGE', [...field, 'contentBase64'], { maxMb: MAX_DOCUMENT_BYTES / 1024 / 1024 });
  }
  if (text.length % 4 !== 0 || !BASE64.test(text)) throw new DomainError('DOCUMENT_BASE64_INVALID', [...field, 'contentBase64']);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw new DomainError('DOCUMENT_TOO_LARGE', [...field, 'contentBase64'], { maxMb: MAX_DOCUMENT_BYTES / 1024 / 1024 });
  }
  if (!matchesMediaType(bytes, type)) throw new DomainError('DOCUMENT_CONTENT_MISMATCH', [...field, 'contentBase64'], { mediaType: type });
  return bytes;
}

/** The file's name as given, without any folder part or control characters; refused when nothing is left or it is too long. */
export function cleanFileName(fileName: string, field: readonly string[] = ['input']): string {
  // eslint-disable-next-line no-control-regex
  const name = (fileName.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (name === '' || name === '.' || name === '..' || name.length > MAX_FILE_NAME_LENGTH) {
    throw new DomainError('FILE_NAME_INVALID', [...field, 'fileName'], { max: MAX_FILE_NAME_LENGTH });
  }
  return name;
}
