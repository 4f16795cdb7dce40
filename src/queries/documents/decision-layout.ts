import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { titleNamed } from '../../ledger/commendations/conferral-authority.js';
import type { Authority, CommendationForm, RecipientKind, RevocationGround } from '../../ledger/events.js';
import { AUTHORITY_LABELS, COMMENDATION_FORM_LABELS, REVOCATION_GROUND_LABELS } from '../../ledger/labels.js';
import {
  contentWidth,
  DEFAULT_STYLE,
  documentHead,
  dong,
  PORTRAIT,
  placeAndDate,
  provenanceFooter,
  shortDate,
  stamp,
  together,
  vietnamTime,
} from './administrative.js';
import type { Issuer } from './issuer.js';

/** A recipient of the decision, as the registry names it on the decision's date. */
export interface DecisionRecipient {
  commendationId: string;
  kind: RecipientKind;
  /** An officer's rank and name ("Thiếu tá Nguyễn Văn An"), a unit's name. */
  name: string;
  /** The officer's unit, the collective's parent; null when the registry does not tell it. */
  unit: string | null;
  form: CommendationForm;
  title: string | null;
  amountVnd: number | null;
  revocation: {
    decidedOn: string | null;
    ground: string | null;
    decisionNo: string | null;
    reason: string | null;
    authority: string | null;
    recovery: { objectRecovered: boolean; amountVnd: number; outstandingVnd: number };
  } | null;
}

/** What a printed decision (quyết định khen thưởng) shows, gathered from the read models. */
export interface DecisionDocument {
  commendationId: string;
  decisionNo: string;
  decidedOn: string;
  authority: Authority;
  achievementYear: number;
  issuer: Issuer;
  campaign: { title: string; phaseName: string | null } | null;
  /** Every commendation of the paper: same number, date and authority (the one asked for among them). */
  recipients: DecisionRecipient[];
  /** The log position the copy reflects. */
  asOf: { position: number; recordedAt: string | null };
}

/**
 * The grounds (căn cứ) of a decision: the law and decree in force on its date, the eras of the
 * conferral table (CONFERRAL_RULES in conferral-authority.ts; docs/rules.md "How to read the legal
 * basis"). Their wording is to be checked by a legal reviewer, like the table's.
 */
const GROUNDS: readonly { from: string; lines: readonly string[] }[] = [
  {
    from: '2024-01-01',
    lines: [
      'Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;',
      'Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;',
    ],
  },
  {
    from: '2004-07-01',
    lines: ['Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003 và các Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng;'],
  },
];

const groundsOn = (decidedOn: string) => GROUNDS.find((era) => era.from <= decidedOn)?.lines ?? [];

/** What a recipient is awarded, as a decision names it: the title or flag's label, the diploma's own name, else the form. */
export function awardOf(form: CommendationForm, title: string | null): string {
  const known = title === null ? null : titleNamed(title);
  if (known !== null) return known.form === 'emulation-title' ? `Danh hiệu "${known.label}"` : known.label;
  return title ?? COMMENDATION_FORM_LABELS[form];
}

const whoOf = (recipients: readonly DecisionRecipient[]) => {
  const kinds = new Set(recipients.map((r) => r.kind));
  return kinds.size === 2 ? 'tập thể và cá nhân' : kinds.has('collective') ? 'tập thể' : 'cá nhân';
};

/** In a sentence: "Tặng danh hiệu …", but "Tặng Giấy khen", "Tặng Bằng khen của …" (the award's own name keeps its capital). */
const inSentence = (award: string) => (award.startsWith('Danh hiệu ') ? `danh hiệu ${award.slice('Danh hiệu '.length)}` : award);

const revocationLine = (r: NonNullable<DecisionRecipient['revocation']>) =>
  `Quyết định số ${r.decisionNo ?? '…'} ngày ${r.decidedOn ? shortDate(r.decidedOn) : '…'}` +
  (r.authority ? ` của ${AUTHORITY_LABELS[r.authority as Authority] ?? r.authority}` : '');

