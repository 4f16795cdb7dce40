/**
 * Every fact the ledger records. Events are plain data `{ type, data }`: the store adds id,
 * stream, version, position, metadata and recorded-at. Points are canonical decimal strings
 * (see points.ts); dates are ISO `YYYY-MM-DD`. Changing a payload's shape means a new schema
 * version here and an upcaster; recorded events are never rewritten.
 */
type Event<Type extends string, Data> = { type: Type; data: Data };

export type UnitKind = 'ministry' | 'department' | 'province' | 'division' | 'district' | 'commune' | 'team';
export type CampaignForm = 'regular' | 'thematic';
export type ClusterKind = 'cluster' | 'block';
export type ScoreEntryKind = 'achievement' | 'adjustment' | 'bonus' | 'penalty';
export type ScoreSource = 'self-assessment' | 'cross-inspection' | 'cluster' | 'ministry';
export type CommendationForm =
  | 'order'
  | 'medal'
  | 'honorary-title'
  | 'commemorative-medal'
  | 'diploma-of-merit'
  | 'certificate-of-merit'
  | 'emulation-flag'
  | 'emulation-title'
  | 'spot-reward';
export type Authority = 'president' | 'prime-minister' | 'minister' | 'general-department' | 'province' | 'unit-head';
export type RecipientKind = 'collective' | 'individual';
export type RevocationGround = 'false-declaration' | 'forged-documents' | 'unlawful-approval' | 'standard-not-met';

export const UNIT_KINDS: readonly UnitKind[] = ['ministry', 'department', 'province', 'division', 'district', 'commune', 'team'];
export const CAMPAIGN_FORMS: readonly CampaignForm[] = ['regular', 'thematic'];
export const CLUSTER_KINDS: readonly ClusterKind[] = ['cluster', 'block'];
export const SCORE_ENTRY_KINDS: readonly ScoreEntryKind[] = ['achievement', 'adjustment', 'bonus', 'penalty'];
export const SCORE_SOURCES: readonly ScoreSource[] = ['self-assessment', 'cross-inspection', 'cluster', 'ministry'];
export const COMMENDATION_FORMS: readonly CommendationForm[] = [
  'order',
  'medal',
  'honorary-title',
  'commemorative-medal',
  'diploma-of-merit',
  'certificate-of-merit',
  'emulation-flag',
  'emulation-title',
  'spot-reward',
];
export const AUTHORITIES: readonly Authority[] = ['president', 'prime-minister', 'minister', 'general-department', 'province', 'unit-head'];
export const RECIPIENT_KINDS: readonly RecipientKind[] = ['collective', 'individual'];
export const REVOCATION_GROUNDS: readonly RevocationGround[] = ['false-declaration', 'forged-documents', 'unlawful-approval', 'standard-not-met'];

// Registry
/** `establishedOn` (added without a schema bump: optional, absent in older events): none means "as long as the ledger knows". */
export type UnitRegistered = Event<'UnitRegistered', { unitId: string; name: string; kind: UnitKind; parentId: string | null; establishedOn?: string }>;
/** `fromParentId`: the parent the unit had on `effectiveOn` before this move. */
export type UnitMoved = Event<'UnitMoved', { unitId: string; fromParentId: string | null; parentId: string; effectiveOn: string }>;
export type UnitRenamed = Event<'UnitRenamed', { unitId: string; fromName: string; fromKind: UnitKind; name: string; kind: UnitKind; effectiveOn: string }>;
/**
 * Written on the merged unit's stream: from `effectiveOn` it is no longer current; its direct
 * subunits and officers of that date (listed) carry on under the successor.
 */
export type UnitMerged = Event<'UnitMerged', { unitId: string; successorId: string; effectiveOn: string; movedUnitIds: string[]; movedOfficerIds: string[] }>;
/** Giải thể: with a successor, its subunits and officers (listed) move to it in the same event; without, it had none. */
export type UnitDissolved = Event<
  'UnitDissolved',
  { unitId: string; effectiveOn: string; successorId: string | null; movedUnitIds: string[]; movedOfficerIds: string[] }
