import { FORM_SCHEMA_DIALECT } from '../../domain/forms/form-ajv.js';

/**
 * E-forms (tờ khai điện tử) of the demo catalogue, after the paper declarations of the Ministry of
 * Justice (civil status, certification) and the household-business registration form. Keys are
 * English camelCase for the developers of portals; every label a citizen sees is Vietnamese.
 * See domain/forms/form-ajv.ts for the UI hints (x-order, x-widget, x-placeholder).
 */
type Schema = Record<string, unknown>;

const text = (title: string, extra: Schema = {}): Schema => ({ type: 'string', title, minLength: 1, maxLength: 200, ...extra });
const longText = (title: string): Schema => text(title, { maxLength: 2000, 'x-widget': 'textarea' });
const date = (title: string): Schema => ({ type: 'string', format: 'date', title, 'x-widget': 'date' });
const integer = (title: string, minimum: number, maximum: number): Schema => ({ type: 'integer', title, minimum, maximum, 'x-widget': 'number' });
const citizenId = (title: string): Schema => ({
  type: 'string',
  title,
  pattern: '^[0-9]{12}$',
  'x-widget': 'citizen-id',
  'x-placeholder': '12 chữ số',
});
const choice = (title: string, options: readonly (readonly [string, string])[], widget = 'select'): Schema => ({
  type: 'string',
  title,
  'x-widget': widget,
  oneOf: options.map(([value, label]) => ({ const: value, title: label })),
});

/** An object whose fields are shown in the order they are written here. */
const group = (title: string, properties: Record<string, Schema>, required: string[]): Schema => ({
  type: 'object',
  title,
  properties,
  required,
  additionalProperties: false,
  'x-order': Object.keys(properties),
});

const form = (title: string, properties: Record<string, Schema>, required: string[], rules: Schema = {}): Schema => ({
  $schema: FORM_SCHEMA_DIALECT,
  ...group(title, properties, required),
  ...rules,
});

export const SEX = [['NAM', 'Nam'], ['NU', 'Nữ']] as const;

const RELATIONSHIP = [
  ['CHA', 'Cha'],
  ['ME', 'Mẹ'],
  ['ONG_BA', 'Ông, bà'],
  ['ANH_CHI_EM', 'Anh, chị, em'],
  ['NGUOI_THAN_KHAC', 'Người thân thích khác'],
  ['KHAC', 'Cơ quan, tổ chức, cá nhân khác'],
] as const;
export const BIRTH_RELATIONSHIP = RELATIONSHIP.slice(0, 4);
export const DEATH_RELATIONSHIP = [['VO_CHONG', 'Vợ, chồng'], ['CON', 'Con'], ...RELATIONSHIP.slice(0, 4)] as const;

export const MARITAL_STATUS = [
  ['CHUA_KET_HON', 'Chưa đăng ký kết hôn với ai'],
  ['DA_LY_HON', 'Đã ly hôn, chưa kết hôn lại'],
  ['GOA', 'Vợ/chồng đã chết, chưa kết hôn lại'],
  ['DANG_CO_VO_CHONG', 'Đang có vợ/chồng'],
] as const;

const MARITAL_PURPOSE = [['KET_HON', 'Để đăng ký kết hôn'], ['KHAC', 'Mục đích khác']] as const;

/** Who someone is, as every civil-status declaration asks it. */
const identity = (): Record<string, Schema> => ({
  fullName: text('Họ, chữ đệm và tên'),
  sex: choice('Giới tính', SEX, 'radio'),
  birthDate: date('Ngày, tháng, năm sinh'),
  ethnicity: text('Dân tộc', { maxLength: 50 }),
  nationality: text('Quốc tịch', { maxLength: 50 }),
  citizenId: citizenId('Số định danh cá nhân'),
});
const IDENTITY_REQUIRED = ['fullName', 'sex', 'birthDate', 'ethnicity', 'nationality'];

