import { describe, expect, it } from '@jest/globals';
import { parseScale } from '../../../src/ledger/campaigns/campaign.decider.js';
import {
  cappedCard,
  computeScorecard,
  NO_SUMS,
  rank,
  storedSums,
  sumsFromStored,
  totalChange,
  withEntry,
} from '../../../src/ledger/scores/scorecard-totals.js';

const scale = parseScale({
  groups: [
    { id: 'g1', name: 'An ninh chính trị', maxPoints: '100' },
    { id: 'g2', name: 'Tội phạm', maxPoints: '50' },
  ],
  criteria: [
    { id: 'c1', groupId: 'g1', name: 'a', maxPoints: '80' },
    { id: 'c2', groupId: 'g1', name: 'b', maxPoints: '40' },
    { id: 'c3', groupId: 'g2', name: 'c', maxPoints: '50' },
  ],
  bonusCap: '10',
});

describe('computeScorecard', () => {
  it('caps each group at its maximum, the bonus at its cap, and subtracts penalties exactly', () => {
    const card = computeScorecard(
      scale,
      new Map([
        ['c1', 8000],
        ['c2', 4000],
        ['c3', 1],
      ]),
      1510,
      30,
    );
    expect(card.groups).toEqual([
      { groupId: 'g1', raw: 12000, capped: 10000 },
      { groupId: 'g2', raw: 1, capped: 1 },
    ]);
    expect(card.bonus).toBe(1000);
    expect(card.total).toBe(10000 + 1 + 1000 - 30);
  });

  it('counts a missing criterion as zero', () => {
    expect(computeScorecard(scale, new Map(), 0, 0).total).toBe(0);
  });
});

describe('rank', () => {
  it('orders by total desc, bonus desc, penalty asc; exact ties share a rank and the next skips', () => {
    const ranked = rank([
      { id: 'a', total: 900, bonus: 10, penalty: 0 },
      { id: 'b', total: 950, bonus: 0, penalty: 0 },
      { id: 'c', total: 900, bonus: 10, penalty: 0 },
      { id: 'd', total: 900, bonus: 20, penalty: 5 },
      { id: 'e', total: 900, bonus: 10, penalty: 3 },
    ]);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      ['b', 1],
      ['d', 2],
      ['a', 3],
      ['c', 3],
      ['e', 5],
    ]);
  });
});

describe('ScorecardSums', () => {
  const achievement = (criterionId: string, points: number) => ({ kind: 'achievement' as const, criterionId, points });

  it('adds an entry to its criterion, the bonus or the penalty, and a reversal takes exactly that away', () => {
    const recorded = [
      achievement('c1', 1234),
      { kind: 'adjustment' as const, criterionId: 'c1', points: -34 },
      { kind: 'bonus' as const, criterionId: null, points: 500 },
      { kind: 'penalty' as const, criterionId: null, points: 200 },
    ];
    const sums = recorded.reduce((s, entry) => withEntry(s, entry, 1), NO_SUMS);
    expect(storedSums(sums)).toEqual({ criteria: { c1: 1200 }, bonus: 500, penalty: 200 });
    const undone = recorded.reduce((s, entry) => withEntry(s, entry, -1), sums);
    // A criterion once scored stays in the sums at zero: the projector stores it so.
    expect(storedSums(undone)).toEqual({ criteria: { c1: 0 }, bonus: 0, penalty: 0 });
  });

  it('is immutable: adding gives new sums and keeps the old ones', () => {
    const before = withEntry(NO_SUMS, achievement('c1', 100), 1);
    const after = withEntry(before, achievement('c1', 50), 1);
    expect(before.criterionTotals.get('c1')).toBe(100);
    expect(after.criterionTotals.get('c1')).toBe(150);
    expect(NO_SUMS.criterionTotals.size).toBe(0);
  });

  it('keeps the other fields of a state that holds the sums', () => {
    const state = { ...NO_SUMS, veto: 'none' };
    expect(withEntry(state, achievement('c2', 10), 1)).toMatchObject({ veto: 'none', bonus: 0 });
  });

  it('moves the uncapped total by the points, down for a penalty, and back on reversal', () => {
    expect(totalChange(achievement('c1', 1250), 1)).toBe(1250);
    expect(totalChange({ kind: 'bonus', points: 500 }, -1)).toBe(-500);
    expect(totalChange({ kind: 'penalty', points: 300 }, 1)).toBe(-300);
    expect(totalChange({ kind: 'penalty', points: 300 }, -1)).toBe(300);
  });

  it('round-trips through the form the projector stores', () => {
    const sums = withEntry(withEntry(NO_SUMS, achievement('c1', 8000), 1), { kind: 'bonus', criterionId: null, points: 1510 }, 1);
    const stored = JSON.parse(JSON.stringify(storedSums(sums)));
    expect(sumsFromStored(stored)).toEqual(sums);
  });

  it('caps the card as computeScorecard does', () => {
    const sums = [achievement('c1', 8000), achievement('c2', 4000), achievement('c3', 1)].reduce((s, e) => withEntry(s, e, 1), NO_SUMS);
    const capped = cappedCard(
      scale,
      withEntry(withEntry(sums, { kind: 'bonus', criterionId: null, points: 1510 }, 1), { kind: 'penalty', criterionId: null, points: 30 }, 1),
    );
    expect(capped).toEqual(computeScorecard(scale, sums.criterionTotals, 1510, 30));
    expect(capped.total).toBe(10000 + 1 + 1000 - 30);
  });
});
