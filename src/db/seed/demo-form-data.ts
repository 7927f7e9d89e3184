import { addDays, localDateOf, type LocalDate } from '../../domain/time/local-time.js';
import { BIRTH_RELATIONSHIP, DEATH_RELATIONSHIP, MARITAL_STATUS, SEX } from './demo-forms.js';
import { birthYearOf, demoCitizenId, demoFullName, pickWith, sexOf, type Random } from './demo-people.js';

/**
 * Form data for the demo dossiers of the procedures that have an e-form (demo-forms.ts): what a
 * citizen would have typed, consistent with the applicant (the mother registering her child, the
 * person asking for their own marital-status confirmation) and with the filing date. A test checks
 * that every generated dossier passes its form.
 */
export interface DemoApplicant {
  fullName: string;
  citizenId: string;
  phone: string;
}

type FormData = Record<string, unknown>;
type Builder = (applicant: DemoApplicant, filedOn: LocalDate, random: Random) => FormData;

const WARDS = ['Phường Cẩm Thành', 'Phường Nghĩa Lộ', 'Xã Tịnh Khê', 'Xã Bình Sơn', 'Đặc khu Lý Sơn'];
const STREETS = ['Lê Lợi', 'Quang Trung', 'Hùng Vương', 'Phạm Văn Đồng', 'Nguyễn Nghiêm', 'Trần Hưng Đạo'];
const HOSPITALS = ['Bệnh viện Đa khoa tỉnh Quảng Ngãi', 'Bệnh viện Sản - Nhi tỉnh Quảng Ngãi', 'Trạm Y tế xã Tịnh Khê'];
const BUSINESS_LINES = [
  { code: '4711', description: 'Bán lẻ lương thực, thực phẩm trong cửa hàng tổng hợp' },
  { code: '5610', description: 'Nhà hàng và các dịch vụ ăn uống phục vụ lưu động' },
  { code: '9631', description: 'Cắt tóc, làm đầu, gội đầu' },
  { code: '4520', description: 'Bảo dưỡng, sửa chữa ô tô và xe có động cơ khác' },
  { code: '1071', description: 'Sản xuất các loại bánh từ bột' },
];
const CERTIFIED_DOCUMENTS = [
  'Bằng tốt nghiệp trung học phổ thông',
  'Giấy khai sinh',
  'Sổ hộ khẩu',
  'Giấy chứng nhận quyền sử dụng đất',
  'Bảng điểm đại học',
];

function address(random: Random): string {
  const pick = pickWith(random);
  return `${1 + Math.floor(random() * 300)} ${pick(STREETS)}, ${pick(WARDS)}, tỉnh Quảng Ngãi`;
}

function dateIn(year: number, random: Random): LocalDate {
  return addDays(`${year}-01-01`, Math.floor(random() * 365));
}

function personOf(fullName: string, citizenId: string, random: Random) {
  return {
    fullName,
    birthDate: dateIn(birthYearOf(citizenId), random),
    ethnicity: 'Kinh',
    nationality: 'Việt Nam',
    citizenId,
    residence: address(random),
  };
}

