import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { projections } from '../../projections/index.js';
import { ProjectionRunner, readCheckpoints } from '../../projections/runner/projection-runner.js';
import { loadConfig } from '../config.js';
import { NotFoundError } from '../ledger/errors.js';
import { ReadModelLookups } from '../../projections/shared/read-model-lookups.js';
import { ScoreReads } from '../../projections/scores/score-reads.js';
import { openStorage, type Storage } from '../storage/storage.js';
import { formatNumber, formatTable, runCli, truncate, UsageError } from './cli-support.js';

const USAGE = `usage: npm run replay -- --campaign <id> --unit <id> [--as-of <position>|<ISO time>] [--no-catch-up]

Prints how a unit's score in a campaign was folded, event by event (from the read models), then
the scorecard per group and the total. Catches the read models up with the log first.
Storage: DATABASE_URL (PostgreSQL), else the embedded store in LEDGER_DATA_DIR (./data).`;

const KIND_LABELS: Record<string, string> = { achievement: 'thành tích', adjustment: 'điều chỉnh', bonus: 'điểm thưởng', penalty: 'điểm trừ' };
const SOURCE_LABELS: Record<string, string> = { 'self-assessment': 'tự chấm', 'cross-inspection': 'kiểm tra chéo', cluster: 'cụm', ministry: 'Bộ' };

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      campaign: { type: 'string' },
      unit: { type: 'string' },
      'as-of': { type: 'string' },
      'no-catch-up': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.campaign || !values.unit) throw new UsageError('--campaign and --unit are required');
  const asOf = values['as-of'];
  if (asOf !== undefined && !/^\d+$/.test(asOf) && Number.isNaN(Date.parse(asOf)))
    throw new UsageError(`--as-of must be a log position or an ISO date-time, got '${asOf}'`);

  const config = loadConfig();
  const storage = await openStorage(config);
  try {
    const head = await storage.store.headPosition();
    if (!values['no-catch-up']) await catchUp(storage, head);
    const checkpoints = await readCheckpoints(storage.dataSource.manager, projections);
    const processed = Math.min(...checkpoints.values());
    if (processed < head)
      console.error(`warning: the read models have applied the log up to position ${processed} of ${head}; the replay may miss recent entries`);

    let position = Math.min(head, processed);
    if (asOf !== undefined) position = Math.min(position, /^\d+$/.test(asOf) ? Number(asOf) : await storage.store.positionAt(new Date(asOf)));

    const reads = new ScoreReads(storage.dataSource, new ReadModelLookups(storage.dataSource));
    const steps = await reads.replay(values.campaign, values.unit, position);
    const card = await reads.scorecard(values.campaign, values.unit, null, position);
    const [campaign]: { title: string }[] = await storage.dataSource.query('SELECT title FROM rm_campaigns WHERE campaign_id = $1', [values.campaign]);
    const [unit]: { name: string }[] = await storage.dataSource.query('SELECT name FROM rm_units WHERE unit_id = $1', [values.unit]);
    const [at] = position > 0 ? await storage.store.readAll({ after: position - 1, limit: 1 }) : [];

    console.log(`Phong trào: ${campaign.title} (${values.campaign})`);
    console.log(`Đơn vị:     ${unit.name} (${values.unit})`);
    console.log(
      `Tính đến:   vị trí ${position}${at?.position === position ? ` (${at.recordedAt.toISOString()})` : ''}${asOf === undefined ? ' (đầu sổ cái)' : ''}\n`,
    );

    if (steps.length === 0) console.log('(chưa có mục chấm điểm nào)');
    else {
      console.log(
        formatTable(
          ['Vị trí', 'Thời điểm', 'Người nhập', 'Loại', 'Nguồn', 'Tiêu chí', 'Điểm', 'Tổng', 'Lý do'],
          steps.map(({ event: e }) => [
            String(e.position),
            e.recordedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
            // Two-person changes to closed periods: proposer → approver.
            e.approval ? `${e.approval.proposedBy} → ${e.approval.approvedBy} (duyệt)` : e.actor,
            `${e.type === 'ScoreEntryReversed' ? 'huỷ ' : ''}${KIND_LABELS[e.kind] ?? e.kind}`,
            SOURCE_LABELS[e.source] ?? e.source,
            e.criterionId ?? '—',
            signed(e.delta),
            formatNumber(e.runningTotal, 2),
            truncate(`${e.reason}${e.compensates ? ` [${e.type === 'ScoreEntryReversed' ? 'huỷ' : 'thay cho'} ${e.compensates}]` : ''}`, 60),
          ]),
          ['r', 'l', 'l', 'l', 'l', 'l', 'r', 'r', 'l'],
        ),
      );
    }

    console.log('\nBảng điểm theo nhóm tiêu chí');
    console.log(
      formatTable(
        ['Nhóm', 'Tên', 'Tối đa', 'Điểm thô', 'Điểm tính'],
        card.groups.map((g) => [g.groupId, truncate(g.name, 50), formatNumber(g.max, 2), formatNumber(g.raw, 2), formatNumber(g.capped, 2)]),
        ['l', 'l', 'r', 'r', 'r'],
      ),
    );
    console.log(
      `\nĐiểm thưởng: ${formatNumber(card.bonus.counted, 2)} (đã nhập ${formatNumber(card.bonus.raw, 2)}, tối đa ${formatNumber(card.bonus.cap, 2)})`,
    );
    console.log(`Điểm trừ:    ${formatNumber(card.penalty, 2)}`);
    console.log(`TỔNG ĐIỂM:   ${formatNumber(card.total, 2)}`);
    return 0;
  } finally {
    await storage.close();
  }
}

/** Runs the projections in this process until they have applied the log up to `head` (safe beside a server's runner). */
async function catchUp(storage: Storage, head: number): Promise<void> {
  const runner = new ProjectionRunner(storage.store, storage.dataSource, projections, {
    batchSize: 5000,
    logger: { error: (m) => console.error(`warning: ${m}`), warn: (m) => console.error(`warning: ${m}`), log: () => undefined },
  });
  await runner.start();
  try {
    if (!(await runner.waitFor(head, 120_000))) {
      const failed = runner.failed();
      console.error(
        failed.length > 0
          ? `warning: ${failed.map((f) => `projection '${f.name}' is failed at position ${f.failure.position}`).join(', ')} (GET /api/projections)`
          : 'warning: the read models did not catch up within 120 s',
      );
    }
  } finally {
    await runner.stop();
  }
}

function signed(n: number): string {
  return `${n > 0 ? '+' : ''}${formatNumber(n, 2)}`;
}

runCli(main, USAGE, (error) => {
  if (!(error instanceof NotFoundError)) return null;
  const hint =
    error.resource === 'campaign'
      ? 'no such campaign in the read models'
      : error.resource === 'unit'
        ? 'no such unit in the registry'
        : `no such ${error.resource}`;
  return `${error.message} (${hint})`;
});