const person = (title: string, extra: Record<string, Schema> = {}, required: string[] = []) =>
  group(
    title,
    {
      fullName: text('Họ, chữ đệm và tên'),
      birthDate: date('Ngày, tháng, năm sinh'),
      ethnicity: text('Dân tộc', { maxLength: 50 }),
      nationality: text('Quốc tịch', { maxLength: 50 }),
      citizenId: citizenId('Số định danh cá nhân'),
      residence: text('Nơi cư trú'),
      ...extra,
    },
    ['fullName', 'birthDate', 'ethnicity', 'nationality', 'residence', ...required],
  );

/** Tờ khai đăng ký khai sinh. */
export const BIRTH_REGISTRATION_FORM = form(
  'Tờ khai đăng ký khai sinh',
  {
    relationship: choice('Quan hệ với người được khai sinh', BIRTH_RELATIONSHIP, 'radio'),
    child: group(
      'Người được khai sinh',
      {
        fullName: text('Họ, chữ đệm và tên'),
        sex: choice('Giới tính', SEX, 'radio'),
        birthDate: date('Ngày, tháng, năm sinh'),
        birthPlace: text('Nơi sinh', { 'x-placeholder': 'Bệnh viện, trạm y tế hoặc địa chỉ nơi sinh' }),
        ethnicity: text('Dân tộc', { maxLength: 50 }),
        nationality: text('Quốc tịch', { maxLength: 50 }),
        hometown: text('Quê quán'),
      },
      ['fullName', 'sex', 'birthDate', 'birthPlace', 'ethnicity', 'nationality'],
    ),
    mother: person('Thông tin người mẹ', {}, ['citizenId']),
    father: person('Thông tin người cha (nếu có)'),
    extractCopies: integer('Số bản sao trích lục yêu cầu cấp', 0, 20),
  },
  ['relationship', 'child', 'mother', 'extractCopies'],
);

/** Tờ khai cấp Giấy xác nhận tình trạng hôn nhân. */
export const MARITAL_STATUS_FORM = form(
  'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân',
  {
    subject: group(
      'Người được xác nhận tình trạng hôn nhân',
      { ...identity(), residence: text('Nơi cư trú') },
      [...IDENTITY_REQUIRED, 'citizenId', 'residence'],
    ),
    maritalStatus: choice('Tình trạng hôn nhân', MARITAL_STATUS),
    residencePeriodFrom: date('Xác nhận cho thời gian cư trú từ ngày (nếu cần)'),
    residencePeriodTo: date('Đến ngày'),
    purpose: choice('Mục đích sử dụng', MARITAL_PURPOSE, 'radio'),
    intendedSpouse: group(
      'Người dự định kết hôn',
      {
        fullName: text('Họ, chữ đệm và tên'),
        birthDate: date('Ngày, tháng, năm sinh'),
        nationality: text('Quốc tịch', { maxLength: 50 }),
        identityDocument: text('Giấy tờ tùy thân (loại, số)', { maxLength: 100 }),
      },
      ['fullName', 'birthDate', 'nationality'],
    ),
    purposeDetail: longText('Mục đích khác (ghi rõ)'),
    copies: integer('Số bản yêu cầu cấp', 1, 10),
  },
  ['subject', 'maritalStatus', 'purpose', 'copies'],
  {
    // Marrying needs the intended spouse; another purpose needs it written down.
    allOf: [
      { if: { properties: { purpose: { const: 'KET_HON' } } }, then: { required: ['intendedSpouse'] } },
      { if: { properties: { purpose: { const: 'KHAC' } } }, then: { required: ['purposeDetail'] } },
    ],
  },
);

