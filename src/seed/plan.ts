import type { AddPhaseDto, FormClusterDto, LaunchCampaignDto, SignPledgeDto } from '../commands/campaigns/campaigns.dto.js';
import type { RecordCommendationDto, RevokeCommendationDto } from '../commands/commendations/commendations.dto.js';
import type { RegisterOfficerDto, RegisterUnitDto } from '../commands/registry/registry.dto.js';
import type { CorrectScoreEntryDto, RecordScoreEntryDto, ReverseScoreEntryDto } from '../commands/scores/scores.dto.js';
import type { ParsedScale } from '../ledger/campaigns/campaign.decider.js';
import type { Authority, CommendationForm, RevocationGround, ScoreSource } from '../ledger/events.js';
import { cappedCard, NO_SUMS, rank, withEntry, type ScorecardSums, type ScorecardTotals } from '../ledger/scores/scorecard-totals.js';
import { DISTRICT_NAMES, DIVISIONS, FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES, MINISTRY_DEPARTMENTS, PROVINCES, RANKS, TEAMS, slug } from './names.js';
import { Prng } from './prng.js';
import type { SizeProfile } from './sizes.js';

/**
 * The seeded ledger as a plan: a sequence of stages, each a set of lanes of commands. Pure and
 * deterministic: the same profile and seed give the same commands (ids, points, dates), whatever
 * runs them. Commands of one lane run in order (they touch one stream, or depend on each other);
 * lanes run concurrently; a stage starts when the previous one is done.
 *
 * Shaped by docs/domain.md §7: the Ministry with its departments, 63 provinces with their divisions,
 * district police and their teams, officers; per year a Ministry campaign ranking provinces in
 * clusters and departments in blocks, and a campaign in each province ranking its own units; 2-4
 * peak phases; monthly self-assessments per unit and criterion, cross-inspection adjustments
 * (June and November), bonus and penalty points, about 2% reversals or corrections; monthly
 * publication of the Ministry's cluster rankings; commendations in the pyramid of the Hải Phòng
 * 2016 figures (mostly certificates, about 2% state level), flags for the leaders of the Ministry's
 * clusters, a few revocations.
 *
 * The plan keeps its own running totals, so every score command it emits is valid; commendations
 * may be refused by conferral rules the plan does not model (the runner counts those).
 */
export type SeedCommand =
  | { kind: 'register-unit'; actor: string; body: RegisterUnitDto }
  | { kind: 'register-officer'; actor: string; body: RegisterOfficerDto }
  | { kind: 'launch-campaign'; actor: string; body: LaunchCampaignDto }
  | { kind: 'add-phase'; actor: string; campaignId: string; body: AddPhaseDto }
  | { kind: 'close-phase'; actor: string; campaignId: string; phaseId: string }
  | { kind: 'close-campaign'; actor: string; campaignId: string }
  | { kind: 'form-cluster'; actor: string; campaignId: string; body: FormClusterDto }
  | { kind: 'sign-pledge'; actor: string; campaignId: string; body: SignPledgeDto }
  | { kind: 'record-score'; actor: string; campaignId: string; unitId: string; body: RecordScoreEntryDto }
  | { kind: 'reverse-score'; actor: string; campaignId: string; unitId: string; entryId: string; body: ReverseScoreEntryDto }
  | { kind: 'correct-score'; actor: string; campaignId: string; unitId: string; entryId: string; body: CorrectScoreEntryDto }
  | { kind: 'publish-ranking'; actor: string; campaignId: string; clusterId: string; body: { id: string; period: string } }
  | { kind: 'record-commendation'; actor: string; body: RecordCommendationDto }
  | { kind: 'revoke-commendation'; actor: string; commendationId: string; body: RevokeCommendationDto };

export interface SeedStage {
  name: string;
  lanes: SeedCommand[][];
  /** Wait until the read models (and the final-rankings policy) have applied the whole log first. */
  settleReadModels?: boolean;
}

/** Events a command writes when accepted (a correction is a reversal plus its replacement). */
export const eventsOf = (command: SeedCommand): number => (command.kind === 'correct-score' ? 2 : 1);

// ---------------------------------------------------------------------------------------------
// Scales (docs/domain.md §5): the Ministry's 1,000-point scale, and a shorter one for the provinces.

interface Criterion {
  id: string;
  groupId: string;
  name: string;
  max: number;
}
interface ScaleSpec {
  groups: { id: string; name: string; max: number }[];
  criteria: Criterion[];
  bonusCap: number;
}

const GROUPS = [
  { id: 'g1', name: 'An ninh chính trị', max: 200 },
  { id: 'g2', name: 'Phòng, chống tội phạm và tệ nạn xã hội', max: 250 },
  { id: 'g3', name: 'Quản lý hành chính về trật tự xã hội', max: 150 },
  { id: 'g4', name: 'Xây dựng lực lượng', max: 200 },
  { id: 'g5', name: 'Phong trào Toàn dân bảo vệ an ninh Tổ quốc', max: 100 },
  { id: 'g6', name: 'Công tác thi đua và nhiệm vụ cụm', max: 100 },
];

