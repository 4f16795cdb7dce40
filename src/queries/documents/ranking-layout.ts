import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { ChainLink } from '../../integrity/chain-link.js';
import { isPeriod, vietnamDate } from '../../ledger/scores/periods.js';
import {
  contentWidth,
  DEFAULT_STYLE,
  documentHead,
  LANDSCAPE,
  longDate,
  points,
  provenanceFooter,
  stamp,
  vietnamTime,
  type IssuingBody,
} from './administrative.js';

/** One row of the published ranking, with the group subtotals recomputed at the position it reflects (null: not available). */
export interface RankingDocumentRow {
  rank: number;
  unitId: string;
  unitName: string;
  groups: Record<string, number> | null;
  bonus: number;
  penalty: number;
  total: number;
  vetoed: boolean;
  /** The units merged into this one whose entries count here (docs/domain.md §5). */
  carriedFrom: string[];
}

/** What a printed published ranking (kết quả xếp hạng thi đua đã công bố) shows. */
export interface RankingDocument {
  campaign: { campaignId: string; title: string };
  /** The organiser over the cluster: the head of the page. */
  organizer: IssuingBody;
  cluster: { clusterId: string; name: string };
  phase: { phaseId: string; name: string | null } | null;
  groups: { id: string; name: string; maxPoints: number }[];
  publication: {
    publicationId: string;
    period: string;
    final: boolean;
    reflectsPosition: number;
    /** When the event at reflectsPosition was recorded. */
    reflectsRecordedAt: string | null;
    /** The months it counts: through this one (null: every month). */
    through: string | null;
    position: number;
    publishedAt: string;
    publishedBy: string;
    withdrawal: { reason: string | null; supersededBy: string | null; withdrawnAt: string | null; withdrawnBy: string | null } | null;
  };
  rows: RankingDocumentRow[];
  /** The hash chain's link standing for the log the ranking reflects, and the one of the publication's own event. */
  checkpoint: ChainLink;
  publicationLink: ChainLink;
}

/** "Tháng 7 năm 2026". */
const monthName = (period: string) => `tháng ${Number(period.slice(5, 7))} năm ${period.slice(0, 4)}`;

/** What the publication ranks, in words: a month (cumulatively), a phase's final result, the campaign's. */
function periodLine(doc: RankingDocument): string {
  const { period, final } = doc.publication;
  const phase = doc.phase === null ? null : (doc.phase.name ?? doc.phase.phaseId);
  if (final && phase !== null) return `Kết quả tổng kết đợt thi đua: ${phase}`;
  if (final) return 'Kết quả tổng kết phong trào thi đua';
  const when = isPeriod(period) ? `Kỳ công bố: ${monthName(period)} (điểm cộng dồn đến hết ${monthName(period)})` : `Kỳ công bố: ${period}`;
  return phase === null ? when : `${when}; đợt thi đua: ${phase}`;
}

