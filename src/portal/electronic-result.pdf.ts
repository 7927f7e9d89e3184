import { maskTail4 } from '../domain/citizen/citizen-id.js';
import { formatDateTime } from '../domain/text/vietnamese-format.js';
import { OUTCOME_LABELS } from '../domain/text/vietnamese-labels.js';
import type { Outcome } from '../domain/vocabulary/dossier-enums.js';
import { centerName, documentTitle, finish, labelled, qrBlock, signatures, startCenterDocument } from './pdf-document.js';

/** What the electronic result says: the facts recorded when the dossier was resolved, nothing read later. */
export interface ElectronicResultFacts {
  dossierCode: string;
  procedure: { code: string; name: string };
  unit: { name: string };
  applicantFullName: string;
  applicantCitizenId: string;
  outcome: Outcome;
  resolvedAt: Date;
  /** The number a specialized system registered the dossier under, when it has one. */
  registrationNumber: string | null;
  /** Where anyone holding the file checks it: the public verification page (it asks for the file's SHA-256). */
  verifyUrl: string;
}

/**
 * Kết quả giải quyết thủ tục hành chính as an electronic document (Decree 45/2020, Decision 766's
 * "kết quả điện tử"): issued when the dossier is RESOLVED, approved or denied. Rendered from the
 * recorded facts only, with the creation date fixed to the time of resolution, so rendering the
 * same facts again gives the same bytes and the same SHA-256. The file cannot carry its own
 * checksum: it carries the address where a checksum is verified. The citizen id is masked.
 */
export async function renderElectronicResult(facts: ElectronicResultFacts): Promise<Buffer> {
  const subject = { dossier: { code: facts.dossierCode }, procedure: facts.procedure, unit: facts.unit };
  const doc = startCenterDocument(subject, 'Kết quả giải quyết thủ tục hành chính', facts.resolvedAt, { fixedCreationDate: true });
  documentTitle(doc, 'Kết quả giải quyết thủ tục hành chính', `Mã hồ sơ: ${facts.dossierCode}`);
  doc.text(`${centerName(subject)} thông báo kết quả giải quyết hồ sơ của:`);
  labelled(doc, 'Ông/Bà', facts.applicantFullName);
  labelled(doc, 'Số định danh cá nhân', maskTail4(facts.applicantCitizenId));
  labelled(doc, 'Thủ tục hành chính', `${facts.procedure.name} (mã thủ tục ${facts.procedure.code})`);
  labelled(doc, 'Kết quả', OUTCOME_LABELS[facts.outcome]);
  if (facts.registrationNumber) labelled(doc, 'Số đăng ký', facts.registrationNumber);
  labelled(doc, 'Thời điểm giải quyết', formatDateTime(facts.resolvedAt));
  doc.moveDown(0.8);
  await qrBlock(
    doc,
    facts.verifyUrl,
    'Văn bản điện tử: để kiểm tra tệp đúng là kết quả đã cấp và không bị sửa đổi, tính mã SHA-256 của tệp và tra cứu mã đó tại địa chỉ dưới đây:',
    facts.verifyUrl,
  );
  signatures(doc, null, ['THỦ TRƯỞNG CƠ QUAN', '(Ký số)']);
  return finish(doc);
}