const MINISTRY_SCALE: ScaleSpec = {
  groups: GROUPS,
  criteria: [
    { id: 'c1-1', groupId: 'g1', name: 'Không để xảy ra điểm nóng', max: 120 },
    { id: 'c1-2', groupId: 'g1', name: 'Bảo vệ tuyệt đối an toàn các sự kiện, mục tiêu trọng điểm', max: 80 },
    { id: 'c2-1', groupId: 'g2', name: 'Kéo giảm tội phạm về trật tự xã hội ≥ 5%', max: 70 },
    { id: 'c2-2', groupId: 'g2', name: 'Điều tra khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng ≥ 95%', max: 80 },
    { id: 'c2-3', groupId: 'g2', name: 'Đấu tranh, triệt phá tội phạm ma túy', max: 60 },
    { id: 'c2-4', groupId: 'g2', name: 'Truy bắt, vận động đầu thú đối tượng truy nã', max: 40 },
    { id: 'c3-1', groupId: 'g3', name: 'Kéo giảm tai nạn giao thông trên cả 3 tiêu chí', max: 60 },
    { id: 'c3-2', groupId: 'g3', name: 'Quản lý cư trú, cấp căn cước, định danh điện tử', max: 50 },
    { id: 'c3-3', groupId: 'g3', name: 'Phòng cháy, chữa cháy và cứu nạn, cứu hộ', max: 40 },
    { id: 'c4-1', groupId: 'g4', name: 'Chấp hành điều lệnh, kỷ luật, kỷ cương', max: 80 },
    { id: 'c4-2', groupId: 'g4', name: 'Huấn luyện, đào tạo, chuyển đổi số', max: 120 },
    { id: 'c5-1', groupId: 'g5', name: 'Xây dựng, nhân rộng mô hình, điển hình tiên tiến', max: 100 },
    { id: 'c6-1', groupId: 'g6', name: 'Báo cáo đúng hạn, chính xác', max: 50 },
    { id: 'c6-2', groupId: 'g6', name: 'Thực hiện giao ước thi đua, kiểm tra chéo', max: 50 },
  ],
  bonusCap: 50,
};

const PROVINCE_SCALE: ScaleSpec = {
  groups: GROUPS,
  criteria: [
    { id: 'c1-1', groupId: 'g1', name: 'Giữ vững an ninh chính trị, không để bị động, bất ngờ', max: 200 },
    { id: 'c2-1', groupId: 'g2', name: 'Kéo giảm tội phạm, tệ nạn xã hội', max: 120 },
    { id: 'c2-2', groupId: 'g2', name: 'Điều tra khám phá án', max: 130 },
    { id: 'c3-1', groupId: 'g3', name: 'Trật tự an toàn giao thông', max: 80 },
    { id: 'c3-2', groupId: 'g3', name: 'Quản lý cư trú, căn cước', max: 70 },
    { id: 'c4-1', groupId: 'g4', name: 'Điều lệnh, kỷ luật', max: 100 },
    { id: 'c4-2', groupId: 'g4', name: 'Huấn luyện, chuyển đổi số', max: 100 },
    { id: 'c5-1', groupId: 'g5', name: 'Mô hình phong trào Toàn dân bảo vệ an ninh Tổ quốc', max: 100 },
    { id: 'c6-1', groupId: 'g6', name: 'Công tác thi đua, báo cáo', max: 100 },
  ],
  bonusCap: 50,
};

/** Peak phases a year can have (đợt cao điểm), in calendar order. */
const PHASES = [
  { key: 'xuan', name: 'Đợt thi đua cao điểm "Mừng Đảng, mừng Xuân"', from: '01-01', to: '02-28', occasion: 'Tết Nguyên đán' },
  { key: '30-4', name: 'Đợt cao điểm chào mừng Ngày Giải phóng miền Nam 30/4 và Quốc tế Lao động 1/5', from: '03-15', to: '04-30', occasion: '30/4 - 1/5' },
  { key: '19-8', name: 'Đợt cao điểm chào mừng Ngày truyền thống Công an nhân dân 19/8', from: '07-01', to: '08-19', occasion: '19/8' },
  { key: 'cuoi-nam', name: 'Đợt cao điểm tấn công trấn áp tội phạm dịp cuối năm', from: '10-15', to: '12-31', occasion: 'Tết Dương lịch' },
];

// ---------------------------------------------------------------------------------------------
// Commendations: the pyramid of Hải Phòng 2016 (docs/domain.md §7) — Director's certificates ≈ 78%,
// diplomas ≈ 19%, orders and the Prime Minister's diploma ≈ 2% — plus titles (Chiến sĩ tiên
// tiến), on-the-spot rewards and commemorative medals. Every kind respects the authority table
// (conferral-authority.ts). Titles with chains (CSTĐCS, CSTĐ Bộ, unit titles) are left out;
// the Prime Minister's diploma, which needs an earlier diploma, is rare.

interface AwardKind {
  form: CommendationForm;
  authority: Authority;
  title: string;
  weight: number;
  /** Who may receive it. */
  recipients: 'any' | 'individual' | 'collective';
  /** Bonus money in multiples of the base salary (individual, collective); null: none. */
  salaries: [number, number] | null;
  issuer: string;
}

