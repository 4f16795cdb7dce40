import { campaign, cluster, phase } from '../../support/fixtures.js';

/**
 * A small Cụm thi đua số 9 of 2026 for the screens: five provincial police under the Ministry, the
 * fixtures' 1,000-point scale, scores from January to October, the peak phase closed (its final
 * ranking published), a monthly ranking published for September and later entries that move the
 * ranks, pledges with reported actuals, 2025 commendations, a pending two-person proposal, and one
 * account per kind of person who uses the screen.
 */
export const world = {
  campaignId: campaign.id,
  clusterId: cluster.id,
  phaseId: phase.id,
  recordedUnitId: 'ca-hau-giang',
  pendingProposalId: 'dx-dot-19-8-hg',
  publicationId: 'cong-bo-2026-09',
  registerYear: 2025,
};

export const provinces = [
  { id: 'ca-hau-giang', name: 'Công an tỉnh Hậu Giang', kind: 'province', parentId: 'bo-cong-an' },
  { id: 'ca-can-tho', name: 'Công an thành phố Cần Thơ', kind: 'province', parentId: 'bo-cong-an' },
  { id: 'ca-soc-trang', name: 'Công an tỉnh Sóc Trăng', kind: 'province', parentId: 'bo-cong-an' },
  { id: 'ca-bac-lieu', name: 'Công an tỉnh Bạc Liêu', kind: 'province', parentId: 'bo-cong-an' },
  { id: 'ca-ca-mau', name: 'Công an tỉnh Cà Mau', kind: 'province', parentId: 'bo-cong-an' },
] as const;

const subunits = [
  { id: 'pc02-hau-giang', name: 'Phòng Cảnh sát hình sự, Công an tỉnh Hậu Giang', kind: 'department', parentId: 'ca-hau-giang' },
  { id: 'ca-tp-vi-thanh', name: 'Công an thành phố Vị Thanh', kind: 'district', parentId: 'ca-hau-giang' },
];

const officers = [
  { id: 'hg-nguyen-thi-hang', fullName: 'Nguyễn Thị Hằng', rank: 'Đại úy', unitId: 'ca-hau-giang' },
  { id: 'hg-le-van-tam', fullName: 'Lê Văn Tâm', rank: 'Thiếu tá', unitId: 'pc02-hau-giang' },
  { id: 'hg-pham-minh-duc', fullName: 'Phạm Minh Đức', rank: 'Trung tá', unitId: 'ca-tp-vi-thanh' },
];

/** Who signs in, and how: passwords for people, an API token for the conference screen (made at seeding). */
export const people = {
  secondAdministrator: { id: 'tran-thi-binh', displayName: 'Thượng tá Trần Thị Bình', password: 'mat-khau-quan-tri-2026', roles: [{ role: 'administrator' }] },
  recorder: {
    id: 'nhap-diem-hau-giang',
    displayName: 'Đại úy Nguyễn Thị Hằng',
    password: 'mat-khau-nhap-diem-2026',
    roles: [{ role: 'recorder', scope: 'ca-hau-giang' }],
  },
  auditor: { id: 'thanh-tra-bo', displayName: 'Thanh tra Bộ', password: 'mat-khau-thanh-tra-2026', roles: [{ role: 'auditor' }] },
  viewer: { id: 'man-hinh-cum-9', displayName: 'Màn hình hội trường Cụm 9', roles: [{ role: 'viewer' }] },
} as const;

/** Points per unit and month on a few criteria: [unitId, criterionId, points per month], January to October. */
const monthly: [string, string, number[]][] = [
  ['ca-hau-giang', 'c1-1', [10, 10, 9, 10, 10, 9, 10, 10, 10, 9.5]],
  ['ca-hau-giang', 'c2-1', [7, 7.5, 8, 8, 7, 8, 8.5, 8, 8, 8]],
  ['ca-hau-giang', 'c4-1', [15, 16, 15, 16, 15, 16, 15, 16, 15, 16]],
  ['ca-can-tho', 'c1-1', [11, 11, 10, 11, 11, 10, 11, 11, 10, 10]],
  ['ca-can-tho', 'c2-1', [8, 8, 8, 8, 8, 8, 8, 8, 8, 6]],
  ['ca-can-tho', 'c4-1', [15, 15, 15, 15, 15, 15, 15, 15, 16, 12]],
  ['ca-soc-trang', 'c1-1', [9, 9, 9, 9, 9, 9, 9, 9, 9, 12]],
  ['ca-soc-trang', 'c2-1', [7, 7, 7, 7, 7, 7, 7, 7, 7, 9]],
  ['ca-soc-trang', 'c4-1', [14, 14, 14, 14, 14, 14, 14, 14, 14, 18]],
  ['ca-bac-lieu', 'c1-1', [8, 8, 8, 8, 8, 8, 8, 8, 8, 8]],
  ['ca-bac-lieu', 'c2-1', [6, 6, 6.5, 6, 6, 6, 6, 6, 6, 6]],
  ['ca-bac-lieu', 'c4-1', [13, 13, 13, 13, 13, 13, 13, 13, 13, 13]],
  ['ca-ca-mau', 'c1-1', [9, 9, 9, 9, 9, 9, 9, 9, 9, 9]],
  ['ca-ca-mau', 'c2-1', [7, 7, 7, 7, 7, 7, 7, 7, 7, 7]],
  ['ca-ca-mau', 'c4-1', [12, 12, 12, 12, 12, 12, 12, 12, 12, 12]],
];
const REASONS: Record<string, string> = {
  'c1-1': 'Không để xảy ra điểm nóng về an ninh trật tự trong tháng',
  'c2-1': 'Kéo giảm tội phạm về trật tự xã hội so với cùng kỳ',
  'c4-1': 'Kỷ luật, huấn luyện, chuyển đổi số đạt kế hoạch tháng',
};

