import type { EntityManager } from 'typeorm';
import type { Recorded, RecordedEvent } from '../../src/event-store/recorded-event.js';
import { achievementYear } from '../../src/ledger/commendations/eligibility.js';
import type { CommendationRecorded, Recipient } from '../../src/ledger/events.js';
import type { ApplyContext, Projection } from '../runner/projection.js';

type Tables = 'commendations' | 'changes';

type Decided = Recorded<'CommendationRecorded'>;
type Revoked = Recorded<'CommendationRevoked'>;

/**
 * The commendation register: set-based, two statements per batch at most. Decisions are inserted
 * first, then revocations applied, since a revocation may follow its decision in the same batch.
 */
export const commendationsProjection: Projection<Tables> = {
  name: 'commendations',
  tables: { commendations: 'rm_commendations', changes: 'rm_commendation_changes' },
  handles: new Set(['CommendationRecorded', 'CommendationRevoked', 'RecoveryRecorded', 'ReviewConcluded', 'RevocationAnnulled', 'CommendationCorrected']),

  async apply(events, { manager, tables }: ApplyContext<Tables>) {
    const recorded = events.filter((e): e is Decided => e.type === 'CommendationRecorded');
    if (recorded.length > 0) {
      const column = <T>(pick: (d: CommendationRecorded['data'], e: Decided) => T) => recorded.map((e) => pick(e.data, e));
      await manager.query(
        `INSERT INTO ${tables.commendations} (commendation_id, form, authority, recipient_kind, recipient_id, title, campaign_id, phase_id,
           achievement_id, decision_no, decided_on, year, amount_vnd, status, position, achievement_year, initiative_ref, rests_on, quota_slots)
         SELECT x.commendation_id, x.form, x.authority, x.recipient_kind, x.recipient_id, x.title, x.campaign_id, x.phase_id,
           x.achievement_id, x.decision_no, x.decided_on, extract(year FROM x.decided_on)::int, x.amount_vnd, 'active', x.position,
           x.achievement_year, x.initiative_ref, ARRAY(SELECT jsonb_array_elements_text(x.rests_on)), ARRAY(SELECT jsonb_array_elements_text(x.quota_slots))
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
           $9::text[], $10::text[], $11::date[], $12::bigint[], $13::bigint[], $14::int[], $15::text[], $16::jsonb[], $17::jsonb[])
           AS x(commendation_id, form, authority, recipient_kind, recipient_id, title, campaign_id, phase_id,
           achievement_id, decision_no, decided_on, amount_vnd, position, achievement_year, initiative_ref, rests_on, quota_slots)`,
        [
          column((d) => d.commendationId),
          column((d) => d.form),
          column((d) => d.authority),
          column((d) => d.recipient.kind),
          column((d) => d.recipient.id),
          column((d) => d.title),
          column((d) => d.campaignId),
          column((d) => d.phaseId),
          column((d) => d.achievementId),
          column((d) => d.decisionNo),
          column((d) => d.decidedOn),
          column((d) => (d.amountVnd === null ? null : String(d.amountVnd))),
          column((_, e) => e.position),
          column((d) => achievementYear(d)),
          column((d) => d.initiativeRef ?? null),
          column((d) => JSON.stringify(d.restsOn ?? [])),
          column((d) => JSON.stringify(d.quotaSlots ?? [])),
        ],
      );
    }
    // Historical decisions (few, imported): their source and warnings beside the row the insert wrote.
    const historical = recorded.filter((e) => e.data.recordedAs === 'historical');
    if (historical.length > 0) {
      await manager.query(
        `UPDATE ${tables.commendations} c SET recorded_as = 'historical', source = x.source, warnings = x.warnings
         FROM unnest($1::text[], $2::jsonb[], $3::jsonb[]) AS x(commendation_id, source, warnings) WHERE c.commendation_id = x.commendation_id`,
        [
          historical.map((e) => e.data.commendationId),
          historical.map((e) => JSON.stringify(e.data.source ?? null)),
          historical.map((e) => JSON.stringify(e.data.warnings ?? [])),
        ],
      );
    }
    // An annulment undoes a revocation: with one in the batch, revocations are applied in order with it.
    const inOrder = events.some((e) => e.type === 'RevocationAnnulled');
    const revoke = async (revoked: Revoked[]) =>
      manager.query(
        `UPDATE ${tables.commendations} c SET status = 'revoked', revoked_on = v.decided_on, revocation_ground = v.ground,
           revocation_decision_no = v.decision_no, revocation_reason = v.reason, revoked_position = v.position,
           revocation_authority = coalesce(v.authority, c.authority)
         FROM unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[])
           AS v(commendation_id, decided_on, ground, decision_no, reason, position, authority)
         WHERE c.commendation_id = v.commendation_id`,
        [
          revoked.map((e) => e.data.commendationId),
          revoked.map((e) => e.data.decidedOn),
          revoked.map((e) => e.data.ground),
          revoked.map((e) => e.data.decisionNo),
          revoked.map((e) => e.data.reason),
          revoked.map((e) => e.position),
          revoked.map((e) => e.data.authority ?? null),
        ],
      );
    const revoked = events.filter((e): e is Revoked => e.type === 'CommendationRevoked');
    if (revoked.length > 0 && !inOrder) await revoke(revoked);
    // Recoveries, reviews, annulments and corrections are rare: a statement each, in order.
    for (const event of events) {
      if (event.type === 'CommendationRevoked' && inOrder) {
        await revoke([event]);
      } else if (event.type === 'RevocationAnnulled') {
        const d = event.data;
        const annulment = {
          decisionNo: d.decisionNo,
          decidedOn: d.decidedOn,
          reason: d.reason,
          authority: d.authority,
          annulledRevocationNo: d.annulledRevocationNo,
          position: event.position,
          recordedAt: event.recordedAt.toISOString(),
          actor: event.metadata.actor,
        };
        await manager.query(
          `UPDATE ${tables.commendations} SET status = 'active', annulments = annulments || jsonb_build_array($2::jsonb) WHERE commendation_id = $1`,
          [d.commendationId, JSON.stringify(annulment)],
        );
      } else if (event.type === 'CommendationCorrected') {
        const d = event.data;
        const correction = {
          reason: d.reason,
          changes: d.changes,
          previous: d.previous,
          position: event.position,
          recordedAt: event.recordedAt.toISOString(),
          actor: event.metadata.actor,
        };
        await manager.query(
          `UPDATE ${tables.commendations} SET
             decision_no = coalesce($2, decision_no),
             decided_on = coalesce($3::date, decided_on),
             year = coalesce(extract(year FROM $3::date)::int, year),
             achievement_year = coalesce($4::int, achievement_year),
             recipient_kind = coalesce($5, recipient_kind),
             recipient_id = coalesce($6, recipient_id),
             rests_on = CASE WHEN $5::text IS NULL THEN rests_on ELSE ARRAY(SELECT jsonb_array_elements_text($7::jsonb)) END,
             quota_slots = CASE WHEN $5::text IS NULL THEN quota_slots ELSE ARRAY(SELECT jsonb_array_elements_text($8::jsonb)) END,
             corrections = corrections || jsonb_build_array($9::jsonb)
           WHERE commendation_id = $1`,
          [
            d.commendationId,
            d.changes.decisionNo ?? null,
            d.changes.decidedOn ?? null,
            d.achievementYear ?? null,
            d.changes.recipient?.kind ?? null,
            d.changes.recipient?.id ?? null,
            JSON.stringify(d.restsOn ?? []),
            JSON.stringify(d.quotaSlots ?? []),
            JSON.stringify(correction),
          ],
        );
      } else if (event.type === 'RecoveryRecorded') {
        const d = event.data;
        await manager.query(
          `UPDATE ${tables.commendations} SET recovered_object = recovered_object OR $2, recovered_vnd = recovered_vnd + $3 WHERE commendation_id = $1`,
          [d.commendationId, d.objectRecovered, d.amountVnd],
        );
      } else if (event.type === 'ReviewConcluded') {
        const d = event.data;
        await manager.query(`UPDATE ${tables.commendations} SET reviewed_basis = reviewed_basis || $2::text[] WHERE commendation_id = $1`, [
          d.commendationId,
          d.revokedBasis,
        ]);
      }
    }
    await recordChanges(manager, tables.changes, events.flatMap(changeOf));
  },
};

