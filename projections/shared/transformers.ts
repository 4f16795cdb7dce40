import type { ValueTransformer } from 'typeorm';
import { parsePoints, pointsToNumber } from '../../src/ledger/points.js';

/** bigint columns (positions) come back as strings from pg; they fit in a JS number. */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null) => value,
  from: (value: string | number | bigint | null) => (value === null ? null : Number(value)),
};

/** numeric(14,2) points: exact decimal strings in SQL, JSON numbers out. */
export const pointsColumn: ValueTransformer = {
  to: (value: number | null) => value,
  from: (value: string | number | null) => (value === null ? null : pointsToNumber(parsePoints(String(value)))),
};