>;
export const RETIREMENT_REASONS = ['retired', 'registered-in-error'] as const;
export type RetirementReason = (typeof RETIREMENT_REASONS)[number];
/** The compensation of a unit registered by mistake: kept in history, gone from current reads. */
export type UnitRetired = Event<'UnitRetired', { unitId: string; reason: 'registered-in-error'; note: string }>;
export type OfficerRegistered = Event<'OfficerRegistered', { officerId: string; fullName: string; rank: string | null; unitId: string }>;
export type OfficerTransferred = Event<'OfficerTransferred', { officerId: string; fromUnitId: string; unitId: string; effectiveOn: string }>;
/** Nghỉ hưu (`retiredOn`), or the compensation of an officer registered by mistake (`retiredOn` null). */
export type OfficerRetired = Event<'OfficerRetired', { officerId: string; reason: RetirementReason; retiredOn: string | null; note: string | null }>;

// Campaigns and phases
export interface ScaleGroup {
  id: string;
  name: string;
  maxPoints: string;
}
export interface ScaleCriterion {
  id: string;
  groupId: string;
  name: string;
  maxPoints: string;
}
export interface Scale {
  groups: ScaleGroup[];
  criteria: ScaleCriterion[];
  bonusCap: string;
}

export type CampaignLaunched = Event<
  'CampaignLaunched',
  {
    campaignId: string;
    title: string;
    form: CampaignForm;
    organizerUnitId: string;
    startsOn: string;
    endsOn: string;
    slogan: string | null;
    scale: Scale;
  }
>;
export type PhaseAdded = Event<
  'PhaseAdded',
  {
    campaignId: string;
    phaseId: string;
    name: string;
    startsOn: string;
    endsOn: string;
    occasion: string | null;
    slogan: string | null;
  }
>;
export type PhaseClosed = Event<'PhaseClosed', { campaignId: string; phaseId: string }>;
/**
 * A phase created by mistake, withdrawn: before it starts directly (`withdrawnOn` < its `startsOn`),
 * after through the two-person rule (right after a PhaseWithdrawalApproved). Its PhaseAdded stays in
 * the log; the phase no longer takes entries, decisions or publications.
 */
export type PhaseWithdrawn = Event<'PhaseWithdrawn', { campaignId: string; phaseId: string; reason: string; withdrawnOn: string }>;
/** An administrator proposes withdrawing a phase that has started (two-person rule); it has no live score entries. */
export type PhaseWithdrawalProposed = Event<
  'PhaseWithdrawalProposed',
  { campaignId: string; phaseId: string; proposalId: string; reason: string; proposedBy: string; proposedOn: string }
>;
/** Another administrator approves: followed in the same append by the PhaseWithdrawn it allows. */
export type PhaseWithdrawalApproved = Event<
  'PhaseWithdrawalApproved',
  { campaignId: string; phaseId: string; proposalId: string; proposedBy: string; approvedBy: string; note: string | null }
>;
/** Another administrator rejects, with a reason: the phase stays. */
export type PhaseWithdrawalRejected = Event<
  'PhaseWithdrawalRejected',
  { campaignId: string; phaseId: string; proposalId: string; proposedBy: string; rejectedBy: string; reason: string }
>;
export type CampaignClosed = Event<'CampaignClosed', { campaignId: string }>;

// Clusters and blocks
export type ClusterFormed = Event<
  'ClusterFormed',
  {
    campaignId: string;
    clusterId: string;
    name: string;
    kind: ClusterKind;
    headUnitId: string;
    deputyUnitId: string | null;
    memberUnitIds: string[];
  }
>;
/**
 * A member added to or removed from a cluster, with effect from `effectiveOn` (the business date: a
 * member removed is not one on that day; v2). v1 events had none: upcast to the day they were
 * recorded in Vietnam time (UTC+7). The members named at formation stand from the campaign's start.
 */
