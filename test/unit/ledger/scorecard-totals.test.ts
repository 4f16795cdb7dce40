import { describe, expect, it } from '@jest/globals';
import { parseScale } from '../../../src/ledger/campaigns/campaign.decider.js';
import { computeScorecard, rank } from '../../../src/ledger/scores/scorecard-totals.js';

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