const BUILDERS: Readonly<Record<string, Builder>> = {
  // Đăng ký khai sinh: a parent registers a child born in the last two months.
  '1.001193': (applicant, filedOn, random) => {
    const pick = pickWith(random);
    const applicantYear = birthYearOf(applicant.citizenId);
    const parentAge = applicantYear >= 1975 && applicantYear <= 2005;
    const relationship = parentAge ? (sexOf(applicant.citizenId) === 'NU' ? 'ME' : 'CHA') : pick(BIRTH_RELATIONSHIP.slice(2))[0];
    const parentYear = 1985 + Math.floor(random() * 20);
    const mother = relationship === 'ME'
      ? personOf(applicant.fullName, applicant.citizenId, random)
      : personOf(demoFullName(random, 'Thị'), demoCitizenId(random, parentYear, 'NU'), random);
    const father = relationship === 'CHA'
      ? personOf(applicant.fullName, applicant.citizenId, random)
      : personOf(demoFullName(random, 'Văn'), demoCitizenId(random, parentYear, 'NAM'), random);
    return {
      relationship,
      child: {
        fullName: demoFullName(random),
        sex: pick(SEX)[0],
        birthDate: addDays(filedOn, -Math.floor(random() * 60)),
        birthPlace: pick(HOSPITALS),
        ethnicity: 'Kinh',
        nationality: 'Việt Nam',
        hometown: 'tỉnh Quảng Ngãi',
      },
      mother,
      ...(relationship === 'CHA' || random() < 0.8 ? { father } : {}),
      extractCopies: Math.floor(random() * 3),
    };
  },
  // Xác nhận tình trạng hôn nhân: for oneself, mostly in order to marry.
  '1.004873': (applicant, _filedOn, random) => {
    const marrying = random() < 0.7;
    const subject = personOf(applicant.fullName, applicant.citizenId, random);
    return {
      subject: { fullName: subject.fullName, sex: sexOf(applicant.citizenId), birthDate: subject.birthDate, ethnicity: subject.ethnicity,
        nationality: subject.nationality, citizenId: subject.citizenId, residence: subject.residence },
      maritalStatus: marrying ? pickWith(random)(MARITAL_STATUS.slice(0, 3))[0] : pickWith(random)(MARITAL_STATUS)[0],
      purpose: marrying ? 'KET_HON' : 'KHAC',
      ...(marrying
        ? { intendedSpouse: { fullName: demoFullName(random), birthDate: dateIn(1985 + Math.floor(random() * 20), random), nationality: 'Việt Nam' } }
        : { purposeDetail: pickWith(random)(['Bổ sung hồ sơ vay vốn ngân hàng', 'Làm thủ tục mua bán nhà đất', 'Bổ sung hồ sơ xin việc']) }),
      copies: 1 + Math.floor(random() * 2),
    };
  },
  // Đăng ký thành lập hộ kinh doanh: the applicant is the owner.
  '1.001612': (applicant, _filedOn, random) => {
    const lines = BUSINESS_LINES.filter(() => random() < 0.3);
    return {
      businessName: `Hộ kinh doanh ${applicant.fullName.split(' ').slice(-2).join(' ')}`,
      address: address(random),
      phone: applicant.phone,
      businessLines: lines.length > 0 ? lines : [pickWith(random)(BUSINESS_LINES)],
      capitalVnd: (1 + Math.floor(random() * 50)) * 10_000_000,
      employees: Math.floor(random() * 8),
      owner: { ...personOf(applicant.fullName, applicant.citizenId, random), phone: applicant.phone },
    };
  },
  // Chứng thực bản sao từ bản chính: one to three originals.
  '2.000815': (_applicant, _filedOn, random) => ({
    documents: CERTIFIED_DOCUMENTS.filter(() => random() < 0.4).concat(pickWith(random)(CERTIFIED_DOCUMENTS)).slice(0, 3)
      .map((name) => ({ name, issuer: 'Sở Giáo dục và Đào tạo tỉnh Quảng Ngãi', pages: 1 + Math.floor(random() * 4), copies: 1 + Math.floor(random() * 5) })),
    foreignLanguage: false,
  }),
  // Đăng ký khai tử: a relative declares a death of the last two weeks.
  '1.000656': (_applicant, filedOn, random) => {
    const bornIn = 1925 + Math.floor(random() * 60);
    const sex = random() < 0.5 ? 'NAM' : 'NU';
    return {
      relationship: pickWith(random)(DEATH_RELATIONSHIP)[0],
      deceased: {
        fullName: demoFullName(random),
        sex,
        birthDate: dateIn(bornIn, random),
        ethnicity: 'Kinh',
        nationality: 'Việt Nam',
        citizenId: demoCitizenId(random, bornIn, sex),
        lastResidence: address(random),
      },
      death: {
        date: addDays(filedOn, -Math.floor(random() * 14)),
        time: `${String(Math.floor(random() * 24)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}`,
        place: random() < 0.5 ? 'Tại nhà riêng' : pickWith(random)(HOSPITALS),
        cause: random() < 0.7 ? 'Bệnh già' : 'Bệnh hiểm nghèo',
      },
      deathNoticeNumber: `${1 + Math.floor(random() * 999)}/GBT`,
      extractCopies: 1 + Math.floor(random() * 3),
    };
  },
};

/** Form data for a demo dossier, or null for a procedure without an e-form. */
export function demoFormData(procedureCode: string, applicant: DemoApplicant, filedAt: Date, random: Random): FormData | null {
  const build = BUILDERS[procedureCode];
  return build ? build(applicant, localDateOf(filedAt), random) : null;
}