export type ClusterMemberAdded = Event<'ClusterMemberAdded', { campaignId: string; clusterId: string; unitId: string; effectiveOn: string }>;
export type ClusterMemberRemoved = Event<'ClusterMemberRemoved', { campaignId: string; clusterId: string; unitId: string; effectiveOn: string }>;
/** A row of a published ranking: points as canonical decimal strings, like every event. */
export interface PublishedRow {
  rank: number;
  unitId: string;
  total: string;
  bonus: string;
  penalty: string;
  vetoed: boolean;
}
/** A published ranking is a fact of its own: later corrections supersede it, never rewrite it. */
export type RankingPublished = Event<
  'RankingPublished',
  {
    campaignId: string;
    clusterId: string;
    publicationId: string;
    period: string;
    phaseId: string | null;
    /** The global log position the ranking reflects. */
    position: number;
    rows: PublishedRow[];
    final: boolean;
  }
>;

/** A publication withdrawn (and, when named, superseded by a later one of the same cluster): the original stays. */
export type PublicationWithdrawn = Event<
  'PublicationWithdrawn',
  { campaignId: string; clusterId: string; publicationId: string; reason: string; supersededBy: string | null }
>;

// Pledges
/** What a target counts in: a percentage, a number of things, a ratio, or done / not done (1 / 0). */
export type PledgeMeasure = 'percent' | 'count' | 'ratio' | 'yes-no';
/** How the actual is held against the target: at least it, at most it, or a reduction by at least it. */
export type PledgeDirection = 'at-least' | 'at-most' | 'reduce-by';
export const PLEDGE_MEASURES: readonly PledgeMeasure[] = ['percent', 'count', 'ratio', 'yes-no'];
export const PLEDGE_DIRECTIONS: readonly PledgeDirection[] = ['at-least', 'at-most', 'reduce-by'];
export interface PledgeTarget {
  criterionId: string;
  description: string | null;
  /** Decimal string, at most 2 places, in the target's own measure (points when `measure` is null). */
  target: string;
  /**
   * Schema version 2. Null: the target is held against the unit's points on its criterion (the
   * behaviour of version 1, whose `measure` was a free label, now `unitLabel`: the upcaster).
   */
  measure: PledgeMeasure | null;
  /** Null with a null measure; `at-least` when a measure is given without one. */
  direction: PledgeDirection | null;
  /** The label people read beside the numbers (`%`, `vụ`, `điểm`): version 1's `measure`. */
  unitLabel: string | null;
}
/** Who signs: a unit, or an officer (a personal pledge, under the officer's unit). */
export interface PledgeSignatory {
  kind: 'unit' | 'officer';
  id: string;
}
export type PledgeSigned = Event<
  'PledgeSigned',
  {
    campaignId: string;
    pledgeId: string;
    /** The unit the pledge is under: the signing unit, or the signing officer's unit. */
    unitId: string;
    /** Schema version 2; version 1 (units only) is upcast to `{ kind: 'unit', id: unitId }`. */
    signatory: PledgeSignatory;
    signedOn: string;
    targets: PledgeTarget[];
  }
>;
/** A unit's report of where a measured target stands (báo cáo kết quả thực hiện chỉ tiêu) for a month. */
export type PledgeActualReported = Event<
  'PledgeActualReported',
  {
    campaignId: string;
    pledgeId: string;
    criterionId: string;
    /** The month reported (`YYYY-MM`): the value is the target's measure as it stands at that month's end. */
    period: string;
    /** Decimal string, at most 2 places, in the target's measure (a reduce-by target: the reduction achieved, negative if it rose). */
    value: string;
    evidence: string[];
  }
>;
export type PledgeEvent = PledgeSigned | PledgeActualReported;

