import { DomainRuleError } from '../errors.js';
import type { CommendationRecorded, PublishedRow } from '../events.js';
import { shareOf, type ConferralParameters } from './conferral-parameters.js';
import type { TitleCode } from './conferral-authority.js';

/**
 * Eligibility rules of docs/domain.md §6 checked when a decision is recorded: flags (rule 3), title
 * chains (rule 4) and quotas (rule 6). Pure: the facts are gathered by the caller (what the
 * recipient and its members hold, the cluster's final published ranking) and passed in.
 *
 * A decision that passes states what it rested on (`restsOn`: the awards its chain or unit title
 * needed), so that a later revocation of one of them puts it on the review list (rule 7).
 */

type Decision = CommendationRecorded['data'];

/** An award in force (not revoked) held by a recipient. */
export interface HeldAward {
  commendationId: string;
  form: string;
  authority: string;
  title: string | null;
  year: number;
  decidedOn: string;
}

export interface ClusterFacts {
  clusterId: string;
  /** Rows of the cluster's final published ranking of the campaign (publication on closing); null if none. */
  finalRanking: PublishedRow[] | null;
  /** Flags of that kind already recorded for members of this cluster in this campaign. */
  flagsInForce: number;
  flagsEverRecorded: number;
}

export interface EligibilityFacts {
  parameters: ConferralParameters;
  /** The recipient's awards in force, any year. */
  recipientAwards: HeldAward[];
  /** A collective recipient: how many officers it has, and their titles in force of the decision's year. */
  unitMembers: { officers: number; titlesOfYear: { officerId: string; award: HeldAward }[] } | null;
  /** An individual's unit, for the CSTĐCS quota: its CSTT holders and CSTĐCS recorded in the year. */
  unitQuota: { unitId: string; csttHolders: number; cstdcsInForce: number; cstdcsEverRecorded: number } | null;
  /** A flag's cluster in the decision's campaign (null when the unit is in none). */
  cluster: ClusterFacts | null;
  /** A veto (điểm liệt) is in force for the unit in the decision's campaign. */
  vetoed: boolean;
}

export interface Eligibility {
  restsOn: string[];
  /** Quota slots the append takes (unique store claims), so concurrent decisions cannot both fill the last one. */
  claims: string[];
}

/** What a requirement missing from a chain looks like in a refusal. */
export interface MissingRequirement {
  requirement: string;
  title?: TitleCode;
  years?: number[];
  field?: string;
  detail?: string;
}

const CSTT: TitleCode = 'chien-si-tien-tien';
const CSTDCS: TitleCode = 'chien-si-thi-dua-co-so';
const CSTD_BO: TitleCode = 'chien-si-thi-dua-bo';
const CSTD_TOAN_QUOC: TitleCode = 'chien-si-thi-dua-toan-quoc';

/**
 * The year an award is for: the end of its achievement period, else the year it was decided.
 * (A title for 2026 decided in January 2027 should carry its achievementPeriod.)
 */
export function achievementYear(decision: Pick<Decision, 'achievementPeriod' | 'decidedOn'>): number {
  return Number((decision.achievementPeriod?.to ?? decision.decidedOn).slice(0, 4));
}

/** The facts a decision's rules look at, so that only those are gathered. */
export function factsNeeded(decision: Pick<Decision, 'form' | 'title' | 'authority' | 'recipient'>): Set<keyof Omit<EligibilityFacts, 'parameters'>> {
  const needed = new Set<keyof Omit<EligibilityFacts, 'parameters'>>();
  const individual = decision.recipient.kind === 'individual';
  if (decision.form === 'emulation-flag' && (decision.title === 'co-thi-dua-chinh-phu' || decision.title === 'co-thi-dua-bo'))
    needed.add('cluster').add('vetoed');
  if (decision.form === 'emulation-title' && individual && (decision.title === CSTDCS || decision.title === CSTD_BO || decision.title === CSTD_TOAN_QUOC))
    needed.add('recipientAwards');
  if (decision.form === 'emulation-title' && individual && decision.title === CSTDCS) needed.add('unitQuota');
  if (decision.form === 'emulation-title' && !individual && (decision.title === 'don-vi-tien-tien' || decision.title === 'don-vi-quyet-thang'))
    needed.add('unitMembers');
  if (decision.form === 'diploma-of-merit' && decision.authority === 'prime-minister' && individual) needed.add('recipientAwards');
  return needed;
}

