import { Input, Select } from 'antd';
import useSWR from 'swr';
import { apiGet, isMissingRoute } from '../api/client';
import { useList } from '../api/hooks';
import type { UnitSummary, UnitTree } from '../api/types';

/** "Hải Phòng" and "hai phong" alike: no tone marks, no case (đ is d). */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

function flatten(tree: UnitTree, depth = 0): (UnitSummary & { depth: number })[] {
  return [{ ...tree, depth }, ...tree.children.flatMap((child) => flatten(child, depth + 1))];
}

/**
 * Chooses a unit: under `roots` (a recorder's scopes: each subtree from GET /api/units/:id/tree),
 * else from GET /api/units; typed as an id where the server cannot list units yet.
 */
export function UnitPicker({
  id,
  value,
  onChange,
  roots,
  placeholder,
}: {
  id: string;
  value?: string;
  onChange: (unitId: string) => void;
  roots?: string[];
  placeholder?: string;
}) {
  const scoped = roots !== undefined && roots.length > 0;
  const trees = useSWR(scoped ? ['unit-trees', ...roots] : null, ([, ...ids]: string[]) =>
    Promise.all(ids.map((root) => apiGet<UnitTree>(`/api/units/${encodeURIComponent(root)}/tree`))),
  );
  const list = useList<UnitSummary>(scoped ? null : '/api/units');
  const units = scoped ? (trees.data ?? []).flatMap((tree) => flatten(tree)) : list.items.map((u) => ({ ...u, depth: 0 }));
  if ((!scoped && list.missing) || (scoped && isMissingRoute(trees.error)))
    return <Input id={id} value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value.trim())} style={{ width: 320 }} />;
  return (
    <Select
      id={id}
      showSearch={{ filterOption: (input, option) => fold(String(option?.label ?? '')).includes(fold(input)) || String(option?.value ?? '').includes(input) }}
      value={value}
      placeholder={placeholder}
      loading={scoped ? trees.isLoading : list.isLoading}
      style={{ width: 360, maxWidth: '100%' }}
      onChange={onChange}
      options={units.map((u) => ({ value: u.unitId, label: `${'— '.repeat(u.depth)}${u.name}` }))}
    />
  );
}