// Scores
export type ScoreEntryRecorded = Event<
  'ScoreEntryRecorded',
  {
    campaignId: string;
    unitId: string;
    entryId: string;
    kind: ScoreEntryKind;
    criterionId: string | null;
    /** As entered, positive for bonus and penalty; the sign of an adjustment is its direction. */
    points: string;
    phaseId: string | null;
    /**
     * The month the entry counts for (`YYYY-MM`, the business clock), within the campaign and its
     * phase. Schema version 1 had none: the upcaster (recorded-event.ts) derives it from the
     * recording time, its month in Vietnam time (UTC+7).
     */
    period: string;
    /** The day it happened (`YYYY-MM-DD`, inside `period`), when known. */
    occurredOn?: string;
    source: ScoreSource;
    reason: string;
    evidence: string[];
    /** Set on the replacement written by a correction: the entry it replaces. */
    replaces: string | null;
    /** Set when the entry was written by an approved proposal (a change to a closed phase or campaign). */
    approval?: Approval;
  }
>;
export type ScoreEntryReversed = Event<
  'ScoreEntryReversed',
  {
    campaignId: string;
    unitId: string;
    entryId: string;
    reason: string;
    /** Set when the reversal is half of a correction: the replacement entry. */
    correctedBy: string | null;
    approval?: Approval;
  }
>;

/**
 * Two-person rule: in a closed phase or campaign a score changes only by a proposal of one
 * administrator approved by another. The change is stated in full when proposed (points as
 * canonical strings, ids fixed), so what is approved is exactly what was proposed.
 */
export type ProposedScoreChange =
  | {
      action: 'record';
      entry: {
        entryId: string;
        kind: ScoreEntryKind;
        criterionId: string | null;
        points: string;
        phaseId: string | null;
        /** Schema version 1 had none: derived from the proposal's recording time, like an entry's. */
        period: string;
        occurredOn?: string;
        source: ScoreSource;
        evidence: string[];
      };
    }
  | { action: 'reverse'; entryId: string }
  | { action: 'correct'; entryId: string; replacementEntryId: string; points: string; evidence: string[] | null };
export const PROPOSAL_ACTIONS = ['record', 'reverse', 'correct'] as const;
export type ProposalAction = (typeof PROPOSAL_ACTIONS)[number];
/** Who proposed and who approved the change that wrote an event. */
export interface Approval {
  proposalId: string;
  proposedBy: string;
  approvedBy: string;
}
export type ChangeProposed = Event<
  'ChangeProposed',
  {
    campaignId: string;
    unitId: string;
    proposalId: string;
    change: ProposedScoreChange;
    reason: string;
    proposedBy: string;
  }
>;
export type ChangeApproved = Event<
  'ChangeApproved',
  {
    campaignId: string;
    unitId: string;
    proposalId: string;
    proposedBy: string;
    approvedBy: string;
    note: string | null;
  }
>;
export type ChangeRejected = Event<
  'ChangeRejected',
  {
    campaignId: string;
    unitId: string;
    proposalId: string;
    proposedBy: string;
    rejectedBy: string;
    reason: string;
  }
>;

/** Điểm liệt: removes flag eligibility whatever the score (docs/domain.md §5), until lifted. */
export interface VetoDecision {
  reason: string;
  decisionNo: string;
  decidedOn: string;
}
export type VetoImposed = Event<'VetoImposed', { campaignId: string; unitId: string } & VetoDecision>;
export type VetoLifted = Event<'VetoLifted', { campaignId: string; unitId: string } & VetoDecision>;
/**
 * A veto imposed by mistake, annulled (hủy bỏ): unlike lifting, the veto never applied. Reads as of
 * after the annulment treat it as never in force; reads as of before still show it.
 */
export type VetoAnnulled = Event<'VetoAnnulled', { campaignId: string; unitId: string } & VetoDecision>;

