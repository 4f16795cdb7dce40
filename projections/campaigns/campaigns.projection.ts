import type { ApplyContext, Projection } from '../runner/projection.js';
import { PendingInserts } from '../shared/insert-rows.js';

type Tables = 'campaigns' | 'phases' | 'clusters' | 'members' | 'pledgeTargets' | 'pledgeActuals' | 'publications' | 'withdrawalProposals';

/** Inserts go a statement per table and batch; an update (a close, a member leaving) flushes them first. */
export const campaignsProjection: Projection<Tables> = {
  name: 'campaigns',
  tables: {
    campaigns: 'rm_campaigns',
    phases: 'rm_phases',
    clusters: 'rm_clusters',
    members: 'rm_cluster_members',
    pledgeTargets: 'rm_pledge_targets',
    pledgeActuals: 'rm_pledge_actuals',
    publications: 'rm_publications',
    withdrawalProposals: 'rm_phase_withdrawal_proposals',
  },
  handles: new Set([
    'CampaignLaunched',
    'PhaseAdded',
    'PhaseClosed',
    'CampaignClosed',
    'ClusterFormed',
    'ClusterMemberAdded',
    'ClusterMemberRemoved',
    'PledgeSigned',
    'RankingPublished',
    'PhaseWithdrawn',
    'PhaseWithdrawalProposed',
    'PhaseWithdrawalApproved',
    'PhaseWithdrawalRejected',
    'PublicationWithdrawn',
    'PledgeActualReported',
  ]),

  async apply(events, { manager, tables: t }: ApplyContext<Tables>) {
    const inserts = new PendingInserts();
    for (const event of events) {
      const p = event.position;
      switch (event.type) {
        case 'CampaignLaunched': {
          const d = event.data;
          inserts.add(t.campaigns, {
            campaign_id: d.campaignId,
            title: d.title,
            form: d.form,
            organizer_unit_id: d.organizerUnitId,
            starts_on: d.startsOn,
            ends_on: d.endsOn,
            slogan: d.slogan,
            scale: d.scale,
            position: p,
          });
          break;
        }
        case 'PhaseAdded': {
          const d = event.data;
          inserts.add(t.phases, {
            campaign_id: d.campaignId,
            phase_id: d.phaseId,
            name: d.name,
            starts_on: d.startsOn,
            ends_on: d.endsOn,
            occasion: d.occasion,
            slogan: d.slogan,
            position: p,
          });
          break;
        }
        case 'PhaseClosed': {
          const d = event.data;
          await inserts.flush(manager);
          await manager.query(`UPDATE ${t.phases} SET closed_position = $3 WHERE campaign_id = $1 AND phase_id = $2`, [d.campaignId, d.phaseId, p]);
          break;
        }
        case 'PhaseWithdrawn': {
          const d = event.data;
          await inserts.flush(manager);
          await manager.query(`UPDATE ${t.phases} SET withdrawn_position = $3, withdrawal_reason = $4 WHERE campaign_id = $1 AND phase_id = $2`, [
            d.campaignId,
            d.phaseId,
            p,
            d.reason,
          ]);
          break;
        }
        case 'PhaseWithdrawalProposed': {
          const d = event.data;
          inserts.add(t.withdrawalProposals, {
            campaign_id: d.campaignId,
            proposal_id: d.proposalId,
            phase_id: d.phaseId,
            reason: d.reason,
            proposed_by: d.proposedBy,
            proposed_on: d.proposedOn,
            proposed_position: p,
            proposed_at: event.recordedAt.toISOString(),
          });
          break;
        }
        case 'PhaseWithdrawalApproved':
        case 'PhaseWithdrawalRejected': {
          const d = event.data;
          const [status, decidedBy, note] =
            event.type === 'PhaseWithdrawalApproved'
              ? ['approved', event.data.approvedBy, event.data.note]
              : ['rejected', event.data.rejectedBy, event.data.reason];
          await inserts.flush(manager);
          await manager.query(
            `UPDATE ${t.withdrawalProposals} SET status = $3, decided_by = $4, decided_position = $5, decided_at = $6, decision_note = $7
             WHERE campaign_id = $1 AND proposal_id = $2`,
            [d.campaignId, d.proposalId, status, decidedBy, p, event.recordedAt.toISOString(), note],
          );
          break;
        }
        case 'PublicationWithdrawn': {
          const d = event.data;
          await inserts.flush(manager);
          await manager.query(
            `UPDATE ${t.publications} SET withdrawn_position = $4, withdrawal_reason = $5, superseded_by = $6, withdrawn_at = $7, withdrawn_by = $8
             WHERE campaign_id = $1 AND cluster_id = $2 AND publication_id = $3`,
            [d.campaignId, d.clusterId, d.publicationId, p, d.reason, d.supersededBy, event.recordedAt.toISOString(), event.metadata.actor],
          );
          break;
        }
        case 'CampaignClosed': {
          const d = event.data;
          await inserts.flush(manager);
          await manager.query(`UPDATE ${t.campaigns} SET closed_position = $2 WHERE campaign_id = $1`, [d.campaignId, p]);
          break;
        }
        case 'ClusterFormed': {
          const d = event.data;
          inserts.add(t.clusters, {
            campaign_id: d.campaignId,
            cluster_id: d.clusterId,
            name: d.name,
            kind: d.kind,
            head_unit_id: d.headUnitId,
            deputy_unit_id: d.deputyUnitId,
            position: p,
          });
          // The members named at formation stand from the campaign's start (its row may be pending in this batch).
          await inserts.flush(manager);
          await manager.query(
            `INSERT INTO ${t.members} (campaign_id, cluster_id, unit_id, from_position, from_on)
             SELECT $1, $2, u.unit_id, $4, c.starts_on FROM unnest($3::text[]) AS u(unit_id) JOIN ${t.campaigns} c ON c.campaign_id = $1`,
            [d.campaignId, d.clusterId, d.memberUnitIds, p],
          );
          break;
        }
        case 'ClusterMemberAdded': {
          const d = event.data;
          inserts.add(t.members, { campaign_id: d.campaignId, cluster_id: d.clusterId, unit_id: d.unitId, from_position: p, from_on: d.effectiveOn });
          break;
        }
        case 'ClusterMemberRemoved': {
          const d = event.data;
          await inserts.flush(manager);
          await manager.query(
            `UPDATE ${t.members} SET to_position = $4, to_on = $5 WHERE campaign_id = $1 AND cluster_id = $2 AND unit_id = $3 AND to_position IS NULL`,
            [d.campaignId, d.clusterId, d.unitId, p, d.effectiveOn],
          );
          break;
        }
        case 'RankingPublished': {
          const d = event.data;
          inserts.add(t.publications, {
            campaign_id: d.campaignId,
            cluster_id: d.clusterId,
            publication_id: d.publicationId,
            period: d.period,
            phase_id: d.phaseId,
            reflects_position: d.position,
            position: p,
            recorded_at: event.recordedAt.toISOString(),
            actor: event.metadata.actor,
            final: d.final,
            rows: d.rows,
          });
          break;
        }
        case 'PledgeSigned': {
          const d = event.data;
          for (const x of d.targets) {
            inserts.add(t.pledgeTargets, {
              campaign_id: d.campaignId,
              pledge_id: d.pledgeId,
              unit_id: d.unitId,
              signatory_kind: d.signatory.kind,
              signatory_id: d.signatory.id,
              signed_on: d.signedOn,
              criterion_id: x.criterionId,
              description: x.description,
              target: x.target,
              measure: x.measure,
              direction: x.direction,
              unit_label: x.unitLabel,
              position: p,
            });
          }
          break;
        }
        case 'PledgeActualReported': {
          // The last report of a month stands (a report again for the month corrects it); each stays in the log.
          const d = event.data;
          await inserts.flush(manager);
          await manager.query(
            `INSERT INTO ${t.pledgeActuals} (campaign_id, pledge_id, criterion_id, period, value, evidence, position, recorded_at, actor)
             VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)
             ON CONFLICT (campaign_id, pledge_id, criterion_id, period) DO UPDATE
               SET value = EXCLUDED.value, evidence = EXCLUDED.evidence, position = EXCLUDED.position, recorded_at = EXCLUDED.recorded_at, actor = EXCLUDED.actor`,
            [d.campaignId, d.pledgeId, d.criterionId, d.period, d.value, JSON.stringify(d.evidence), p, event.recordedAt.toISOString(), event.metadata.actor],
          );
          break;
        }
      }
    }
    await inserts.flush(manager);
  },
};