/** The decision as Nghị định 30/2020/NĐ-CP lays a quyết định out (cá biệt: Phụ lục III, mẫu 1.4). */
export function decisionLayout(doc: DecisionDocument): TDocumentDefinitions {
  const width = contentWidth(PORTRAIT);
  const who = whoOf(doc.recipients);
  const awards = [...new Set(doc.recipients.map((r) => awardOf(r.form, r.title)))];
  const titleForm = doc.recipients.every((r) => r.form === 'emulation-title');
  const context = doc.campaign === null ? '' : ` đã có thành tích trong ${doc.campaign.title}${doc.campaign.phaseName ? ` (${doc.campaign.phaseName})` : ''},`;
  const subject =
    doc.campaign === null ? `Về việc khen thưởng ${who} năm ${doc.achievementYear}` : `Về việc khen thưởng ${who} có thành tích trong ${doc.campaign.title}`;
  const article1 =
    awards.length === 1
      ? `Tặng ${inSentence(awards[0])}${titleForm ? ` năm ${doc.achievementYear}` : ''} cho ${doc.recipients.length} ${who}${context} có tên sau đây:`
      : `Khen thưởng ${doc.recipients.length} ${who}${context} có tên sau đây, theo hình thức ghi trong danh sách:`;

  const revoked = doc.recipients.filter((r) => r.revocation !== null);
  const total = doc.recipients.reduce((sum, r) => sum + (r.amountVnd ?? 0), 0);
  const anyMoney = doc.recipients.some((r) => r.amountVnd !== null);

  const header = (text: string): TableCell => ({ text, bold: true, alignment: 'center', fontSize: 11 });
  const rows: TableCell[][] = doc.recipients.map((r, i) => [
    { text: String(i + 1), alignment: 'center' },
    {
      stack: [
        { text: r.name, bold: r.kind === 'collective' },
        ...(r.revocation === null
          ? []
          : [
              {
                text: together(
                  `Đã hủy bỏ: QĐ số ${r.revocation.decisionNo ?? '…'}${r.revocation.decidedOn ? ` ngày ${shortDate(r.revocation.decidedOn)}` : ''}`,
                ),
                italics: true,
                color: '#b00000',
                fontSize: 9.5,
              } as Content,
            ]),
      ],
    },
    { text: r.unit ?? '' },
    { text: awardOf(r.form, r.title) },
    { text: r.amountVnd === null ? '' : dong(r.amountVnd), alignment: 'right', noWrap: true },
  ]);

  const content: Content[] = [
    documentHead({ body: doc.issuer.body, number: doc.decisionNo, placeAndDate: placeAndDate(doc.issuer.place, doc.decidedOn), width }),
    ...(revoked.length === 0
      ? []
      : [
          stamp(
            revoked.length === doc.recipients.length ? 'ĐÃ THU HỒI' : 'ĐÃ THU HỒI MỘT PHẦN',
            revoked.length === doc.recipients.length
              ? [`Quyết định đã bị hủy bỏ theo ${[...new Set(revoked.map((r) => revocationLine(r.revocation!)))].join('; ')}`]
              : revoked.map((r) => `${r.name}: hủy bỏ theo ${revocationLine(r.revocation!)}`),
          ),
        ]),
    { text: 'QUYẾT ĐỊNH', bold: true, fontSize: 14, alignment: 'center', margin: [0, 18, 0, 0] },
    { text: subject, bold: true, fontSize: 14, alignment: 'center' },
    { canvas: [{ type: 'line', x1: width / 2 - 50, y1: 2, x2: width / 2 + 50, y2: 2, lineWidth: 0.6 }], margin: [0, 0, 0, 10] },
    { text: doc.issuer.authorityLine, bold: true, fontSize: 14, alignment: 'center', margin: [0, 0, 0, 8] },
    ...groundsOn(doc.decidedOn).map((line): Content => ({ text: together(line), italics: true, alignment: 'justify', leadingIndent: 28 })),
    { text: 'Theo đề nghị của Hội đồng Thi đua - Khen thưởng.', italics: true, alignment: 'justify', leadingIndent: 28 },
    { text: 'QUYẾT ĐỊNH:', bold: true, fontSize: 14, alignment: 'center', margin: [0, 10, 0, 8] },
    { text: [{ text: 'Điều 1. ', bold: true }, article1], alignment: 'justify', leadingIndent: 28 },
    {
      table: {
        headerRows: 1,
        widths: [22, '*', 120, 80, 'auto'],
        body: [
          [header('STT'), header(who === 'tập thể' ? 'Tên tập thể' : 'Họ và tên'), header('Đơn vị'), header('Hình thức khen thưởng'), header('Tiền thưởng')],
          ...rows,
        ],
      },
      fontSize: 10.5,
      margin: [0, 6, 0, 6],
    },
    ...(anyMoney ? [{ text: `Tổng số tiền thưởng: ${dong(total)}.`, alignment: 'justify', leadingIndent: 28 } as Content] : []),
    { text: [{ text: 'Điều 2. ', bold: true }, 'Quyết định này có hiệu lực kể từ ngày ký.'], alignment: 'justify', leadingIndent: 28 },
    {
      text: [
        { text: 'Điều 3. ', bold: true },
        `Thủ trưởng các đơn vị có liên quan và các ${who} có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.`,
      ],
      alignment: 'justify',
      leadingIndent: 28,
    },
    {
      columns: [
        {
          width: '45%',
          stack: [
            { text: 'Nơi nhận:', bold: true, italics: true, fontSize: 12 },
            { text: '- Như Điều 3;', fontSize: 11 },
            { text: '- Lưu: VT, thi đua.', fontSize: 11 },
          ],
        },
        { width: '55%', stack: [{ text: doc.issuer.signature, bold: true, alignment: 'center' }], margin: [0, 0, 0, 60] },
      ],
      margin: [0, 14, 0, 0],
      unbreakable: true,
    },
    ...(revoked.length === 0 ? [] : [revocationSection(revoked)]),
  ];

  return {
    ...PORTRAIT,
    info: { title: `Quyết định số ${doc.decisionNo}`, subject: subject, creator: 'campaign-ledger' },
    defaultStyle: DEFAULT_STYLE,
    content,
    footer: provenanceFooter(
      `Bản in từ sổ cái thi đua, khen thưởng: quyết định ${doc.commendationId}, theo sổ đến vị trí ${doc.asOf.position}` +
        (doc.asOf.recordedAt ? ` (ghi lúc ${vietnamTime(doc.asOf.recordedAt)})` : '') +
        '. Bản in không thay bản gốc có chữ ký, đóng dấu.',
      PORTRAIT,
    ),
  };
}

