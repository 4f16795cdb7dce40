import { describe, expect, it } from '@jest/globals';
import { hashPassword, hashToken, newToken, parseToken, sameHash, verifyPassword } from '../../../src/identity/secrets.js';
import { accountDecider, type AccountCommand, type AccountState } from '../../../src/ledger/accounts/account.decider.js';
import { grantCovers, rolesGranting, scopeError, type RoleGrant } from '../../../src/ledger/accounts/roles.js';
import { fold } from '../../../src/ledger/decider.js';
import type { AccountEvent } from '../../../src/ledger/events.js';

const run = (history: AccountEvent[], command: AccountCommand) => accountDecider.decide(command, fold(accountDecider, history), undefined);
const created = run([], {
  type: 'CreateAccount',
  accountId: 'tran-van-tuan',
  displayName: 'Trung tá Trần Văn Tuấn',
  roles: [
    { role: 'recorder', scope: 'ca-hai-phong' },
    { role: 'recorder', scope: 'ca-hai-phong' },
  ],
  passwordHash: null,
});

describe('account decider', () => {
  it('creates an account with its distinct grants', () => {
    expect(created.map((e) => e.type)).toEqual(['AccountCreated', 'RoleGranted']);
  });

  it('grants only what is new, and revokes only what is held', () => {
    expect(() => run(created, { type: 'GrantRoles', accountId: 'tran-van-tuan', roles: [{ role: 'recorder', scope: 'ca-hai-phong' }] })).toThrow(
      expect.objectContaining({ code: 'role-already-granted' }),
    );
    expect(() => run(created, { type: 'RevokeRoles', accountId: 'tran-van-tuan', roles: [{ role: 'recorder', scope: null }] })).toThrow(
      expect.objectContaining({ code: 'role-not-held' }),
    );
    const revoked = [...created, ...run(created, { type: 'RevokeRoles', accountId: 'tran-van-tuan', roles: [{ role: 'recorder', scope: 'ca-hai-phong' }] })];
    expect((fold(accountDecider, revoked) as Extract<AccountState, { exists: true }>).roles).toEqual([]);
  });

  it('issues a token once per id and revokes it once', () => {
    const issued = [
      ...created,
      ...run(created, { type: 'IssueToken', accountId: 'tran-van-tuan', tokenId: 't1', label: 'màn hình', tokenHash: 'ab', expiresAt: null }),
    ];
    expect(() => run(issued, { type: 'IssueToken', accountId: 'tran-van-tuan', tokenId: 't1', label: 'x', tokenHash: 'cd', expiresAt: null })).toThrow(
      expect.objectContaining({ code: 'already-exists' }),
    );
    const revoked = [...issued, ...run(issued, { type: 'RevokeToken', accountId: 'tran-van-tuan', tokenId: 't1' })];
    expect(() => run(revoked, { type: 'RevokeToken', accountId: 'tran-van-tuan', tokenId: 't1' })).toThrow(
      expect.objectContaining({ code: 'token-already-revoked' }),
    );
    expect(() => run(revoked, { type: 'RevokeToken', accountId: 'tran-van-tuan', tokenId: 't9' })).toThrow(
      expect.objectContaining({ code: 'token-not-found' }),
    );
  });

  it('refuses changes to an account that does not exist', () => {
    expect(() => run([], { type: 'SetPassword', accountId: 'khong-co', passwordHash: 'x' })).toThrow(expect.objectContaining({ code: 'account-not-found' }));
  });
});

describe('scopes', () => {
  const haiPhongDistrict = { kind: 'unit' as const, unitId: 'ca-quan-le-chan', ancestry: ['ca-quan-le-chan', 'ca-hai-phong', 'bo-cong-an'] };
  const grant = (role: RoleGrant['role'], scope: string | null): RoleGrant => ({ role, scope });

  it('covers a unit and everything under it, nothing beside it', () => {
    expect(grantCovers(grant('recorder', 'ca-hai-phong'), haiPhongDistrict)).toBe(true);
    expect(grantCovers(grant('recorder', 'ca-quang-ninh'), haiPhongDistrict)).toBe(false);
    expect(grantCovers(grant('recorder', null), haiPhongDistrict)).toBe(true);
    expect(grantCovers(grant('recorder', 'ca-hai-phong'), { kind: 'unit', unitId: 'khong-co', ancestry: [] })).toBe(false);
  });

  it("covers an inspector's cluster members only in that campaign", () => {
    const member = {
      kind: 'cluster-member' as const,
      campaignId: 'c-2026',
      unitId: 'ca-can-tho',
      ancestry: ['ca-can-tho', 'bo-cong-an'],
      clusterIds: ['cum-9'],
    };
    expect(grantCovers(grant('inspector', 'c-2026/cum-9'), member)).toBe(true);
    expect(grantCovers(grant('inspector', 'c-2025/cum-9'), member)).toBe(false);
    expect(grantCovers(grant('inspector', 'c-2026/cum-9'), haiPhongDistrict)).toBe(false);
    // An emulation officer counts as an inspector, by its unit scope.
    expect(rolesGranting('inspector')).toEqual(['inspector', 'emulation-officer']);
    expect(grantCovers(grant('emulation-officer', 'ca-can-tho'), member)).toBe(true);
  });

  it('checks the shape of a scope against its role', () => {
    expect(scopeError('inspector', 'ca-can-tho')).toMatch(/campaignId/);
    expect(scopeError('auditor', 'ca-can-tho')).toMatch(/no scope/);
    expect(scopeError('recorder', 'ca-can-tho')).toBeNull();
    expect(scopeError('viewer', undefined)).toBeNull();
  });
});

describe('secrets', () => {
  it('hashes passwords with scrypt and a salt of their own', async () => {
    const [a, b] = [await hashPassword('mật-khẩu-dài-2026'), await hashPassword('mật-khẩu-dài-2026')];
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('mật-khẩu-dài-2026', a)).toBe(true);
    // The same password typed in another Unicode normal form is the same password.
    expect(await verifyPassword('mật-khẩu-dài-2026'.normalize('NFD'), a)).toBe(true);
    expect(await verifyPassword('mat-khau-dai-2026', a)).toBe(false);
    expect(await verifyPassword('x', null)).toBe(false);
  });

  it('names the account and token in a token, and keeps only its hash', () => {
    const { token, tokenId, tokenHash } = newToken('le.thi_mai-2');
    expect(parseToken(token)).toEqual({ accountId: 'le.thi_mai-2', tokenId });
    expect(sameHash(hashToken(token), tokenHash)).toBe(true);
    expect(sameHash(hashToken(`${token}0`), tokenHash)).toBe(false);
    expect(parseToken('eyJhbGciOi.x.y')).toBeNull();
  });
});