export interface Caller {
  (method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }>;
}

/** A caller over fetch with a default bearer token. */
export function caller(base: string, token: string): Caller {
  return async (method, path, body, as = token) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${as}`, ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
}

export interface SeededWorld {
  viewerToken: string;
  /** The log position of the last write: reads wait for it with minPosition. */
  position: number;
}

/** Writes the world through the API as the bootstrap administrator; every write must succeed. */
export async function seedDemoWorld(call: Caller): Promise<SeededWorld> {
  let position = 0;
  const write = async (path: string, body: unknown, method = 'POST', token?: string) => {
    const res = await call(method, path, body, token);
    if (res.status !== 201) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    position = Math.max(position, Number(res.body.position ?? 0));
    return res.body;
  };
  for (const person of Object.values(people)) {
    await write('/api/accounts', {
      id: person.id,
      displayName: person.displayName,
      roles: person.roles,
      ...('password' in person ? { password: person.password } : {}),
    });
  }
  const viewerToken = String((await write(`/api/accounts/${people.viewer.id}/tokens`, { label: 'Màn hình hội trường' })).token);

  await write('/api/units', { id: 'bo-cong-an', name: 'Bộ Công an', kind: 'ministry' });
  for (const unit of [...provinces, ...subunits]) await write('/api/units', unit);
  for (const officer of officers) await write('/api/officers', officer);
  await write('/api/campaigns', campaign);
  const C = `/api/campaigns/${campaign.id}`;
  await write(`${C}/phases`, phase);
  await write(`${C}/clusters`, { ...cluster, memberUnitIds: provinces.map((p) => p.id) });

  const entry = (unitId: string, body: Record<string, unknown>) => write(`${C}/units/${unitId}/score-entries`, body);
  const months = (upTo: number) => Array.from({ length: upTo }, (_, i) => i);
  // January to September, then the peak phase's own entries, the phase closed, September published.
  for (const [unitId, criterionId, points] of monthly) {
    for (const m of months(9)) {
      const period = `2026-${String(m + 1).padStart(2, '0')}`;
      const inPhase = period === '2026-07' || period === '2026-08';
      await entry(unitId, {
        entryId: `${unitId}-${criterionId}-${period}`,
        kind: 'achievement',
        criterionId,
        points: points[m],
        period,
        ...(inPhase ? { phaseId: phase.id } : {}),
        source: 'self-assessment',
        reason: REASONS[criterionId],
        evidence: [`BC-${period}/${unitId.toUpperCase()}`],
      });
    }
  }
  await entry('ca-hau-giang', {
    entryId: 'hg-thuong-chuyen-an',
    kind: 'bonus',
    points: 5,
    period: '2026-05',
    source: 'ministry',
    reason: 'Phá chuyên án ma túy lớn, được Bộ biểu dương',
    evidence: ['QĐ 512/QĐ-BCA'],
  });
  await entry('ca-soc-trang', {
    entryId: 'st-tru-diem-bao-cao',
    kind: 'penalty',
    points: 3,
    period: '2026-04',
    source: 'cluster',
    reason: 'Chậm báo cáo tháng 4',
  });
  await entry('ca-hau-giang', {
    entryId: 'hg-kiem-tra-cheo-q2',
    kind: 'adjustment',
    criterionId: 'c2-1',
    points: -1.5,
    period: '2026-06',
    source: 'cross-inspection',
    reason: 'Kiểm tra chéo quý II: số liệu kéo giảm chưa đủ căn cứ',
    evidence: ['BB-KTC-Q2/C9'],
  });
  await write(`${C}/units/ca-hau-giang/score-entries/ca-hau-giang-c2-1-2026-03/correction`, {
    points: 7.5,
    reason: 'Đoàn kiểm tra chéo xác định lại số liệu tháng 3',
  });
  await write(`${C}/phases/${phase.id}/close`, {});
  await write(`${C}/clusters/${cluster.id}/rankings/publications`, { id: world.publicationId, period: '2026-09' });
  // After the publication: a correction to Cần Thơ's September (the comparison shows it), then
  // October, Sóc Trăng's strong month and Cần Thơ's weak one.
  await write(`${C}/units/ca-can-tho/score-entries/ca-can-tho-c2-1-2026-09/correction`, {
    points: 3,
    reason: 'Kiểm tra chéo tháng 9: số liệu kéo giảm tội phạm chưa đủ căn cứ',
    evidence: ['BB-KTC-09/C9'],
  });
  for (const [unitId, criterionId, points] of monthly) {
    await entry(unitId, {
      entryId: `${unitId}-${criterionId}-2026-10`,
      kind: 'achievement',
      criterionId,
      points: points[9],
      period: '2026-10',
      source: 'self-assessment',
      reason: REASONS[criterionId],
    });
  }
  // A change to the closed peak phase: proposed by one administrator, waiting for a second.
  await write(`${C}/units/ca-hau-giang/proposals`, {
    proposalId: world.pendingProposalId,
    action: 'correct',
    entryId: 'ca-hau-giang-c2-1-2026-07',
    points: 9,
    reason: 'Kiểm tra chéo đợt cao điểm: bổ sung kết quả kéo giảm tội phạm tháng 7',
  });

  await write(`${C}/pledges`, {
    id: 'giao-uoc-hau-giang-2026',
    unitId: 'ca-hau-giang',
    signedOn: '2026-02-15',
    targets: [
      { criterionId: 'c2-1', description: 'Kéo giảm tội phạm về trật tự xã hội ≥ 5%', target: 5, measure: 'percent', direction: 'reduce-by', unit: '%' },
      { criterionId: 'c2-2', description: 'Điều tra khám phá án rất nghiêm trọng ≥ 95%', target: 95, measure: 'percent', unit: '%' },
      { criterionId: 'c3-1', description: 'Tai nạn giao thông không quá 12 vụ', target: 12, measure: 'count', direction: 'at-most', unit: 'vụ' },
    ],
  });
  await write(`${C}/pledges/giao-uoc-hau-giang-2026/actuals`, {
    unitId: 'ca-hau-giang',
    criterionId: 'c2-1',
    period: '2026-09',
    value: '6,2',
    evidence: ['BC-09/CAHG'],
  });
  await write(`${C}/pledges/giao-uoc-hau-giang-2026/actuals`, { unitId: 'ca-hau-giang', criterionId: 'c2-2', period: '2026-09', value: '91.5' });
  await write(`${C}/pledges/giao-uoc-hau-giang-2026/actuals`, { unitId: 'ca-hau-giang', criterionId: 'c3-1', period: '2026-09', value: 9 });
  await write(`${C}/pledges`, {
    id: 'giao-uoc-can-tho-2026',
    unitId: 'ca-can-tho',
    signedOn: '2026-02-20',
    targets: [
      { criterionId: 'c2-1', description: 'Kéo giảm tội phạm ≥ 5%', target: 5, measure: 'percent', direction: 'reduce-by', unit: '%' },
      { criterionId: 'c1-1', description: 'Giữ vững an ninh chính trị (điểm)', target: 100 },
    ],
  });
  await write(`${C}/pledges/giao-uoc-can-tho-2026/actuals`, { unitId: 'ca-can-tho', criterionId: 'c2-1', period: '2026-09', value: 3.4 });

  const decision = (id: string, form: string, authority: string, kind: string, recipientId: string, amountVnd: number, decidedOn = '2025-12-20') =>
    write('/api/commendations', {
      id,
      form,
      authority,
      recipient: { kind, id: recipientId },
      decisionNo: `${id.toUpperCase()}/QĐ-2025`,
      decidedOn,
      achievementPeriod: { from: '2025-01-01', to: '2025-12-31' },
      amountVnd,
    });
  await decision('qd-2025-bk-hg', 'diploma-of-merit', 'minister', 'collective', 'ca-hau-giang', 2_420_000);
  await decision('qd-2025-bk-pc02', 'diploma-of-merit', 'minister', 'collective', 'pc02-hau-giang', 2_420_000);
  await decision('qd-2025-bk-tam', 'diploma-of-merit', 'minister', 'individual', 'hg-le-van-tam', 1_210_000);
  await decision('qd-2025-gk-hang', 'certificate-of-merit', 'unit-head', 'individual', 'hg-nguyen-thi-hang', 300_000);
  await decision('qd-2025-gk-duc', 'certificate-of-merit', 'unit-head', 'individual', 'hg-pham-minh-duc', 300_000);
  await decision('qd-2025-gk-vt', 'certificate-of-merit', 'unit-head', 'collective', 'ca-tp-vi-thanh', 600_000);
  await decision('qd-2025-ubnd-hg', 'diploma-of-merit', 'province', 'collective', 'ca-tp-vi-thanh', 1_500_000);
  return { viewerToken, position };
}
