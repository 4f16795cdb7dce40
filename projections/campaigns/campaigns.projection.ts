import type {
  CampaignClosed, CampaignLaunched, ClusterFormed, ClusterMemberAdded, ClusterMemberRemoved, PhaseAdded, PhaseClosed, PledgeSigned, RankingPublished,
} from '../../src/ledger/events.js';
import type { ApplyContext, Projection } from '../runner/projection.js';

type Tables = 'campaigns' | 'phases' | 'clusters' | 'members' | 'pledgeTargets' | 'publications';

/** Campaign structure is rare next to scores: applied in order, a statement or two per event. */
export const campaignsProjection: Projection<Tables> = {
  name: 'campaigns',
  tables: { campaigns: 'rm_campaigns', phases: 'rm_phases', clusters: 'rm_clusters', members: 'rm_cluster_members', pledgeTargets: 'rm_pledge_targets', publications: 'rm_publications' },
  handles: new Set(['CampaignLaunched', 'PhaseAdded', 'PhaseClosed', 'CampaignClosed', 'ClusterFormed', 'ClusterMemberAdded', 'ClusterMemberRemoved', 'PledgeSigned', 'RankingPublished']),

  async apply(events, { manager, tables: t }: ApplyContext<Tables>) {
    for (const event of events) {
      const p = event.position;
      switch (event.type) {
        case 'CampaignLaunched': {
          const d = event.data as CampaignLaunched['data'];
          await manager.query(
            `INSERT INTO ${t.campaigns} (campaign_id, title, form, organizer_unit_id, starts_on, ends_on, slogan, scale, position) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
            [d.campaignId, d.title, d.form, d.organizerUnitId, d.startsOn, d.endsOn, d.slogan, JSON.stringify(d.scale), p],
          );
          break;
        }
        case 'PhaseAdded': {
          const d = event.data as PhaseAdded['data'];
          await manager.query(
            `INSERT INTO ${t.phases} (campaign_id, phase_id, name, starts_on, ends_on, occasion, slogan, position) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
            [d.campaignId, d.phaseId, d.name, d.startsOn, d.endsOn, d.occasion, d.slogan, p],
          );
          break;
        }
        case 'PhaseClosed': {
          const d = event.data as PhaseClosed['data'];
          await manager.query(`UPDATE ${t.phases} SET closed_position = $3 WHERE campaign_id = $1 AND phase_id = $2`, [d.campaignId, d.phaseId, p]);
          break;
        }
        case 'CampaignClosed': {
          const d = event.data as CampaignClosed['data'];
          await manager.query(`UPDATE ${t.campaigns} SET closed_position = $2 WHERE campaign_id = $1`, [d.campaignId, p]);
          break;
        }
        case 'ClusterFormed': {
          const d = event.data as ClusterFormed['data'];
          await manager.query(
            `INSERT INTO ${t.clusters} (campaign_id, cluster_id, name, kind, head_unit_id, deputy_unit_id, position) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
            [d.campaignId, d.clusterId, d.name, d.kind, d.headUnitId, d.deputyUnitId, p],
          );
          await manager.query(
            `INSERT INTO ${t.members} (campaign_id, cluster_id, unit_id, from_position) SELECT $1, $2, unnest($3::text[]), $4`,
            [d.campaignId, d.clusterId, d.memberUnitIds, p],
          );
          break;
        }
        case 'ClusterMemberAdded': {
          const d = event.data as ClusterMemberAdded['data'];
          await manager.query(`INSERT INTO ${t.members} (campaign_id, cluster_id, unit_id, from_position) VALUES ($1,$2,$3,$4)`, [d.campaignId, d.clusterId, d.unitId, p]);
          break;
        }
        case 'ClusterMemberRemoved': {
          const d = event.data as ClusterMemberRemoved['data'];
          await manager.query(
            `UPDATE ${t.members} SET to_position = $4 WHERE campaign_id = $1 AND cluster_id = $2 AND unit_id = $3 AND to_position IS NULL`,
            [d.campaignId, d.clusterId, d.unitId, p],
          );
          break;
        }
        case 'RankingPublished': {
          const d = event.data as unknown as RankingPublished['data'];
          await manager.query(
            `INSERT INTO ${t.publications} (campaign_id, cluster_id, publication_id, period, phase_id, reflects_position, position, recorded_at, actor, final, rows)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
            [d.campaignId, d.clusterId, d.publicationId, d.period, d.phaseId, d.position, p, event.recordedAt.toISOString(), event.metadata.actor, d.final, JSON.stringify(d.rows)],
          );
          break;
        }
        case 'PledgeSigned': {
          const d = event.data as PledgeSigned['data'];
          await manager.query(
            `INSERT INTO ${t.pledgeTargets} (campaign_id, pledge_id, unit_id, signed_on, criterion_id, description, target, measure, position)
             SELECT $1, $2, $3, $4, x.criterion_id, x.description, x.target, x.measure, $5
             FROM unnest($6::text[], $7::text[], $8::numeric[], $9::text[]) AS x(criterion_id, description, target, measure)`,
            [d.campaignId, d.pledgeId, d.unitId, d.signedOn, p, d.targets.map((x) => x.criterionId), d.targets.map((x) => x.description), d.targets.map((x) => x.target), d.targets.map((x) => x.measure)],
          );
          break;
        }
      }
    }
  },
};