/** The revocations (hủy bỏ) and recoveries (thu hồi hiện vật, tiền thưởng) of the recipients revoked, law Art 94. */
function revocationSection(revoked: readonly DecisionRecipient[]): Content {
  return {
    stack: [
      { text: 'HỦY BỎ QUYẾT ĐỊNH, THU HỒI HIỆN VẬT VÀ TIỀN THƯỞNG', bold: true, color: '#b00000', margin: [0, 0, 0, 4] },
      ...revoked.map((r): Content => {
        const revocation = r.revocation!;
        const ground = revocation.ground === null ? null : (REVOCATION_GROUND_LABELS[revocation.ground as RevocationGround] ?? revocation.ground);
        return {
          stack: [
            { text: [{ text: `${r.name}: `, bold: true }, ...together(`hủy bỏ theo ${revocationLine(revocation)}.`)] },
            ...(ground === null ? [] : [{ text: `Căn cứ hủy bỏ: ${ground}.` } as Content]),
            ...(revocation.reason ? [{ text: `Lý do: ${revocation.reason}.` } as Content] : []),
            {
              text:
                `Thu hồi hiện vật: ${revocation.recovery.objectRecovered ? 'đã thu hồi' : 'chưa thu hồi'}` +
                (r.amountVnd === null
                  ? '.'
                  : `; tiền thưởng đã thu hồi ${dong(revocation.recovery.amountVnd)}, còn phải thu hồi ${dong(revocation.recovery.outstandingVnd)}.`),
            },
          ],
          margin: [0, 0, 0, 4],
        };
      }),
    ],
    fontSize: 11,
    margin: [0, 16, 0, 0],
  };
}