const AWARDS: readonly AwardKind[] = [
  {
    form: 'certificate-of-merit',
    authority: 'unit-head',
    title: 'Giấy khen của Giám đốc Công an tỉnh',
    weight: 60,
    recipients: 'any',
    salaries: [0.3, 0.6],
    issuer: 'CAT',
  },
  { form: 'emulation-title', authority: 'unit-head', title: 'chien-si-tien-tien', weight: 12, recipients: 'individual', salaries: [0.3, 0.3], issuer: 'CAT' },
  {
    form: 'diploma-of-merit',
    authority: 'province',
    title: 'Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh',
    weight: 8,
    recipients: 'any',
    salaries: [1.0, 2.0],
    issuer: 'UBND',
  },
  {
    form: 'diploma-of-merit',
    authority: 'minister',
    title: 'Bằng khen của Bộ trưởng Bộ Công an',
    weight: 9.5,
    recipients: 'any',
    salaries: [1.0, 2.0],
    issuer: 'BCA',
  },
  {
    form: 'diploma-of-merit',
    authority: 'general-department',
    title: 'Bằng khen của Tổng cục',
    weight: 1,
    recipients: 'any',
    salaries: [1.0, 2.0],
    issuer: 'TC',
  },
  {
    form: 'spot-reward',
    authority: 'unit-head',
    title: 'Thưởng nóng thành tích xuất sắc đột xuất',
    weight: 4.5,
    recipients: 'any',
    salaries: null,
    issuer: 'CAT',
  },
  {
    form: 'commemorative-medal',
    authority: 'minister',
    title: 'Kỷ niệm chương "Bảo vệ an ninh Tổ quốc"',
    weight: 3,
    recipients: 'individual',
    salaries: null,
    issuer: 'BCA',
  },
  {
    form: 'diploma-of-merit',
    authority: 'prime-minister',
    title: 'Bằng khen của Thủ tướng Chính phủ',
    weight: 0.5,
    recipients: 'any',
    salaries: [1.5, 3.0],
    issuer: 'TTg',
  },
  { form: 'order', authority: 'president', title: 'Huân chương Chiến công hạng Ba', weight: 0.6, recipients: 'any', salaries: [3.0, 6.0], issuer: 'CTN' },
  { form: 'order', authority: 'president', title: 'Huân chương Bảo vệ Tổ quốc hạng Ba', weight: 0.4, recipients: 'any', salaries: [3.0, 6.0], issuer: 'CTN' },
  {
    form: 'medal',
    authority: 'president',
    title: 'Huy chương Chiến sĩ vẻ vang hạng Ba',
    weight: 0.5,
    recipients: 'individual',
    salaries: [1.5, 1.5],
    issuer: 'CTN',
  },
];

const REVOCATION_GROUNDS: readonly { ground: RevocationGround; weight: number; reason: string }[] = [
  { ground: 'standard-not-met', weight: 5, reason: 'Kiểm tra sau khen thưởng xác định không đủ tiêu chuẩn trong thời gian đạt thành tích' },
  { ground: 'false-declaration', weight: 3, reason: 'Kê khai không trung thực thành tích' },
  { ground: 'unlawful-approval', weight: 1, reason: 'Đề nghị khen thưởng không đúng thẩm quyền, quy trình' },
  { ground: 'forged-documents', weight: 1, reason: 'Làm giả hồ sơ đề nghị khen thưởng' },
];

/** Base salary (mức lương cơ sở) in VND on a date: 1,800,000 from July 2023, 2,340,000 from July 2024. */
function baseSalary(on: string): number {
  return on >= '2024-07-01' ? 2_340_000 : on >= '2023-07-01' ? 1_800_000 : on >= '2019-07-01' ? 1_490_000 : 1_300_000;
}

// ---------------------------------------------------------------------------------------------
// The organisation, decided once for all years.

interface Unit {
  id: string;
  name: string;
  kind: RegisterUnitDto['kind'];
  parentId: string | null;
}
interface Province {
  unit: Unit;
  divisions: Unit[];
  districts: { unit: Unit; teams: Unit[] }[];
  officers: string[];
}

const MINISTRY: Unit = { id: 'bo-cong-an', name: 'Bộ Công an', kind: 'ministry', parentId: null };
const MIN_MEMBERS = 5;
const MAX_MEMBERS = 8;

function organisation(profile: SizeProfile, rng: Prng): { departments: Unit[]; provinces: Province[] } {
  const departments = MINISTRY_DEPARTMENTS.slice(0, profile.ministryDepartments).map((d) => ({
    id: `bca-${d.code}`,
    name: d.name,
    kind: 'department' as const,
    parentId: MINISTRY.id,
  }));
  const provinces = PROVINCES.slice(0, profile.provinces).map((p): Province => {
    const id = `ca-${slug(p.name)}`;
    const unit: Unit = { id, name: `Công an ${p.city ? 'thành phố' : 'tỉnh'} ${p.name}`, kind: 'province', parentId: MINISTRY.id };
    const divisions = DIVISIONS.slice(0, profile.divisions).map((d) => ({
      id: `${id}-${d.code}`,
      name: `${d.name} - ${unit.name}`,
      kind: 'division' as const,
      parentId: id,
    }));
    const names = rng.shuffle(DISTRICT_NAMES).slice(0, rng.int(profile.districts.min, profile.districts.max));
    const districts = names.map((name, i) => {
      const district: Unit = {
        id: `${id}-h${String(i + 1).padStart(2, '0')}`,
        name: `Công an ${p.city ? 'quận' : 'huyện'} ${name}`,
        kind: 'district',
        parentId: id,
      };
      const teams = TEAMS.slice(0, profile.teamsPerDistrict).map((team, k) => ({
        id: `${district.id}-d${k + 1}`,
        name: `${team} - ${district.name}`,
        kind: 'team' as const,
        parentId: district.id,
      }));
      return { unit: district, teams };
    });
    return { unit, divisions, districts, officers: [] };
  });
  return { departments, provinces };
}