/** What a decision's event changed of the fields the register's list filters on (null: unchanged). */
interface Change {
  commendationId: string;
  position: number;
  change: 'recorded' | 'corrected' | 'revoked' | 'annulled';
  decisionNo: string | null;
  decidedOn: string | null;
  achievementYear: number | null;
  recipient: Recipient | null;
}

function changeOf(event: RecordedEvent): Change[] {
  const at = { position: event.position, decisionNo: null, decidedOn: null, achievementYear: null, recipient: null };
  switch (event.type) {
    case 'CommendationRecorded': {
      const d = event.data;
      return [
        {
          ...at,
          commendationId: d.commendationId,
          change: 'recorded',
          decisionNo: d.decisionNo,
          decidedOn: d.decidedOn,
          achievementYear: achievementYear(d),
          recipient: d.recipient,
        },
      ];
    }
    case 'CommendationCorrected': {
      const d = event.data;
      const { decisionNo = null, decidedOn = null, recipient = null } = d.changes;
      return [{ ...at, commendationId: d.commendationId, change: 'corrected', decisionNo, decidedOn, achievementYear: d.achievementYear ?? null, recipient }];
    }
    case 'CommendationRevoked':
      return [{ ...at, commendationId: event.data.commendationId, change: 'revoked' }];
    case 'RevocationAnnulled':
      return [{ ...at, commendationId: event.data.commendationId, change: 'annulled' }];
    default:
      return [];
  }
}

/**
 * rm_commendation_changes, one statement per batch. Idempotent: the migration that created the
 * table filled it from the log, and may have gone ahead of this projector's checkpoint.
 */
async function recordChanges(manager: EntityManager, table: string, changes: Change[]): Promise<void> {
  if (changes.length === 0) return;
  await manager.query(
    `INSERT INTO ${table} (commendation_id, position, change, decision_no, decided_on, achievement_year, recipient_kind, recipient_id)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::date[], $6::int[], $7::text[], $8::text[])
     ON CONFLICT DO NOTHING`,
    [
      changes.map((c) => c.commendationId),
      changes.map((c) => c.position),
      changes.map((c) => c.change),
      changes.map((c) => c.decisionNo),
      changes.map((c) => c.decidedOn),
      changes.map((c) => c.achievementYear),
      changes.map((c) => c.recipient?.kind ?? null),
      changes.map((c) => c.recipient?.id ?? null),
    ],
  );
}
