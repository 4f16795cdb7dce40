import type { TableColumn, TableExportSpec, TableSheet } from '../../http/table-export.js';
import { commendationTemplateCells, TEMPLATE_COLUMNS, type RegisterDecision } from '../../imports/template-columns.js';

/**
 * The table-shaped reads as sheets (issue 15): Vietnamese headers over the JSON answer's own fields,
 * so a file holds exactly the numbers the JSON does. One spec per read; the controllers name them
 * with @TableExport.
 */
type Row = Record<string, unknown>;
const field =
  (name: string) =>
  (row: Row): unknown =>
    row[name];
const col = (header: string, kind: TableColumn['kind'], value: string | ((row: Row) => unknown)): TableColumn => ({
  header,
  kind,
  value: typeof value === 'string' ? field(value) : value,
});
const safe = (text: unknown) =>
  String(text ?? '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 80);
const asOfPosition = (answer: Row) => (answer.asOf as { position?: number } | undefined)?.position ?? 0;

/** Score events as the audit trail lists them (also the events of a publication comparison). */
const EVENT_COLUMNS: TableColumn[] = [
  col('Vị trí', 'number', 'position'),
  col('Thời điểm ghi', 'datetime', 'recordedAt'),
  col('Người ghi', 'text', 'actor'),
  col('Sự kiện', 'text', 'type'),
  col('Mã mục điểm', 'text', 'entryId'),
  col('Loại điểm', 'text', 'kind'),
  col('Nguồn', 'text', 'source'),
  col('Tiêu chí', 'text', 'criterionId'),
  col('Đợt', 'text', 'phaseId'),
  col('Tháng', 'text', 'period'),
  col('Ngày phát sinh', 'date', 'occurredOn'),
  col('Điểm', 'number', 'points'),
  col('Thay đổi', 'number', 'delta'),
  col('Tổng sau', 'number', 'runningTotal'),
  col('Lý do', 'text', 'reason'),
  col('Minh chứng', 'text', 'evidence'),
  col('Bù trừ cho', 'text', (row) => (row.compensates ? JSON.stringify(row.compensates) : null)),
];

export const RANKING_TABLE: TableExportSpec = {
  filename: (a) => `xep-hang-${safe(a.campaignId)}-${safe(a.clusterId)}-${asOfPosition(a)}`,
  sheets: (a) => {
    const rows = (a.rows as Row[]) ?? [];
    const names = (a.groupNames as Record<string, string> | undefined) ?? {};
    const groupIds = [...new Set(rows.flatMap((r) => Object.keys((r.groups as Record<string, number>) ?? {})))];
    return [
      {
        name: 'Xếp hạng',
        rows,
        columns: [
          col('Hạng', 'number', 'rank'),
          col('Mã đơn vị', 'text', 'unitId'),
          col('Tên đơn vị', 'text', 'unitName'),
          ...groupIds.map((g) => col(names[g] ?? g, 'number', (row: Row) => (row.groups as Record<string, number>)[g] ?? 0)),
          col('Điểm thưởng', 'number', 'bonus'),
          col('Điểm trừ', 'number', 'penalty'),
          col('Tổng điểm', 'number', 'total'),
          col('Điểm liệt', 'boolean', 'vetoed'),
        ],
      },
    ];
  },
};

export const SCORECARD_TABLE: TableExportSpec = {
  filename: (a) => `bang-diem-${safe(a.campaignId)}-${safe(a.unitId)}-${asOfPosition(a)}`,
  sheets: (a) => {
    const bonus = a.bonus as { raw: number; counted: number; cap: number };
    const criteria: TableSheet = {
      name: 'Tiêu chí',
      rows: (a.criteria as Row[]) ?? [],
      columns: [
        col('Mã tiêu chí', 'text', 'criterionId'),
        col('Nhóm', 'text', 'groupId'),
        col('Tên tiêu chí', 'text', 'name'),
        col('Điểm tối đa', 'number', 'max'),
        col('Điểm đạt', 'number', 'raw'),
        col('Điểm tính', 'number', 'capped'),
      ],
    };
    const groups: TableSheet = {
      name: 'Nhóm tiêu chí',
      rows: (a.groups as Row[]) ?? [],
      columns: [
        col('Mã nhóm', 'text', 'groupId'),
        col('Tên nhóm', 'text', 'name'),
        col('Điểm tối đa', 'number', 'max'),
        col('Điểm đạt', 'number', 'raw'),
        col('Điểm tính', 'number', 'capped'),
      ],
    };
    const totals: TableSheet = {
      name: 'Tổng hợp',
      rows: [
        { item: 'Điểm thưởng (đạt)', value: bonus?.raw },
        { item: 'Điểm thưởng (tính)', value: bonus?.counted },
        { item: 'Điểm thưởng tối đa', value: bonus?.cap },
        { item: 'Điểm trừ', value: a.penalty },
        { item: 'Tổng điểm', value: a.total },
      ],
      columns: [col('Mục', 'text', 'item'), col('Điểm', 'number', 'value')],
    };
    return [criteria, groups, totals];
  },
};

export const AUDIT_TABLE: TableExportSpec = {
  filename: (a) => `nhat-ky-cham-diem-${safe(a.campaignId)}-${safe(a.unitId)}-${asOfPosition(a)}`,
  sheets: (a) => [{ name: 'Nhật ký chấm điểm', rows: (a.events as Row[]) ?? [], columns: EVENT_COLUMNS }],
};

export const REGISTER_TABLE: TableExportSpec = {
  filename: (a) => `so-khen-thuong-${safe(a.unitId ?? 'toan-bo')}-${safe(a.year ?? 'moi-nam')}-${asOfPosition(a)}`,
  sheets: (a) => {
    const rows = (a.rows as Row[]) ?? [];
    const keys = ['form', 'authority', 'recipientKind', 'title'].filter((k) => rows.some((r) => k in r));
    const headers: Record<string, string> = { form: 'Hình thức', authority: 'Cấp khen', recipientKind: 'Đối tượng', title: 'Danh hiệu' };
    return [
      {
        name: 'Sổ khen thưởng',
        rows,
        columns: [
          ...keys.map((k) => col(headers[k], 'text', (row: Row) => row[`${k}Label`] ?? row[k])),
          col('Số lượng', 'number', 'count'),
          col('Tiền thưởng (đồng)', 'money', 'amountVnd'),
        ],
      },
      // With decisions=true: the decisions behind the counts, one per line, under their row's group.
      ...(rows.some((r) => Array.isArray(r.decisions))
        ? [
            {
              name: 'Quyết định',
              rows: rows.flatMap((r) => ((r.decisions as Row[]) ?? []).map((d) => ({ ...d, group: r }))),
              columns: [
                ...keys.map((k) => col(headers[k], 'text', (d: Row) => (d.group as Row)[`${k}Label`] ?? (d.group as Row)[k])),
                col('Số quyết định', 'text', 'decisionNo'),
                col('Ngày quyết định', 'date', 'decidedOn'),
                col('Năm thành tích', 'number', 'achievementYear'),
                col('Người/đơn vị được khen', 'text', (d: Row) => (d.recipient as Row).name ?? (d.recipient as Row).id),
                col('Đơn vị', 'text', (d: Row) => (d.unit as Row | null)?.name),
                col('Danh hiệu/hình thức', 'text', 'titleLabel'),
                col('Tiền thưởng (đồng)', 'money', 'amountVnd'),
                col('Trạng thái', 'text', 'status'),
              ],
            },
            // The decisions in force as the import's Khen thưởng sheet: the workbook imports again as the same decisions.
            {
              name: 'Khen thưởng',
              rows: rows
                .flatMap((r) => (r.decisions as RegisterDecision[]) ?? [])
                .filter((d) => d.status === 'active')
                .map(commendationTemplateCells),
              columns: TEMPLATE_COLUMNS.commendations.map((c) => col(c.header, c.date ? 'date' : c.key === 'amountVnd' ? 'money' : 'text', c.key)),
            },
          ]
        : []),
    ];
  },
};

export const PLEDGE_PROGRESS_TABLE: TableExportSpec = {
  filename: (a) => `tien-do-giao-uoc-${safe(a.campaignId)}-${asOfPosition(a)}`,
  sheets: (a) => [
    {
      name: 'Tiến độ giao ước',
      rows: (a.rows as Row[]) ?? [],
      columns: [
        col('Mã giao ước', 'text', 'pledgeId'),
        col('Đơn vị', 'text', 'unitId'),
        col('Người ký', 'text', (row) => (row.signatory as { id?: string } | undefined)?.id),
        col('Tiêu chí', 'text', 'criterionId'),
        col('Chỉ tiêu', 'text', 'description'),
        col('Thước đo', 'text', 'measure'),
        col('Chiều', 'text', 'direction'),
        col('Mục tiêu', 'number', 'target'),
        col('Đơn vị tính', 'text', 'unit'),
        col('Thực hiện', 'number', 'actual'),
        col('Tỷ lệ (%)', 'number', 'percent'),
        col('Đạt', 'boolean', 'met'),
        col('Tháng báo cáo', 'text', 'period'),
        col('Minh chứng', 'text', 'evidence'),
        col('Chuyển sang đơn vị', 'text', (row) => (row.carriedTo as { unitId?: string } | undefined)?.unitId),
      ],
    },
  ],
};

export const PUBLICATION_COMPARISON_TABLE: TableExportSpec = {
  filename: (a) => `so-sanh-cong-bo-${safe(a.campaignId)}-${safe(a.clusterId)}-${safe((a.publication as Row | undefined)?.publicationId)}-${asOfPosition(a)}`,
  sheets: (a) => [
    {
      name: 'Thay đổi',
      rows: (a.changes as Row[]) ?? [],
      columns: [
        col('Đơn vị', 'text', 'unitId'),
        col('Hạng đã công bố', 'number', 'publishedRank'),
        col('Hạng hiện nay', 'number', 'currentRank'),
        col('Tổng đã công bố', 'number', 'publishedTotal'),
        col('Tổng hiện nay', 'number', 'currentTotal'),
        col('Điểm liệt (công bố)', 'boolean', 'publishedVetoed'),
        col('Điểm liệt (hiện nay)', 'boolean', 'currentVetoed'),
      ],
    },
    { name: 'Sự kiện từ khi công bố', rows: (a.events as Row[]) ?? [], columns: [col('Đơn vị', 'text', 'unitId'), ...EVENT_COLUMNS] },
  ],
};
