import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import { projections } from '../../projections/index.js';
import { ProjectionRunner } from '../../projections/runner/projection-runner.js';
import { loadConfig } from '../config.js';
import { KafkaProjector } from '../messaging/kafka-projector.js';
import { openStorage } from '../storage/storage.js';
import { formatNumber, runCli, UsageError } from './cli-support.js';

const USAGE = `usage: npm run projector -- [--source kafka|log]

Runs the projections (${projections.map((p) => p.name).join(', ')}) outside the API, until
SIGINT or SIGTERM; run the API with PROJECTIONS=off meanwhile.
  --source kafka   a worker of the consumer group KAFKA_GROUP_ID on KAFKA_TOPIC (KAFKA_BROKERS
                   required): start several, Kafka shares the partitions among them. PostgreSQL
                   only (DATABASE_URL): the workers share its read models.
  --source log     one projector tailing the event log, as the API does (the default).`;

const PROGRESS_EVERY_MS = 10_000;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { source: { type: 'string', default: 'log' }, help: { type: 'boolean', short: 'h', default: false } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.source !== 'kafka' && values.source !== 'log') throw new UsageError(`--source must be 'kafka' or 'log', got '${values.source}'`);
  const config = loadConfig();
  // Workers report what they do: at least 'log' level, more if LOG_LEVEL asks.
  Logger.overrideLogger(config.logLevels.includes('log') ? config.logLevels : [...config.logLevels, 'log']);
  if (values.source === 'kafka') {
    if (!config.kafka) throw new UsageError('--source kafka needs KAFKA_BROKERS');
    if (!config.databaseUrl) throw new UsageError('--source kafka needs DATABASE_URL: the embedded store belongs to one process (the API)');
  }

  const storage = await openStorage(config);
  const started = Date.now();
  let stop: () => Promise<void>;
  let progress: () => Promise<string>;
  if (values.source === 'kafka') {
    const worker = new KafkaProjector(storage.dataSource, projections, config.kafka!, {
      onAssigned: (partitions) =>
        console.log(`projector: assigned partitions [${partitions.join(',')}] of ${config.kafka!.topic} (group ${config.kafka!.groupId})`),
    });
    await startWithBackOff(() => worker.start());
    console.log(`projector: worker of group ${config.kafka!.groupId} on ${config.kafka!.topic} (${config.kafka!.brokers.join(',')}), pid ${process.pid}`);
    stop = () => worker.stop();
    progress = async () => {
      const s = worker.report();
      const head = await storage.store.headPosition();
      const rate = s.applied / Math.max(1, (Date.now() - started) / 1000);
      return `applied ${formatNumber(s.applied)} events (${formatNumber(rate)}/s), skipped ${formatNumber(s.skipped)} duplicates, partitions [${s.partitions.join(',')}], watermark ${s.watermark ?? '-'} of head ${head}`;
    };
  } else {
    const runner = new ProjectionRunner(storage.store, storage.dataSource, projections, {
      logger: { error: (m) => console.error(`projector: ${m}`), warn: (m) => console.error(`projector: ${m}`), log: (m) => console.log(`projector: ${m}`) },
    });
    await runner.start();
    console.log(`projector: tailing the event log, pid ${process.pid}`);
    stop = () => runner.stop();
    progress = async () => `at position ${runner.processedPosition()} of head ${await storage.store.headPosition()}`;
  }

  const timer = setInterval(
    () =>
      void progress().then(
        (line) => console.log(`projector: ${line}`),
        () => undefined,
      ),
    PROGRESS_EVERY_MS,
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(timer);
  console.log(`projector: ${signal}: stopping (partitions go to the other workers)`);
  try {
    await stop();
    console.log(`projector: stopped; ${await progress()}`);
  } finally {
    await storage.close();
  }
  return 0;
}

/** A worker started before its broker (or while it restarts) waits for it rather than exiting. */
async function startWithBackOff(start: () => Promise<void>): Promise<void> {
  for (let delay = 1000; ; delay = Math.min(delay * 2, 15_000)) {
    try {
      return await start();
    } catch (error) {
      console.error(`projector: cannot start (${error instanceof Error ? error.message : String(error)}); retrying in ${delay / 1000} s`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

runCli(main, USAGE);
