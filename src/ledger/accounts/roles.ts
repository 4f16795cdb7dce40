/**
 * Roles and their scopes (README "Who may do what"). Pure: which grant covers which request is
 * decided here from facts the caller gathers (the target unit's ancestry, the cluster's members).
 */
export const ROLES = ['recorder', 'inspector', 'emulation-officer', 'administrator', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  recorder: 'Cán bộ nhập điểm',
  inspector: 'Thành viên đoàn kiểm tra chéo',
  'emulation-officer': 'Cán bộ thi đua',
  administrator: 'Quản trị hệ thống',
  auditor: 'Kiểm toán, thanh tra',
  viewer: 'Người xem (màn hình hội nghị)',
};

/** Roles whose grant names a unit (the unit and everything under it); null: the whole tree. */
export const UNIT_SCOPED_ROLES: readonly Role[] = ['recorder', 'emulation-officer'];
/** The inspector's scope is one cluster of one campaign: `<campaignId>/<clusterId>`. */
export const CLUSTER_SCOPED_ROLES: readonly Role[] = ['inspector'];

export interface RoleGrant {
  role: Role;
  /** A unit id (unit-scoped roles), `<campaignId>/<clusterId>` (inspector), or null: everywhere. */
  scope: string | null;
}

export const sameGrant = (a: RoleGrant, b: RoleGrant) => a.role === b.role && a.scope === b.scope;

/** The roles whose grants also grant `role`: an emulation officer may do what a recorder and an inspector may, in its scope. */
export function rolesGranting(role: Role): Role[] {
  return role === 'recorder' || role === 'inspector' ? [role, 'emulation-officer'] : [role];
}

/** Where a request acts, as far as scopes are concerned. */
export type ScopeTarget =
  /** A unit, with its ancestors nearest first (empty: the unit does not exist). */
  | { kind: 'unit'; unitId: string; ancestry: string[] }
  /** A unit scored inside a cluster of a campaign: the clusters of that campaign that hold it. */
  | { kind: 'cluster-member'; campaignId: string; unitId: string; ancestry: string[]; clusterIds: string[] };

/** Whether `grant` (of a role that grants the one asked for) covers the target. */
export function grantCovers(grant: RoleGrant, target: ScopeTarget): boolean {
  if (grant.scope === null) return true;
  if (grant.role === 'inspector') {
    return target.kind === 'cluster-member' && target.clusterIds.some((clusterId) => `${target.campaignId}/${clusterId}` === grant.scope);
  }
  return target.ancestry.includes(grant.scope);
}

export function scopeError(role: Role, scope: string | null | undefined): string | null {
  if (scope === undefined || scope === null) return null;
  if (CLUSTER_SCOPED_ROLES.includes(role))
    return /^[a-z0-9][a-z0-9._-]{0,63}\/[a-z0-9][a-z0-9._-]{0,63}$/.test(scope) ? null : 'must be <campaignId>/<clusterId> for an inspector';
  if (UNIT_SCOPED_ROLES.includes(role)) return /^[a-z0-9][a-z0-9._-]{0,63}$/.test(scope) ? null : 'must be a unit id';
  return `the role ${role} has no scope`;
}