/** Giấy đề nghị đăng ký hộ kinh doanh. */
export const HOUSEHOLD_BUSINESS_FORM = form(
  'Giấy đề nghị đăng ký hộ kinh doanh',
  {
    businessName: text('Tên hộ kinh doanh', { maxLength: 120, 'x-placeholder': 'Hộ kinh doanh Tạp hóa Minh An' }),
    address: text('Địa chỉ trụ sở hộ kinh doanh'),
    phone: { type: 'string', title: 'Điện thoại', pattern: '^0[0-9]{9}$', 'x-widget': 'tel' },
    email: { type: 'string', title: 'Thư điện tử (nếu có)', format: 'email', maxLength: 200, 'x-widget': 'email' },
    businessLines: {
      type: 'array',
      title: 'Ngành, nghề kinh doanh',
      minItems: 1,
      maxItems: 20,
      items: group(
        'Ngành, nghề',
        {
          code: { type: 'string', title: 'Mã ngành (cấp 4)', pattern: '^[0-9]{4}$' },
          description: text('Tên ngành'),
        },
        ['code', 'description'],
      ),
    },
    capitalVnd: integer('Vốn kinh doanh (đồng)', 1, 100_000_000_000),
    employees: integer('Số lượng lao động', 0, 1000),
    owner: person('Chủ hộ kinh doanh', { phone: { type: 'string', title: 'Điện thoại', pattern: '^0[0-9]{9}$', 'x-widget': 'tel' } }, ['citizenId']),
  },
  ['businessName', 'address', 'businessLines', 'capitalVnd', 'employees', 'owner'],
);

/** Chứng thực bản sao từ bản chính: the list of originals brought to the counter. */
export const CERTIFIED_COPY_FORM = form(
  'Đề nghị chứng thực bản sao từ bản chính',
  {
    documents: {
      type: 'array',
      title: 'Giấy tờ, văn bản cần chứng thực',
      minItems: 1,
      maxItems: 50,
      items: group(
        'Giấy tờ',
        {
          name: text('Tên giấy tờ, văn bản', { 'x-placeholder': 'Bằng tốt nghiệp trung học phổ thông' }),
          issuer: text('Cơ quan cấp'),
          pages: integer('Số trang', 1, 500),
          copies: integer('Số bản sao', 1, 50),
        },
        ['name', 'pages', 'copies'],
      ),
    },
    foreignLanguage: { type: 'boolean', title: 'Giấy tờ bằng tiếng nước ngoài', 'x-widget': 'checkbox' },
  },
  ['documents'],
);

/** Tờ khai đăng ký khai tử. */
export const DEATH_REGISTRATION_FORM = form(
  'Tờ khai đăng ký khai tử',
  {
    relationship: choice('Quan hệ với người đã chết', DEATH_RELATIONSHIP),
    deceased: group(
      'Người đã chết',
      { ...identity(), lastResidence: text('Nơi cư trú cuối cùng') },
      [...IDENTITY_REQUIRED, 'lastResidence'],
    ),
    death: group(
      'Thông tin về việc chết',
      {
        date: date('Ngày chết'),
        time: { type: 'string', title: 'Giờ, phút chết', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', 'x-placeholder': '14:30' },
        place: text('Nơi chết'),
        cause: text('Nguyên nhân chết'),
      },
      ['date', 'place', 'cause'],
    ),
    deathNoticeNumber: text('Số giấy báo tử hoặc giấy tờ thay thế', { maxLength: 50 }),
    extractCopies: integer('Số bản sao trích lục yêu cầu cấp', 0, 20),
  },
  ['relationship', 'deceased', 'death', 'deathNoticeNumber', 'extractCopies'],
);

/** The demo procedures that carry an e-form, by procedure code. */
export const DEMO_FORMS: Readonly<Record<string, Schema>> = {
  '1.001193': BIRTH_REGISTRATION_FORM,
  '1.004873': MARITAL_STATUS_FORM,
  '1.001612': HOUSEHOLD_BUSINESS_FORM,
  '2.000815': CERTIFIED_COPY_FORM,
  '1.000656': DEATH_REGISTRATION_FORM,
};
