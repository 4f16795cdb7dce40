import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { projections } from '../../../projections/index.js';
import { readCheckpointRows } from '../../../projections/runner/failure.js';
import { ProjectionRunner } from '../../../projections/runner/projection-runner.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config.js';
import type { ReadModelClock } from '../../http/etag.js';

/**
 * Every read model's checkpoint, for the ETags of reads that answer from the read models alone: from
 * the runner of this process (no query), or from `processor_checkpoints` when workers elsewhere run
 * the projections (PROJECTIONS=off).
 */
@Injectable()
export class ReadModelCheckpoints implements ReadModelClock {
  private readonly names = projections.map((p) => p.name);

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly dataSource: DataSource,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async now(): Promise<{ fingerprint: string; position: number }> {
    const positions = this.config.projections
      ? this.names.map((name) => this.runner.processedPosition([name]))
      : await readCheckpointRows(this.dataSource.manager, this.names).then((rows) => this.names.map((name) => rows.get(name)?.position ?? 0));
    return { fingerprint: positions.join(','), position: Math.min(...positions) };
  }
}