/** Splits `items` into `groups` groups of sizes as equal as possible, in order. */
function split<T>(items: readonly T[], groups: number): T[][] {
  const out: T[][] = [];
  let start = 0;
  for (let g = 0; g < groups; g++) {
    const size = Math.floor(items.length / groups) + (g < items.length % groups ? 1 : 0);
    out.push(items.slice(start, start + size));
    start += size;
  }
  return out.filter((group) => group.length > 0);
}

/** Splits into groups of MIN_MEMBERS-MAX_MEMBERS (one group when there are fewer), the count drawn at random. */
function clustersOf<T>(items: readonly T[], rng: Prng): T[][] {
  const fewest = Math.ceil(items.length / MAX_MEMBERS);
  const most = Math.max(fewest, Math.floor(items.length / MIN_MEMBERS));
  return split(items, rng.int(fewest, most));
}

/** Lanes of at most `size` commands each, so that many independent commands run in parallel. */
function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const hundredths = (points: number) => Math.round(points * 100);
const points = (h: number) => (h / 100).toFixed(2).replace(/\.?0+$/, '');

// ---------------------------------------------------------------------------------------------
// A unit's scorecard as the plan tracks it, so that each command respects the scale's limits.

interface PlannedEntry {
  entryId: string;
  criterionId: string | null;
  kind: RecordScoreEntryDto['kind'];
  points: number;
  reversed: boolean;
}

class PlannedScorecard {
  sums: ScorecardSums = NO_SUMS;
  readonly entries = new Map<string, PlannedEntry>();

  constructor(
    readonly campaignId: string,
    readonly unitId: string,
    readonly scale: ScaleSpec,
    readonly performance: number,
  ) {}

  criterionTotal(criterionId: string): number {
    return this.sums.criterionTotals.get(criterionId) ?? 0;
  }

  card(): ScorecardTotals {
    return cappedCard(countedScale(this.scale), this.sums);
  }

  add(entry: PlannedEntry, sign: 1 | -1): void {
    this.sums = withEntry(this.sums, entry, sign);
  }
}

const countedScales = new Map<ScaleSpec, ParsedScale>();

/** The scale as the ledger counts it, in hundredths. */
function countedScale(spec: ScaleSpec): ParsedScale {
  let scale = countedScales.get(spec);
  if (!scale) {
    scale = {
      groups: spec.groups.map((g) => ({ id: g.id, name: g.name, max: hundredths(g.max) })),
      criteria: new Map(spec.criteria.map((c) => [c.id, { id: c.id, groupId: c.groupId, name: c.name, max: hundredths(c.max) }])),
      bonusCap: hundredths(spec.bonusCap),
    };
    countedScales.set(spec, scale);
  }
  return scale;
}

// ---------------------------------------------------------------------------------------------

export function* seedPlan(profile: SizeProfile, seed: number): Generator<SeedStage> {
  const root = new Prng(seed);
  const { departments, provinces } = organisation(profile, root.fork('organisation'));
  const registrar = 'cuc-to-chuc-can-bo';

  // The registry: the Ministry, its departments and the provinces, then their units, then officers.
  yield { name: 'registry: the Ministry', lanes: [[{ kind: 'register-unit', actor: registrar, body: { ...MINISTRY, parentId: undefined } }]] };
  const registerUnit = (u: Unit): SeedCommand => ({
    kind: 'register-unit',
    actor: registrar,
    body: { id: u.id, name: u.name, kind: u.kind, parentId: u.parentId ?? undefined },
  });
  yield { name: 'registry: departments and provinces', lanes: [...departments, ...provinces.map((p) => p.unit)].map((u) => [registerUnit(u)]) };
  yield { name: 'registry: divisions and district police', lanes: provinces.map((p) => [...p.divisions, ...p.districts.map((d) => d.unit)].map(registerUnit)) };
  if (profile.teamsPerDistrict > 0) yield { name: 'registry: teams', lanes: provinces.flatMap((p) => p.districts.map((d) => d.teams.map(registerUnit))) };

  const people = root.fork('officers');
  const officerCommands: SeedCommand[] = [];
  for (const province of provinces) {
    const placements: { units: Unit[]; count: number }[] = [
      ...province.divisions.map((d) => ({ units: [d], count: people.int(profile.officersPerDivision.min, profile.officersPerDivision.max) })),
      ...province.districts.map((d) => ({ units: [d.unit, ...d.teams], count: people.int(profile.officersPerDistrict.min, profile.officersPerDistrict.max) })),
    ];
    for (const { units, count } of placements) {
      for (let i = 0; i < count; i++) {
        const id = `cb-${province.unit.id.slice(3)}-${String(province.officers.length + 1).padStart(5, '0')}`;
        province.officers.push(id);
        const fullName = `${people.weighted(FAMILY_NAMES).name} ${people.pick(MIDDLE_NAMES)} ${people.pick(GIVEN_NAMES)}`;
        officerCommands.push({
          kind: 'register-officer',
          actor: `phong-to-chuc-${province.unit.id}`,
          body: { id, fullName, rank: people.weighted(RANKS).name, unitId: people.pick(units).id },
        });
      }
    }
  }
  yield { name: 'registry: officers', lanes: chunk(officerCommands, 50) };

  for (const year of profile.years) yield* yearPlan(profile, year, root.fork(`year-${year}`), departments, provinces);
}

