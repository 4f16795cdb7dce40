/** The answers the screen reads, as docs/api.md describes them (only the fields it uses). */

export interface AsOf {
  position: number;
  recordedAt: string | null;
}

export type Role = 'recorder' | 'inspector' | 'emulation-officer' | 'administrator' | 'auditor' | 'viewer';

export interface RoleGrant {
  role: Role;
  scope: string | null;
  label?: string;
}

export interface Me {
  id: string;
  displayName: string;
  via: 'token' | 'session' | 'sso';
  roles: RoleGrant[];
}

export interface Session {
  token: string;
  expiresAt: string;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface RankingRow {
  rank: number;
  unitId: string;
  unitName: string;
  total: number;
  bonus: number;
  penalty: number;
  groups: Record<string, number>;
  vetoed: boolean;
  carriedFrom?: string[];
}

export interface Ranking {
  campaignId: string;
  clusterId: string;
  phaseId: string | null;
  period: string | null;
  through: string | null;
  on: string | null;
  asOf: AsOf;
  rows: RankingRow[];
  /** The browse contract adds the groups' names; older servers answer without them. */
  groupNames?: Record<string, string>;
}

export interface ScoreLine {
  criterionId?: string;
  groupId: string;
  name: string;
  max: number;
  raw: number;
  capped: number;
}

export interface Scorecard {
  campaignId: string;
  unitId: string;
  asOf: AsOf;
  on: string | null;
  criteria: ScoreLine[];
  groups: ScoreLine[];
  bonus: { raw: number; counted: number; cap: number };
  penalty: number;
  total: number;
  veto: { reason: string; decisionNo: string; decidedOn: string } | null;
  carriedFrom?: { unitId: string; mergedOn: string }[];
  mergedInto?: { unitId: string; effectiveOn: string };
}

export interface AuditEvent {
  position: number;
  recordedAt: string;
  actor: string;
  type: string;
  entryId: string;
  kind: string;
  source: string;
  criterionId: string | null;
  phaseId: string | null;
  period: string | null;
  occurredOn?: string;
  points: number;
  delta: number;
  runningTotal: number;
  reason: string;
  evidence: string[] | null;
  compensates?: string;
  approval?: { proposalId: string; proposedBy: string; approvedBy: string };
  unitId?: string;
}

export interface Audit {
  asOf: AsOf;
  events: AuditEvent[];
  next: number | null;
}

export interface Replay {
  asOf: AsOf;
  steps: { event: AuditEvent; scorecard: Omit<Scorecard, 'campaignId' | 'unitId' | 'asOf' | 'on' | 'veto'> }[];
}

export interface PublishedRow {
  rank: number;
  unitId: string;
  total: number;
  bonus: number;
  penalty: number;
  vetoed: boolean;
}

export interface Publication {
  publicationId: string;
  period: string;
  phaseId: string | null;
  final: boolean;
  clocks: { asOf: number; through: string | null };
  reflectsPosition: number;
  position: number;
  publishedAt: string;
  publishedBy: string;
  rows: PublishedRow[];
  withdrawal: { reason: string | null; supersededBy: string | null; withdrawnAt: string | null; withdrawnBy: string | null } | null;
}

export interface Publications {
  asOf: AsOf;
  publications: Publication[];
}

export interface Comparison {
  asOf: AsOf;
  publication: Publication;
  current: { rows: RankingRow[] };
  changes: {
    unitId: string;
    publishedRank: number | null;
    currentRank: number | null;
    publishedTotal: number | null;
    currentTotal: number | null;
    publishedVetoed: boolean | null;
    currentVetoed: boolean | null;
  }[];
  events: AuditEvent[];
}

export interface PledgeRow {
  pledgeId: string;
  unitId: string;
  signatory: { kind: 'unit' | 'officer'; id: string };
  criterionId: string;
  description: string | null;
  measure: string | null;
  direction: string | null;
  unit: string | null;
  target: number;
  basis: 'reported' | 'points';
  actual: number | null;
  percent: number | null;
  met: boolean;
  period: string | null;
  evidence: string[];
}

export interface PledgeProgress {
  asOf: AsOf;
  rows: PledgeRow[];
}

export interface ScoreProposal {
  kind: 'score';
  proposalId: string;
  campaignId: string;
  unitId: string;
  action: 'record' | 'reverse' | 'correct';
  change: Record<string, unknown>;
  reason: string;
  proposedBy: string;
  proposedAt: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface PhaseWithdrawalProposal {
  kind: 'phase-withdrawal';
  proposalId: string;
  campaignId: string;
  phaseId: string;
  reason: string;
  proposedBy: string;
  proposedOn?: string;
  proposedAt?: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decisionNote: string | null;
}

export type Proposal = ScoreProposal | PhaseWithdrawalProposal;

export interface RegisterRow {
  form?: string;
  formLabel?: string;
  authority?: string;
  authorityLabel?: string;
  recipientKind?: string;
  recipientKindLabel?: string;
  count: number;
  amountVnd: number;
}

export interface Register {
  asOf: AsOf;
  rows: RegisterRow[];
  total: { count: number; amountVnd: number };
}

export interface Commendation {
  commendationId: string;
  form: string;
  formLabel?: string;
  authority: string;
  authorityLabel?: string;
  recipient: { kind: 'collective' | 'individual'; id: string; name?: string };
  recipientName?: string;
  title: string | null;
  decisionNo: string;
  decidedOn: string;
  achievementYear?: number;
  amountVnd: number | null;
  status: string;
  restsOn?: unknown[];
  revocation?: { ground?: string; reason?: string; decisionNo?: string; decidedOn?: string } | null;
}

export interface UnitSummary {
  unitId: string;
  name: string;
  kind: string;
  parentId?: string | null;
  status?: string;
}

export interface UnitTree extends UnitSummary {
  children: UnitTree[];
}

/** A unit named by a read, with its name on the read's clocks. */
export interface NamedRef {
  unitId: string;
  name: string | null;
}

export interface CampaignSummary {
  campaignId?: string;
  id?: string;
  title?: string;
  name?: string;
  year?: number;
  organiser?: NamedRef;
  startsOn?: string;
  endsOn?: string;
  /** open, closed (tổng kết) */
  status?: string;
}

export interface ClusterSummary {
  clusterId?: string;
  id?: string;
  name?: string;
  kind?: string;
  head?: NamedRef;
  memberCount?: number;
  members?: { unitId: string; unitName?: string | null; fromOn?: string | null; toOn?: string | null }[];
}

export interface CampaignDetail extends CampaignSummary {
  organizerUnitId?: string;
  organiserId?: string;
  scale?: {
    groups: { id?: string; groupId?: string; name: string; maxPoints?: number }[];
    criteria: { id?: string; criterionId?: string; groupId: string; name: string; maxPoints?: number }[];
    bonusCap?: number;
  };
  phases?: { id?: string; phaseId?: string; name: string; startsOn: string; endsOn: string; status?: string }[];
  clusters?: ClusterSummary[];
}

export interface Term {
  code: string;
  label: string;
}

export interface Vocabularies {
  forms: Term[];
  authorities: Term[];
  recipientKinds: Term[];
  scoreEntryKinds?: Term[];
  scoreSources?: Term[];
  [name: string]: Term[] | undefined;
}

/** One message of the live stream (GET /api/live). */
export interface LivePosition {
  position: number;
  recordedAt: string;
  campaignIds: string[];
  touched: {
    rankings: { campaignId: string; clusterId: string }[];
    scorecards: { campaignId: string; unitId: string }[];
    publications?: { campaignId: string; clusterId: string }[];
  };
}

/** A campaign's or a cluster's id, whichever name the list answers with. */
export const idOf = (item: { campaignId?: string; clusterId?: string; id?: string }): string => item.campaignId ?? item.clusterId ?? item.id ?? '';
