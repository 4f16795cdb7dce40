import { ReadModelBehindError } from '../read-side-errors.js';
import { GENESIS_HASH } from './hash-chain.js';
import type { IntegrityProcessor } from './integrity-processor.js';
import { LINK_AT_OR_BEFORE } from './integrity.sql.js';
import type { SqlQuery } from './verify.js';

/** How long a read waits for the chain to cover a position before answering 503 (as it waits for the read models). */
const CHAIN_WAIT_MS = 5000;

/** The link of the hash chain that stands for the log up to a position: what `GET /api/integrity?expect=<position>:<hash>` checks. */
export interface ChainLink {
  position: number;
  hash: string;
}

/**
 * The head of the hash chain over the log up to `position`: the link of the last event at or before
 * it (an event's link covers it and everything before it). Waits until the chain covers `position`
 * (the processor chains only the settled log), else 503 read-model-behind with Retry-After, as a
 * read model behind would.
 */
export async function chainLinkAt(query: SqlQuery, processor: IntegrityProcessor, position: number): Promise<ChainLink> {
  if (position <= 0) return { position: 0, hash: GENESIS_HASH };
  if (!(await processor.waitFor(position, CHAIN_WAIT_MS))) throw new ReadModelBehindError(position, processor.processedPosition());
  const [row] = await query(LINK_AT_OR_BEFORE, [position]);
  if (!row) return { position: 0, hash: GENESIS_HASH };
  return { position: Number(row.position), hash: String(row.hash) };
}