function* yearPlan(profile: SizeProfile, year: number, rng: Prng, departments: Unit[], provinces: Province[]): Generator<SeedStage> {
  const emulationOffice = 'cuc-cong-tac-dang-va-cong-tac-chinh-tri';
  const ministryCampaignId = `vi-an-ninh-to-quoc-${year}`;
  const provinceCampaignId = (p: Province) => `thi-dua-${p.unit.id}-${year}`;

  // Phases: 2-4 of the peak phases that end within the months recorded.
  const possible = PHASES.filter((p) => Number(p.to.slice(0, 2)) <= profile.months);
  const count = Math.min(possible.length, rng.int(profile.phases.min, profile.phases.max));
  const phases = rng
    .shuffle(possible)
    .slice(0, count)
    .sort((a, b) => (a.from < b.from ? -1 : 1))
    .map((p) => ({
      id: `dot-${p.key}-${year}`,
      name: `${p.name} năm ${year}`,
      startsOn: `${year}-${p.from}`,
      endsOn: `${year}-${p.to === '02-28' && year % 4 === 0 ? '02-29' : p.to}`,
      occasion: p.occasion,
    }));
  const phaseOn = (date: string) => phases.find((p) => p.startsOn <= date && date <= p.endsOn)?.id;

  const scaleBody = (scale: ScaleSpec): LaunchCampaignDto['scale'] => ({
    groups: scale.groups.map((g) => ({ id: g.id, name: g.name, maxPoints: g.max })),
    criteria: scale.criteria.map((c) => ({ id: c.id, groupId: c.groupId, name: c.name, maxPoints: c.max })),
    bonusCap: scale.bonusCap,
  });
  const campaignLane = (
    id: string,
    actor: string,
    body: Omit<LaunchCampaignDto, 'id' | 'form' | 'startsOn' | 'endsOn' | 'scale'>,
    scale: ScaleSpec,
  ): SeedCommand[] => [
    { kind: 'launch-campaign', actor, body: { id, form: 'regular', startsOn: `${year}-01-01`, endsOn: `${year}-12-31`, scale: scaleBody(scale), ...body } },
    ...phases.map((phase): SeedCommand => ({ kind: 'add-phase', actor, campaignId: id, body: phase })),
  ];
  yield {
    name: `${year}: campaigns and phases`,
    lanes: [
      campaignLane(
        ministryCampaignId,
        emulationOffice,
        { title: `Phong trào thi đua "Vì an ninh Tổ quốc" năm ${year}`, organizerUnitId: MINISTRY.id, slogan: 'Bản lĩnh, nhân văn, vì nhân dân phục vụ' },
        MINISTRY_SCALE,
      ),
      ...provinces.map((p) =>
        campaignLane(
          provinceCampaignId(p),
          `phong-to-chuc-${p.unit.id}`,
          { title: `Phong trào thi đua "Vì an ninh Tổ quốc" năm ${year} của ${p.unit.name}`, organizerUnitId: p.unit.id },
          PROVINCE_SCALE,
        ),
      ),
    ],
  };

  // Clusters and blocks: the Ministry's (provinces by region, departments by sector), and each
  // province's (its divisions, its district police, each district's teams). Heads rotate yearly.
  interface Grouping {
    campaignId: string;
    clusterId: string;
    name: string;
    kind: 'cluster' | 'block';
    members: Unit[];
    actor: string;
  }
  const groupings: Grouping[] = [];
  clustersOf(
    provinces.map((p) => p.unit),
    rng,
  ).forEach((members, i) =>
    groupings.push({
      campaignId: ministryCampaignId,
      clusterId: `cum-${i + 1}`,
      name: `Cụm thi đua số ${i + 1}`,
      kind: 'cluster',
      members,
      actor: emulationOffice,
    }),
  );
  if (departments.length > 0)
    clustersOf(departments, rng).forEach((members, i) =>
      groupings.push({
        campaignId: ministryCampaignId,
        clusterId: `khoi-${i + 1}`,
        name: `Khối thi đua các Cục số ${i + 1}`,
        kind: 'block',
        members,
        actor: emulationOffice,
      }),
    );
  for (const p of provinces) {
    const campaignId = provinceCampaignId(p);
    const actor = `phong-to-chuc-${p.unit.id}`;
    clustersOf(p.divisions, rng).forEach((members, i) =>
      groupings.push({ campaignId, clusterId: `khoi-phong-${i + 1}`, name: `Khối các phòng nghiệp vụ số ${i + 1}`, kind: 'block', members, actor }),
    );
    clustersOf(
      p.districts.map((d) => d.unit),
      rng,
    ).forEach((members, i) =>
      groupings.push({ campaignId, clusterId: `cum-huyen-${i + 1}`, name: `Cụm thi đua Công an cấp huyện số ${i + 1}`, kind: 'cluster', members, actor }),
    );
    for (const d of p.districts)
      if (d.teams.length > 0)
        groupings.push({
          campaignId,
          clusterId: `khoi-doi-${d.unit.id.slice(p.unit.id.length + 1)}`,
          name: `Khối các đội - ${d.unit.name}`,
          kind: 'block',
          members: d.teams,
          actor,
        });
  }

  // Scorecards: one per campaign and member unit, with the unit's level of performance this year.
  const scorecards: { card: PlannedScorecard; grouping: Grouping }[] = groupings.flatMap((g) =>
    g.members.map((m) => ({
      card: new PlannedScorecard(g.campaignId, m.id, g.campaignId === ministryCampaignId ? MINISTRY_SCALE : PROVINCE_SCALE, 0.55 + rng.next() * 0.42),
      grouping: g,
    })),
  );

  yield {
    name: `${year}: clusters, blocks and pledges`,
    lanes: [
      ...groupings.map((g): SeedCommand[] => {
        const head = rng.pick(g.members);
        const deputy = g.members.length > 1 ? rng.pick(g.members.filter((m) => m !== head)) : undefined;
        return [
          {
            kind: 'form-cluster',
            actor: g.actor,
            campaignId: g.campaignId,
            body: {
              id: g.clusterId,
              name: `${g.name} năm ${year}`,
              kind: g.kind,
              headUnitId: head.id,
              deputyUnitId: deputy?.id,
              memberUnitIds: g.members.map((m) => m.id),
            },
          },
        ];
      }),
      ...chunk(
        scorecards.map(({ card }): SeedCommand => ({
          kind: 'sign-pledge',
          actor: `can-bo-thi-dua-${card.unitId}`,
          campaignId: card.campaignId,
          body: {
            id: `giao-uoc-${card.unitId}`,
            unitId: card.unitId,
            signedOn: `${year}-01-15`,
            targets: rng
              .shuffle(card.scale.criteria)
              .slice(0, 3)
              .map((c) => ({
                criterionId: c.id,
                description: `Đạt tối thiểu 90% điểm tiêu chí "${c.name}"`,
                target: Math.round(c.max * 0.9),
                measure: 'điểm',
              })),
          },
        })),
        20,
      ),
    ],
  };

  // The months: each unit's entries in one lane (its stream), then the Ministry's monthly
  // publications, phase closings, and the commendations of each phase that ended.
  const inspectionMonths = new Set(profile.months >= 11 ? [6, 11] : [profile.months]);
  for (let month = 1; month <= profile.months; month++) {
    const mm = pad2(month);
    const date = `${year}-${mm}-25`;
    const phaseId = phaseOn(date);
    const lanes: SeedCommand[][] = [];
    for (const { card, grouping } of scorecards) {
      const lane: SeedCommand[] = [];
      const recorder = `can-bo-thi-dua-${card.unitId}`;
      const record = (actor: string, entry: PlannedEntry, source: ScoreSource, reason: string, evidence: string[]) => {
        card.entries.set(entry.entryId, entry);
        card.add(entry, 1);
        lane.push({
          kind: 'record-score',
          actor,
          campaignId: card.campaignId,
          unitId: card.unitId,
          body: {
            entryId: entry.entryId,
            kind: entry.kind,
            ...(entry.criterionId ? { criterionId: entry.criterionId } : {}),
            points: points(entry.points),
            ...(phaseId ? { phaseId } : {}),
            // The month the entry counts for: the plan's month (deterministic, whatever the clock).
            period: `${year}-${mm}`,
            source,
            reason,
            evidence,
          },
        });
      };
      // Self-assessment: a twelfth of the criterion's maximum times the unit's performance, ± noise.
      for (const c of card.scale.criteria) {
        const max = hundredths(c.max);
        const room = max - card.criterionTotal(c.id);
        const wanted = Math.round((max / 12) * card.performance * (0.8 + rng.next() * 0.4));
        const p = Math.min(wanted, room);
        if (p <= 0) continue;
        record(
          recorder,
          { entryId: `t${mm}-${c.id}`, criterionId: c.id, kind: 'achievement', points: p, reversed: false },
          'self-assessment',
          `Tự chấm tháng ${month}/${year}: ${c.name}`,
          [`BC-${mm}/${year}/${card.unitId}`],
        );
      }
      // Cross-inspection (kiểm tra chéo): adjusts about a third of the criteria, mostly down.
      if (inspectionMonths.has(month)) {
        for (const c of card.scale.criteria) {
          if (!rng.chance(0.35)) continue;
          const total = card.criterionTotal(c.id);
          const delta = Math.max(-total, Math.min(hundredths(c.max) - total, Math.round(hundredths(c.max) * (rng.next() * 0.06 - 0.04))));
          if (delta === 0) continue;
          record(
            `doan-kiem-tra-${grouping.clusterId}-${card.campaignId}`.slice(0, 128),
            { entryId: `kt${mm}-${c.id}`, criterionId: c.id, kind: 'adjustment', points: delta, reversed: false },
            'cross-inspection',
            `Kết quả kiểm tra chéo tháng ${month}/${year}: ${delta < 0 ? 'trừ' : 'cộng'} điểm tiêu chí "${c.name}"`,
            [`BB-KTC-${mm}/${year}/${grouping.clusterId}`],
          );
        }
      }
      // Bonus (capped) and penalty points.
      if (rng.chance(0.06)) {
        const p = hundredths(rng.pick([5, 5, 10]));
        if (card.sums.bonus + p <= hundredths(card.scale.bonusCap))
          record(
            'cuc-cong-tac-dang-va-cong-tac-chinh-tri',
            { entryId: `th${mm}`, criterionId: null, kind: 'bonus', points: p, reversed: false },
            'ministry',
            p === 1000 ? 'Được tặng thưởng Huân chương' : 'Phá chuyên án lớn, được Bộ biểu dương',
            [`QĐ-${mm}/${year}`],
          );
      }
      if (rng.chance(0.06)) {
        const roll = rng.next();
        const [p, reason] =
          roll < 0.05
            ? [30, 'Cán bộ bị truy cứu trách nhiệm hình sự']
            : roll < 0.45
              ? [10, 'Báo cáo chậm, sai số liệu']
              : roll < 0.85
                ? [5, 'Cán bộ bị kỷ luật khiển trách, cảnh cáo']
                : [2, 'Không đạt chỉ tiêu giao ước'];
        record(
          `doan-kiem-tra-${grouping.clusterId}-${card.campaignId}`.slice(0, 128),
          { entryId: `tr${mm}`, criterionId: null, kind: 'penalty', points: hundredths(p), reversed: false },
          'cluster',
          reason,
          [],
        );
      }
      // About 2% of this month's self-assessments reversed or corrected (half each).
      for (const command of [...lane]) {
        if (command.kind !== 'record-score' || command.body.kind !== 'achievement' || !rng.chance(0.02)) continue;
        const entry = card.entries.get(command.body.entryId!)!;
        const criterionMax = hundredths(card.scale.criteria.find((c) => c.id === entry.criterionId)!.max);
        const total = card.criterionTotal(entry.criterionId!);
        if (rng.chance(0.5)) {
          if (total - entry.points < 0) continue;
          card.add(entry, -1);
          entry.reversed = true;
          lane.push({
            kind: 'reverse-score',
            actor: recorder,
            campaignId: card.campaignId,
            unitId: card.unitId,
            entryId: entry.entryId,
            body: { reason: 'Nhập trùng số liệu, hủy mục chấm điểm' },
          });
        } else {
          const corrected = Math.max(1, Math.min(Math.round(entry.points * (0.7 + rng.next() * 0.45)), criterionMax - (total - entry.points)));
          if (corrected === entry.points || total - entry.points + corrected < 0) continue;
          card.add(entry, -1);
          entry.reversed = true;
          card.add({ ...entry, points: corrected }, 1);
          lane.push({
            kind: 'correct-score',
            actor: recorder,
            campaignId: card.campaignId,
            unitId: card.unitId,
            entryId: entry.entryId,
            body: { points: points(corrected), reason: 'Xác định lại số liệu theo báo cáo thống kê chính thức' },
          });
        }
      }
      if (lane.length > 0) lanes.push(lane);
    }
    yield { name: `${year}-${mm}: score entries`, lanes };

    yield {
      name: `${year}-${mm}: monthly publication of the Ministry's rankings`,
      settleReadModels: true,
      lanes: groupings
        .filter((g) => g.campaignId === ministryCampaignId)
        .map((g) => [
          {
            kind: 'publish-ranking',
            actor: emulationOffice,
            campaignId: g.campaignId,
            clusterId: g.clusterId,
            body: { id: `thang-${mm}-${year}`, period: `${year}-${mm}` },
          },
        ]),
    };

    const ending = phases.filter((p) => Number(p.endsOn.slice(5, 7)) === month);
    if (ending.length > 0) {
      yield {
        name: `${year}-${mm}: phases closed`,
        lanes: [ministryCampaignId, ...provinces.map(provinceCampaignId)].map((campaignId) =>
          ending.map((p): SeedCommand => ({ kind: 'close-phase', actor: emulationOffice, campaignId, phaseId: p.id })),
        ),
      };
    }
  }

  yield {
    name: `${year}: campaigns closed`,
    lanes: [ministryCampaignId, ...provinces.map(provinceCampaignId)].map((campaignId) => [{ kind: 'close-campaign', actor: emulationOffice, campaignId }]),
  };

  // Commendations: each province's yearly pyramid, then the Ministry's flags for its clusters'
  // leaders (after the final rankings are published on closing), then a few revocations.
  const awards = rng.fork('commendations');
  const commendations: SeedCommand[] = [];
  const recorded: { id: string; decidedOn: string; form: CommendationForm; issuer: string }[] = [];
  for (const p of provinces) {
    const count = awards.int(profile.commendationsPerProvince.min, profile.commendationsPerProvince.max);
    const collectives = [p.unit, ...p.divisions, ...p.districts.flatMap((d) => [d.unit, ...d.teams])];
    const short = p.unit.id.slice(3);
    for (let n = 1; n <= count; n++) {
      const award = awards.weighted(AWARDS);
      const individual = award.recipients === 'individual' || (award.recipients === 'any' && p.officers.length > 0 && awards.chance(0.73));
      if (individual && p.officers.length === 0) continue;
      const recipient = individual
        ? { kind: 'individual' as const, id: awards.pick(p.officers) }
        : { kind: 'collective' as const, id: awards.pick(collectives).id };
      // A third at the end of a peak phase (for the phase), the rest at the year's review.
      const phase = phases.length > 0 && award.form !== 'emulation-title' && awards.chance(0.3) ? awards.pick(phases) : null;
      const decidedOn = phase
        ? addDays(phase.endsOn, awards.int(3, 20))
        : awards.chance(0.6)
          ? `${year}-12-${pad2(awards.int(15, 31))}`
          : `${year + 1}-01-${pad2(awards.int(5, 31))}`;
      const state = award.authority === 'president' || award.authority === 'prime-minister';
      const id = `qd-${year}-${short}-${String(n).padStart(5, '0')}`;
      const salaries = award.salaries ? award.salaries[individual ? 0 : 1] : null;
      const amountVnd =
        award.form === 'spot-reward' ? awards.int(5, 80) * 1_000_000 : salaries === null ? undefined : Math.round(salaries * baseSalary(decidedOn));
      commendations.push({
        kind: 'record-commendation',
        actor: `phong-to-chuc-${p.unit.id}`,
        body: {
          id,
          form: award.form,
          authority: award.authority,
          recipient,
          title: award.title,
          ...(state ? {} : { campaignId: award.authority === 'minister' ? ministryCampaignId : provinceCampaignId(p) }),
          ...(phase && !state && award.authority !== 'minister' ? { phaseId: phase.id } : {}),
          achievementId: `tt-${year}-${short}-${String(n).padStart(5, '0')}`,
          decisionNo: `${awards.int(100, 9999)}/QĐ-${award.issuer}`,
          decidedOn,
          achievementPeriod: phase ? { from: phase.startsOn, to: phase.endsOn } : { from: `${year}-01-01`, to: `${year}-12-31` },
          ...(amountVnd === undefined ? {} : { amountVnd }),
        },
      });
      recorded.push({ id, decidedOn, form: award.form, issuer: award.issuer });
    }
  }
  yield { name: `${year}: commendations`, lanes: chunk(commendations, 25) };

  // Flags (docs/domain.md §3): the Government flag to the leader of each Ministry cluster of provinces,
  // the Ministry's flag to the next ones, up to two thirds of the members; never to a vetoed unit.
  const flags: SeedCommand[] = [];
  for (const g of groupings.filter((x) => x.campaignId === ministryCampaignId && x.kind === 'cluster')) {
    // The seed never lets a bonus pass its cap, so the counted bonus rank() orders by is the one entered.
    const ranked = rank(scorecards.filter((s) => s.grouping === g).map(({ card }) => ({ card, ...card.card() }))).map((r) => r.card);
    const ministryFlags = Math.max(0, Math.floor((ranked.length * 2) / 3) - 1);
    ranked.slice(0, 1 + ministryFlags).forEach((card, place) => {
      const government = place === 0;
      flags.push({
        kind: 'record-commendation',
        actor: emulationOffice,
        body: {
          id: `co-${year}-${card.unitId}`,
          form: 'emulation-flag',
          authority: government ? 'prime-minister' : 'minister',
          recipient: { kind: 'collective', id: card.unitId },
          title: government ? 'co-thi-dua-chinh-phu' : 'co-thi-dua-bo',
          campaignId: ministryCampaignId,
          achievementId: `co-thi-dua-${year}-${card.unitId}`,
          decisionNo: `${awards.int(10, 999)}/QĐ-${government ? 'TTg' : 'BCA'}`,
          decidedOn: `${year + 1}-02-${pad2(awards.int(1, 20))}`,
          achievementPeriod: { from: `${year}-01-01`, to: `${year}-12-31` },
          amountVnd: Math.round((government ? 12 : 4.5) * baseSalary(`${year + 1}-02-01`)),
        },
      });
    });
  }
  yield { name: `${year}: emulation flags`, settleReadModels: true, lanes: flags.map((f) => [f]) };

  // A few revocations (about 0.3%), decided months later by the same authority.
  const revocations = recorded
    .filter(() => awards.chance(0.003))
    .map((r): SeedCommand => {
      const ground = awards.weighted(REVOCATION_GROUNDS);
      return {
        kind: 'revoke-commendation',
        actor: 'thanh-tra',
        commendationId: r.id,
        body: {
          ground: ground.ground,
          reason: ground.reason,
          decisionNo: `${awards.int(10, 999)}/QĐ-${r.issuer}`,
          decidedOn: `${year + 1}-${pad2(awards.int(3, 9))}-${pad2(awards.int(1, 28))}`,
        },
      };
    });
  if (revocations.length > 0) yield { name: `${year}: revocations`, lanes: revocations.map((r) => [r]) };
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
