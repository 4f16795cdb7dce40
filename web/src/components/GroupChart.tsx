import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RankingRow } from '../api/types';
import { useFormat } from '../format';

/** Distinct on white and for the common colour blindnesses (Okabe–Ito), one per criteria group. */
export const GROUP_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

/** Each unit's total as a stack of its groups' subtotals (a table beside it says the same in figures). */
export function GroupChart({ rows, groupIds, groupNames }: { rows: RankingRow[]; groupIds: string[]; groupNames: Record<string, string> }) {
  const format = useFormat();
  const data = rows.map((row) => ({ name: row.unitName, ...row.groups }));
  return (
    <div role="img" aria-label={rows.map((r) => `${r.unitName}: ${format.number(r.total)}`).join('; ')} style={{ width: '100%', height: 360 }}>
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 16, left: 8, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" tick={{ fontSize: 12, fill: '#262626' }} interval={0} />
          <YAxis tickFormatter={(v: number) => format.number(v, 0)} tick={{ fill: '#262626' }} />
          <Tooltip formatter={(value) => format.number(Number(value))} />
          <Legend />
          {groupIds.map((groupId, i) => (
            <Bar key={groupId} dataKey={groupId} name={groupNames[groupId] ?? groupId} stackId="total" fill={GROUP_COLOURS[i % GROUP_COLOURS.length]} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