export function checkEligibility(decision: Decision & { initiativeRef?: string | null }, facts: EligibilityFacts): Eligibility {
  const year = achievementYear(decision);
  if (decision.form === 'emulation-flag' && (decision.title === 'co-thi-dua-chinh-phu' || decision.title === 'co-thi-dua-bo')) {
    return checkFlag(decision, decision.title, facts);
  }
  if (decision.form === 'emulation-title' && decision.recipient.kind === 'individual') {
    switch (decision.title) {
      case CSTDCS: {
        const missing: MissingRequirement[] = [];
        const cstt = holding(facts.recipientAwards, CSTT, [year], missing);
        if (!decision.initiativeRef)
          missing.push({ requirement: 'recognised-initiative', field: 'initiativeRef', detail: 'a recognised initiative (sáng kiến) of the year' });
        refuseIfMissing(CSTDCS, year, missing);
        return { restsOn: cstt, claims: [cstdcsQuotaSlot(decision, year, facts)] };
      }
      case CSTD_BO:
        return { restsOn: chain(CSTD_BO, year, facts.recipientAwards, CSTDCS, [year - 3, year - 2, year - 1]), claims: [] };
      case CSTD_TOAN_QUOC:
        return { restsOn: chain(CSTD_TOAN_QUOC, year, facts.recipientAwards, CSTD_BO, [year - 2, year - 1]), claims: [] };
    }
  }
  if (
    decision.form === 'emulation-title' &&
    decision.recipient.kind === 'collective' &&
    (decision.title === 'don-vi-tien-tien' || decision.title === 'don-vi-quyet-thang')
  ) {
    return checkUnitTitle(decision.title, year, facts);
  }
  if (decision.form === 'diploma-of-merit' && decision.authority === 'prime-minister' && decision.recipient.kind === 'individual') {
    return checkPrimeMinisterDiploma(decision, year, facts);
  }
  return { restsOn: [], claims: [] };
}

/** Rule 4: a title needs another title in each of the given years. */
function chain(title: TitleCode, year: number, awards: HeldAward[], needs: TitleCode, years: number[]): string[] {
  const missing: MissingRequirement[] = [];
  const restsOn = holding(awards, needs, years, missing);
  refuseIfMissing(title, year, missing);
  return restsOn;
}

/** The awards of `title` held in `years`; the years without one are added to `missing`. */
function holding(awards: HeldAward[], title: TitleCode, years: number[], missing: MissingRequirement[]): string[] {
  const found = years.map((y) => awards.find((a) => a.title === title && a.year === y));
  const absent = years.filter((_, i) => !found[i]);
  if (absent.length > 0) missing.push({ requirement: 'title', title, years: absent });
  return found.filter((a): a is HeldAward => a !== undefined).map((a) => a.commendationId);
}

function refuseIfMissing(title: string, year: number, missing: MissingRequirement[]): void {
  if (missing.length === 0) return;
  const described = missing.map((m) => (m.requirement === 'title' ? `${m.title} in ${m.years!.join(', ')}` : (m.detail ?? m.requirement))).join('; ');
  throw new DomainRuleError('title-chain-incomplete', `'${title}' for ${year} needs: ${described} (Luật TĐKT 2022, Chương II-III)`, 'title', { missing });
}

function cstdcsQuotaSlot(decision: Decision, year: number, facts: EligibilityFacts): string {
  const quota = facts.unitQuota;
  if (!quota) return `quota:${CSTDCS}:${decision.recipient.id}:${year}`;
  const limit = shareOf(quota.csttHolders, facts.parameters.cstdcsShareOfCstt);
  if (quota.cstdcsInForce + 1 > limit) {
    throw new DomainRuleError(
      'quota-exceeded',
      `unit '${quota.unitId}' may confer ${limit} CSTĐCS for ${year} (${facts.parameters.cstdcsShareOfCstt} of ${quota.csttHolders} CSTT holders) and has ${quota.cstdcsInForce} (the year's quota; Luật TĐKT 2022, Nghị định 98/2023/NĐ-CP)`,
      'title',
      { unitId: quota.unitId, year, limit, inForce: quota.cstdcsInForce, csttHolders: quota.csttHolders, share: facts.parameters.cstdcsShareOfCstt },
    );
  }
  return `quota:${CSTDCS}:${quota.unitId}:${year}:${quota.cstdcsEverRecorded + 1}`;
}