// Commendations
export interface Recipient {
  kind: RecipientKind;
  id: string;
}
export interface Period {
  from: string;
  to: string;
}
export type CommendationRecorded = Event<
  'CommendationRecorded',
  {
    commendationId: string;
    form: CommendationForm;
    authority: Authority;
    recipient: Recipient;
    title: string | null;
    campaignId: string | null;
    phaseId: string | null;
    achievementId: string | null;
    decisionNo: string;
    decidedOn: string;
    achievementPeriod: Period | null;
    amountVnd: number | null;
    /** CSTĐCS: the recognised initiative (sáng kiến) it needs (docs/domain.md §6 rule 4). */
    initiativeRef?: string;
    /** The awards this decision's title chain or unit title rested on: their revocation puts it under review. */
    restsOn?: string[];
    /** Quota slots taken (e.g. the 3rd Ministry flag of a cluster), as store claims: audit of rule 6. */
    quotaSlots?: string[];
    /** A decision of before the ledger, recorded after the fact from the books (docs/domain.md §6, historical decisions). */
    recordedAs?: 'historical';
    /** Where a historical decision is written: the book or document, page, scanned file. */
    source?: HistoricalSource;
    /** A historical decision: the eligibility rules that could not hold on what the ledger knows of its year (recorded, not refused). */
    warnings?: RuleWarning[];
  }
>;
export interface HistoricalSource {
  document: string;
  page: string | null;
  fileRef: string | null;
}
/** A rule a historical decision was recorded against: the refusal a new decision would get, kept as a warning. */
export interface RuleWarning {
  code: string;
  detail: string;
  field: string | null;
}
export type CommendationRevoked = Event<
  'CommendationRevoked',
  {
    commendationId: string;
    ground: RevocationGround;
    reason: string;
    decisionNo: string;
    decidedOn: string;
    /** The authority that revoked it: the conferring one or a higher one (docs/domain.md §6 rule 7). */
    authority?: Authority;
  }
>;
/** Thu hồi: the award object and the money given back after a revocation (law Art 94). */
export type RecoveryRecorded = Event<
  'RecoveryRecorded',
  {
    commendationId: string;
    objectRecovered: boolean;
    amountVnd: number;
    recordedOn: string;
    note: string | null;
  }
>;
/** A revocation annulled (by the revoking authority or a higher one): the decision is in force again, its claims kept. */
export type RevocationAnnulled = Event<
  'RevocationAnnulled',
  { commendationId: string; reason: string; decisionNo: string; decidedOn: string; authority: Authority; annulledRevocationNo: string }
>;
/** The fields of a decision a correction may change. */
export interface CorrectableDecision {
  decisionNo: string;
  decidedOn: string;
  recipient: Recipient;
}
/**
 * A decision's number, date or recipient corrected: `changes` holds only the fields that change,
 * `previous` their values before. A new recipient passed the same rules as a new decision;
 * `restsOn` and `quotaSlots` are then those of the corrected decision.
 */
export type CommendationCorrected = Event<
  'CommendationCorrected',
  {
    commendationId: string;
    reason: string;
    changes: Partial<CorrectableDecision>;
    previous: Partial<CorrectableDecision>;
    /** Set when a new date moves the year the award is for (no achievementPeriod: the year it was decided). */
    achievementYear?: number;
    restsOn?: string[];
    quotaSlots?: string[];
  }
>;
/** A decision under review because one it rested on was revoked, kept after review (its basis may stand without it). */
export type ReviewConcluded = Event<
  'ReviewConcluded',
  {
    commendationId: string;
    outcome: 'upheld';
    reason: string;
    revokedBasis: string[];
  }
>;

export type UnitEvent = UnitRegistered | UnitMoved | UnitRenamed | UnitMerged | UnitDissolved | UnitRetired;
export type OfficerEvent = OfficerRegistered | OfficerTransferred | OfficerRetired;
export type RegistryEvent = UnitEvent | OfficerEvent;
export type CampaignEvent =
  CampaignLaunched | PhaseAdded | PhaseClosed | PhaseWithdrawn | PhaseWithdrawalProposed | PhaseWithdrawalApproved | PhaseWithdrawalRejected | CampaignClosed;
