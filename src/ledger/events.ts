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
export type UnitRegistered = Event<'UnitRegistered', { unitId: string; name: string; kind: UnitKind; parentId: string | null }>;
export type UnitMoved = Event<'UnitMoved', { unitId: string; fromParentId: string | null; parentId: string; effectiveOn: string }>;
export type OfficerRegistered = Event<'OfficerRegistered', { officerId: string; fullName: string; rank: string | null; unitId: string }>;

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
export type ClusterMemberAdded = Event<'ClusterMemberAdded', { campaignId: string; clusterId: string; unitId: string }>;
export type ClusterMemberRemoved = Event<'ClusterMemberRemoved', { campaignId: string; clusterId: string; unitId: string }>;
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

// Pledges
export interface PledgeTarget {
  criterionId: string;
  description: string | null;
  target: string;
  measure: string | null;
}
export type PledgeSigned = Event<
  'PledgeSigned',
  {
    campaignId: string;
    pledgeId: string;
    unitId: string;
    signedOn: string;
    targets: PledgeTarget[];
  }
>;

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
  }
>;
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

export type RegistryEvent = UnitRegistered | UnitMoved | OfficerRegistered;
export type CampaignEvent = CampaignLaunched | PhaseAdded | PhaseClosed | CampaignClosed;
export type ClusterEvent = ClusterFormed | ClusterMemberAdded | ClusterMemberRemoved | RankingPublished;
export type ScoreEvent = ScoreEntryRecorded | ScoreEntryReversed | VetoImposed | VetoLifted | ChangeProposed | ChangeApproved | ChangeRejected;
export type CommendationEvent = CommendationRecorded | CommendationRevoked | RecoveryRecorded | ReviewConcluded;
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

export type LedgerEvent = RegistryEvent | CampaignEvent | ClusterEvent | PledgeSigned | ScoreEvent | CommendationEvent | ConferralParametersSet | AccountEvent;
export type LedgerEventType = LedgerEvent['type'];

/** Current schema version of each event type; stored with every event. */
export const SCHEMA_VERSIONS: Record<LedgerEventType, number> = {
  UnitRegistered: 1,
  UnitMoved: 1,
  OfficerRegistered: 1,
  CampaignLaunched: 1,
  PhaseAdded: 1,
  PhaseClosed: 1,
  CampaignClosed: 1,
  ClusterFormed: 1,
  ClusterMemberAdded: 1,
  ClusterMemberRemoved: 1,
  RankingPublished: 1,
  PledgeSigned: 1,
  ScoreEntryRecorded: 1,
  ScoreEntryReversed: 1,
  VetoImposed: 1,
  VetoLifted: 1,
  ChangeProposed: 1,
  ChangeApproved: 1,
  ChangeRejected: 1,
  CommendationRecorded: 1,
  CommendationRevoked: 1,
  RecoveryRecorded: 1,
  ReviewConcluded: 1,
  ConferralParametersSet: 1,
  AccountCreated: 1,
  RoleGranted: 1,
  RoleRevoked: 1,
  PasswordSet: 1,
  TokenIssued: 1,
  TokenRevoked: 1,
};