function checkFlag(decision: Decision, flag: 'co-thi-dua-chinh-phu' | 'co-thi-dua-bo', facts: EligibilityFacts): Eligibility {
  if (decision.recipient.kind !== 'collective')
    throw new DomainRuleError('flag-needs-collective', 'an emulation flag is conferred on a unit (recipient.kind collective)', 'recipient.kind');
  if (decision.campaignId === null)
    throw new DomainRuleError('campaign-required', 'an emulation flag names the campaign whose final ranking it rewards', 'campaignId');
  if (facts.vetoed)
    throw new DomainRuleError(
      'unit-vetoed',
      `unit '${decision.recipient.id}' is under a veto (điểm liệt) in campaign '${decision.campaignId}': no flag (Thông tư 04/2024/TT-BCA)`,
      'recipient.id',
    );
  const cluster = facts.cluster;
  if (!cluster)
    throw new DomainRuleError('not-in-cluster', `unit '${decision.recipient.id}' is in no cluster of campaign '${decision.campaignId}'`, 'recipient.id');
  const ranking = cluster.finalRanking;
  if (!ranking) {
    throw new DomainRuleError(
      'final-ranking-not-published',
      `cluster '${cluster.clusterId}' has no final published ranking of campaign '${decision.campaignId}' yet (published when the campaign closes)`,
      'campaignId',
    );
  }
  const row = ranking.find((r) => r.unitId === decision.recipient.id);
  const { parameters } = facts;
  let limit: number;
  if (flag === 'co-thi-dua-chinh-phu') {
    if (!row || row.rank > parameters.governmentFlagTopK) {
      throw new DomainRuleError(
        'flag-rank-too-low',
        `a Government flag goes to the top ${parameters.governmentFlagTopK} of cluster '${cluster.clusterId}'s final ranking; '${decision.recipient.id}' ranked ${row ? row.rank : 'nowhere'} (Luật TĐKT 2022, Chương II; Thông tư 04/2024/TT-BCA)`,
        'recipient.id',
        { rank: row?.rank ?? null, topK: parameters.governmentFlagTopK, clusterId: cluster.clusterId },
      );
    }
    limit = parameters.governmentFlagsPerCluster;
  } else {
    limit = shareOf(ranking.length, parameters.ministryFlagShare);
  }
  if (cluster.flagsInForce + 1 > limit) {
    throw new DomainRuleError(
      'quota-exceeded',
      `cluster '${cluster.clusterId}' may receive ${limit} ${flag} in campaign '${decision.campaignId}' and has ${cluster.flagsInForce} (the year's quota; Thông tư 04/2024/TT-BCA)`,
      'title',
      { clusterId: cluster.clusterId, limit, inForce: cluster.flagsInForce, members: ranking.length },
    );
  }
  return { restsOn: [], claims: [`quota:${flag}:${decision.campaignId}:${cluster.clusterId}:${cluster.flagsEverRecorded + 1}`] };
}

/** Rule 4, collectives: Advanced Unit > 50% CSTT; Determined-to-Win ≥ 70% CSTT and ≥ 1 CSTĐCS (grades are not recorded by the ledger). */
function checkUnitTitle(title: 'don-vi-tien-tien' | 'don-vi-quyet-thang', year: number, facts: EligibilityFacts): Eligibility {
  const members = facts.unitMembers ?? { officers: 0, titlesOfYear: [] };
  const cstt = members.titlesOfYear.filter((t) => t.award.title === CSTT && t.award.year === year);
  const csttHolders = new Set(cstt.map((t) => t.officerId)).size;
  const cstdcs = members.titlesOfYear.filter((t) => t.award.title === CSTDCS && t.award.year === year);
  const missing: MissingRequirement[] = [];
  const csttNeeded = title === 'don-vi-tien-tien' ? Math.floor(members.officers / 2) + 1 : Math.ceil((members.officers * 7) / 10);
  if (members.officers === 0 || csttHolders < csttNeeded) {
    missing.push({
      requirement: 'members-holding-title',
      title: CSTT,
      years: [year],
      detail: `${title === 'don-vi-tien-tien' ? 'more than 50%' : 'at least 70%'} of its ${members.officers} officers holding CSTT in ${year} (${csttNeeded} needed, ${csttHolders} hold it)`,
    });
  }
  if (title === 'don-vi-quyet-thang' && cstdcs.length === 0) {
    missing.push({ requirement: 'members-holding-title', title: CSTDCS, years: [year], detail: `at least one officer holding CSTĐCS in ${year}` });
  }
  refuseIfMissing(title, year, missing);
  return { restsOn: [...cstdcs, ...(title === 'don-vi-quyet-thang' ? [] : cstt)].map((t) => t.award.commendationId), claims: [] };
}

/** The PM's Diploma of Merit (individual): an earlier Ministry or province diploma, and CSTĐCS in 3 of the 5 preceding years (grades are not recorded). */
function checkPrimeMinisterDiploma(decision: Decision, year: number, facts: EligibilityFacts): Eligibility {
  const missing: MissingRequirement[] = [];
  const earlier = facts.recipientAwards.find(
    (a) => a.form === 'diploma-of-merit' && (a.authority === 'minister' || a.authority === 'province') && a.decidedOn < decision.decidedOn,
  );
  if (!earlier) missing.push({ requirement: 'earlier-diploma', detail: 'an earlier Diploma of Merit of a Minister or of a province' });
  const window = [1, 2, 3, 4, 5].map((back) => year - back);
  const cstdcs = facts.recipientAwards.filter((a) => a.title === CSTDCS && window.includes(a.year));
  const years = [...new Set(cstdcs.map((a) => a.year))];
  if (years.length < 3) {
    missing.push({
      requirement: 'title',
      title: CSTDCS,
      years: window.filter((y) => !years.includes(y)),
      detail: `CSTĐCS in 3 of ${window[4]}-${window[0]} (${years.length} held)`,
    });
  }
  refuseIfMissing('diploma-of-merit (prime-minister)', year, missing);
  return { restsOn: [earlier!.commendationId, ...cstdcs.map((a) => a.commendationId)], claims: [] };
}