/** The published ranking of a cluster, on a landscape A4 page, with the integrity checkpoint of the log it reflects at its foot. */
export function rankingLayout(doc: RankingDocument): TDocumentDefinitions {
  const width = contentWidth(LANDSCAPE);
  const { publication } = doc;
  const header = (text: string): TableCell => ({ text, bold: true, alignment: 'center', fontSize: 8.5 });
  const number = (value: number, bold = false): TableCell => ({ text: points(value), alignment: 'right', bold });
  const body: TableCell[][] = [
    [
      header('Hạng'),
      header('Đơn vị'),
      ...doc.groups.map((g) => header(`${g.name} (${points(g.maxPoints)})`)),
      header('Điểm thưởng'),
      header('Điểm trừ'),
      header('Tổng điểm'),
      header('Ghi chú'),
    ],
    ...doc.rows.map((row): TableCell[] => [
      { text: String(row.rank), alignment: 'center', bold: true },
      { text: row.unitName },
      ...doc.groups.map((g) => (row.groups === null ? { text: '—', alignment: 'center' as const } : number(row.groups[g.id] ?? 0))),
      number(row.bonus),
      number(row.penalty),
      number(row.total, true),
      {
        text: [...(row.vetoed ? ['Điểm liệt'] : []), ...(row.carriedFrom.length > 0 ? [`Gồm cả: ${row.carriedFrom.join(', ')}`] : [])].join('; '),
        fontSize: 9,
      },
    ]),
  ];

  const through = publication.through === null ? 'mọi tháng của phong trào' : `các tháng đến hết ${monthName(publication.through)}`;
  const verify = (link: ChainLink) => `Kiểm tra: GET /api/integrity?expect=${link.position}:${link.hash}`;
  const integrity: Content = {
    table: {
      widths: ['*'],
      body: [
        [
          {
            stack: [
              { text: 'ĐIỂM KIỂM TRA TOÀN VẸN CỦA SỔ CÁI', bold: true, margin: [0, 0, 0, 2] },
              `Bảng xếp hạng phản ánh sổ cái đến vị trí ${doc.checkpoint.position}. Mã băm (SHA-256) của chuỗi băm tại vị trí ${doc.checkpoint.position}:`,
              { text: doc.checkpoint.hash, bold: true },
              { text: verify(doc.checkpoint), margin: [0, 0, 0, 4] },
              `Bản công bố này là sự kiện ở vị trí ${doc.publicationLink.position} của sổ cái, mã băm tại vị trí đó:`,
              { text: doc.publicationLink.hash, bold: true },
              verify(doc.publicationLink),
              {
                text: 'Kết quả "published": [{ …, "matches": true }] nghĩa là sổ cái đến vị trí đó vẫn đúng như khi in (npm run verify -- --expect <vị trí>:<mã băm> kiểm tra như vậy, không qua máy chủ).',
                italics: true,
                fontSize: 8,
                margin: [0, 2, 0, 0],
              },
            ],
            margin: [4, 3, 4, 3],
          },
        ],
      ],
    },
    fontSize: 9,
    lineHeight: 1.05,
    margin: [0, 8, 0, 0],
    unbreakable: true,
  };

  const withdrawal = publication.withdrawal;
  const content: Content[] = [
    documentHead({
      body: doc.organizer,
      number: null,
      placeAndDate: upperFirst(longDate(vietnamDate(new Date(publication.publishedAt)))),
      width,
      leftShare: 0.45,
    }),
    ...(withdrawal === null
      ? []
      : [
          stamp('ĐÃ THU HỒI', [
            `Bản công bố đã bị thu hồi${withdrawal.withdrawnAt ? ` lúc ${vietnamTime(withdrawal.withdrawnAt)}` : ''}${withdrawal.withdrawnBy ? ` bởi ${withdrawal.withdrawnBy}` : ''}${withdrawal.reason ? `: ${withdrawal.reason}` : ''}.`,
            ...(withdrawal.supersededBy ? [`Thay thế bằng bản công bố ${withdrawal.supersededBy}.`] : []),
          ]),
        ]),
    { text: 'KẾT QUẢ XẾP HẠNG THI ĐUA', bold: true, fontSize: 14, alignment: 'center', margin: [0, 10, 0, 0] },
    { text: `${doc.cluster.name} - ${doc.campaign.title}`, bold: true, fontSize: 12, alignment: 'center' },
    { text: periodLine(doc), fontSize: 11, alignment: 'center', margin: [0, 0, 0, 4] },
    {
      text:
        `Số liệu theo sổ cái đến vị trí ${publication.reflectsPosition}` +
        (publication.reflectsRecordedAt ? ` (ghi lúc ${vietnamTime(publication.reflectsRecordedAt)})` : '') +
        `; tính điểm ${through}. Công bố lúc ${vietnamTime(publication.publishedAt)}, người công bố: ${publication.publishedBy}` +
        `${publication.final ? ' (kết quả chung cuộc)' : ''}; mã bản công bố: ${publication.publicationId}.`,
      italics: true,
      fontSize: 9,
      margin: [0, 0, 0, 4],
    },
    {
      table: { headerRows: 1, widths: [28, 150, ...doc.groups.map(() => '*' as const), 44, 40, 52, 60], body },
      fontSize: 10,
    },
    {
      text: 'Điểm các nhóm tiêu chí (tối đa trong ngoặc) tính lại từ sổ cái tại vị trí bản công bố phản ánh; hạng, điểm thưởng, điểm trừ và tổng điểm là của bản công bố.',
      italics: true,
      fontSize: 8,
      margin: [0, 3, 0, 0],
    },
    integrity,
  ];

  return {
    ...LANDSCAPE,
    info: { title: `Kết quả xếp hạng ${doc.cluster.name} - ${publication.publicationId}`, subject: doc.campaign.title, creator: 'campaign-ledger' },
    defaultStyle: { ...DEFAULT_STYLE, fontSize: 11 },
    content,
    footer: provenanceFooter(
      `Bản in từ sổ cái thi đua, khen thưởng: bản công bố ${publication.publicationId} của ${doc.cluster.clusterId}, phong trào ${doc.campaign.campaignId}.`,
      LANDSCAPE,
    ),
  };
}

const upperFirst = (text: string) => text.charAt(0).toLocaleUpperCase('vi-VN') + text.slice(1);