export type ClusterEvent = ClusterFormed | ClusterMemberAdded | ClusterMemberRemoved | RankingPublished | PublicationWithdrawn;
export type ScoreEvent = ScoreEntryRecorded | ScoreEntryReversed | VetoImposed | VetoLifted | VetoAnnulled | ChangeProposed | ChangeApproved | ChangeRejected;
export type CommendationEvent = CommendationRecorded | CommendationRevoked | RecoveryRecorded | ReviewConcluded | RevocationAnnulled | CommendationCorrected;
/** The yearly parameters of the conferral rules (quotas, top-k), as set by the organiser. */
export type ConferralParametersSet = Event<
  'ConferralParametersSet',
  {
    year: number;
    governmentFlagTopK: number;
    governmentFlagsPerCluster: number;
    ministryFlagShare: string;
    cstdcsShareOfCstt: string;
  }
>;
// Accounts: who may do what is itself on the record (secrets only as hashes).
export type AccountCreated = Event<'AccountCreated', { accountId: string; displayName: string }>;
export type RoleGranted = Event<'RoleGranted', { accountId: string; role: string; scope: string | null }>;
export type RoleRevoked = Event<'RoleRevoked', { accountId: string; role: string; scope: string | null }>;
/** `passwordHash`: `scrypt$<N>$<r>$<p>$<salt>$<hash>` (base64url). */
export type PasswordSet = Event<'PasswordSet', { accountId: string; passwordHash: string }>;
/** `tokenHash`: SHA-256 of the token (hex); the token itself is answered once and never stored. */
export type TokenIssued = Event<'TokenIssued', { accountId: string; tokenId: string; label: string; tokenHash: string; expiresAt: string | null }>;
export type TokenRevoked = Event<'TokenRevoked', { accountId: string; tokenId: string }>;
export type AccountEvent = AccountCreated | RoleGranted | RoleRevoked | PasswordSet | TokenIssued | TokenRevoked;

export type LedgerEvent = RegistryEvent | CampaignEvent | ClusterEvent | PledgeEvent | ScoreEvent | CommendationEvent | ConferralParametersSet | AccountEvent;
export type LedgerEventType = LedgerEvent['type'];

/** Current schema version of each event type; stored with every event. */
export const SCHEMA_VERSIONS: Record<LedgerEventType, number> = {
  UnitRegistered: 1,
  UnitMoved: 1,
  UnitRenamed: 1,
  UnitMerged: 1,
  UnitDissolved: 1,
  UnitRetired: 1,
  OfficerRegistered: 1,
  OfficerTransferred: 1,
  OfficerRetired: 1,
  CampaignLaunched: 1,
  PhaseAdded: 1,
  PhaseClosed: 1,
  PhaseWithdrawn: 1,
  PhaseWithdrawalProposed: 1,
  PhaseWithdrawalApproved: 1,
  PhaseWithdrawalRejected: 1,
  CampaignClosed: 1,
  ClusterFormed: 1,
  ClusterMemberAdded: 2,
  ClusterMemberRemoved: 2,
  RankingPublished: 1,
  PublicationWithdrawn: 1,
  PledgeSigned: 2,
  PledgeActualReported: 1,
  ScoreEntryRecorded: 2,
  ScoreEntryReversed: 1,
  VetoImposed: 1,
  VetoLifted: 1,
  VetoAnnulled: 1,
  ChangeProposed: 2,
  ChangeApproved: 1,
  ChangeRejected: 1,
  CommendationRecorded: 1,
  CommendationRevoked: 1,
  RecoveryRecorded: 1,
  ReviewConcluded: 1,
  RevocationAnnulled: 1,
  CommendationCorrected: 1,
  ConferralParametersSet: 1,
  AccountCreated: 1,
  RoleGranted: 1,
  RoleRevoked: 1,
  PasswordSet: 1,
  TokenIssued: 1,
  TokenRevoked: 1,
};
