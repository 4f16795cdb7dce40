import { describe, expect, it } from '@jest/globals';
import {
  NO_MEMBERS,
  namingOn,
  parentOn,
  standsOn,
  unitDecider,
  type UnitContext,
  type UnitEvent,
  type UnitMembers,
} from '../../../src/ledger/registry/unit.decider.js';
import { AlreadyExistsError, DomainRuleError, NotFoundError } from '../../../src/ledger/errors.js';
import type { UnitKind } from '../../../src/ledger/events.js';
import { fold } from '../../../src/ledger/decider.js';
import { requirePlacement, UNIT_PARENT_KINDS } from '../../../src/ledger/registry/unit-rules.js';
import { spec } from './given.js';
import { thrownBy } from './fixtures.js';

const given = spec(unitDecider);

const registered = (unitId: string, kind: UnitKind, parentId: string | null, establishedOn?: string): UnitEvent => ({
  type: 'UnitRegistered',
  data: { unitId, name: `Công an ${unitId}`, kind, parentId, ...(establishedOn ? { establishedOn } : {}) },
});
const ministry = registered('bo-cong-an', 'ministry', null);
const province = (id: string) => registered(id, 'province', 'bo-cong-an');
/** The context naming another unit (given as its events), with its ancestry. */
const naming = (other: UnitEvent[], ancestry: string[] = [], members: UnitMembers = NO_MEMBERS): UnitContext => ({
  other: fold(unitDecider, other),
  otherAncestry: ancestry,
  members,
});
const none = naming([]);

const haiPhongRegistered: UnitEvent = {
  type: 'UnitRegistered',
  data: { unitId: 'ca-hai-phong', name: 'Công an thành phố Hải Phòng', kind: 'province', parentId: 'bo-cong-an' },
};
const thuyNguyenRegistered: UnitEvent = {
  type: 'UnitRegistered',
  data: { unitId: 'ca-huyen-thuy-nguyen', name: 'Công an huyện Thủy Nguyên', kind: 'district', parentId: 'ca-hai-phong' },
};
const underMinistry = (id: string) => naming([province(id)], [id, 'bo-cong-an']);

describe('unitDecider: RegisterUnit', () => {
  it('registers a unit under an existing parent', () => {
    given([], naming([ministry], ['bo-cong-an']))
      .when({ type: 'RegisterUnit', unitId: 'ca-hai-phong', name: 'Công an thành phố Hải Phòng', kind: 'province', parentId: 'bo-cong-an' })
      .then([haiPhongRegistered]);
  });

  it('registers the root (the Ministry) without a parent', () => {
    given([], none)
      .when({ type: 'RegisterUnit', unitId: 'bo-cong-an', name: 'Bộ Công an', kind: 'ministry', parentId: null })
      .then([{ type: 'UnitRegistered', data: { unitId: 'bo-cong-an', name: 'Bộ Công an', kind: 'ministry', parentId: null } }]);
  });

  it('records establishedOn when given', () => {
    given([], underMinistry('ca-hung-yen'))
      .when({ type: 'RegisterUnit', unitId: 'ca-xa-moi', name: 'Công an xã Mới', kind: 'commune', parentId: 'ca-hung-yen', establishedOn: '2025-07-01' })
      .then([
        {
          type: 'UnitRegistered',
          data: { unitId: 'ca-xa-moi', name: 'Công an xã Mới', kind: 'commune', parentId: 'ca-hung-yen', establishedOn: '2025-07-01' },
        },
      ]);
    given([], underMinistry('ca-hung-yen'))
      .when({ type: 'RegisterUnit', unitId: 'ca-xa-moi', name: 'x', kind: 'commune', parentId: 'ca-hung-yen', establishedOn: '2025-02-30' })
      .thenRefuses('invalid-date', 'establishedOn');
  });

  it('refuses a second registration of the same id (already-exists, 409)', () => {
    given([haiPhongRegistered], naming([ministry]))
      .when({ type: 'RegisterUnit', unitId: 'ca-hai-phong', name: 'Công an TP Hải Phòng', kind: 'province', parentId: 'bo-cong-an' })
      .thenRefuses('already-exists');
    const error = thrownBy(() =>
      unitDecider.decide(
        { type: 'RegisterUnit', unitId: 'ca-hai-phong', name: 'x', kind: 'province', parentId: null },
        fold(unitDecider, [haiPhongRegistered]),
        none,
      ),
    );
    expect(error).toBeInstanceOf(AlreadyExistsError);
  });

  it('refuses an unknown parent (unit-not-found on parentId, 422)', () => {
    given([], none)
      .when({ type: 'RegisterUnit', unitId: 'ca-phuong-le-chan', name: 'Công an phường Lê Chân', kind: 'commune', parentId: 'ca-quan-le-chan' })
      .thenRefuses('unit-not-found', 'parentId');
    const error = thrownBy(() =>
      unitDecider.decide({ type: 'RegisterUnit', unitId: 'x', name: 'x', kind: 'commune', parentId: 'khong-ton-tai' }, unitDecider.initialState(), none),
    );
    expect(error).toBeInstanceOf(DomainRuleError);
  });

  it('refuses a parent retired as registered in error (unit-not-found), or one that has ended (unit-ended)', () => {
    const retired: UnitEvent = { type: 'UnitRetired', data: { unitId: 'ca-nham', reason: 'registered-in-error', note: 'nhầm' } };
    given([], naming([province('ca-nham'), retired]))
      .when({ type: 'RegisterUnit', unitId: 'ca-x', name: 'x', kind: 'district', parentId: 'ca-nham' })
      .thenRefuses('unit-not-found', 'parentId');
    const merged: UnitEvent = {
      type: 'UnitMerged',
      data: { unitId: 'ca-thai-binh', successorId: 'ca-hung-yen', effectiveOn: '2025-07-01', movedUnitIds: [], movedOfficerIds: [] },
    };
    given([], naming([province('ca-thai-binh'), merged]))
      .when({ type: 'RegisterUnit', unitId: 'ca-x', name: 'x', kind: 'district', parentId: 'ca-thai-binh' })
      .thenRefuses('unit-ended', 'parentId');
  });

  it('applies the unit rules: one kind of root, commune police never directly under the Ministry', () => {
    given([], none).when({ type: 'RegisterUnit', unitId: 'ca-x', name: 'x', kind: 'province', parentId: null }).thenRefuses('unit-rule-root', 'parentId');
    given([], naming([ministry]))
      .when({ type: 'RegisterUnit', unitId: 'ca-xa', name: 'x', kind: 'commune', parentId: 'bo-cong-an' })
      .thenRefuses('unit-rule-parent-kind', 'parentId');
    given([], naming([ministry]))
      .when({ type: 'RegisterUnit', unitId: 'bo-2', name: 'x', kind: 'ministry', parentId: 'bo-cong-an' })
      .thenRefuses('unit-rule-parent-kind', 'parentId');
    given([], underMinistry('ca-hai-phong'))
      .when({ type: 'RegisterUnit', unitId: 'ca-xa', name: 'x', kind: 'commune', parentId: 'ca-hai-phong' })
      .then([{ type: 'UnitRegistered', data: { unitId: 'ca-xa', name: 'x', kind: 'commune', parentId: 'ca-hai-phong' } }]);
  });

  it('refuses an establishedOn before the parent was established', () => {
    given([], naming([registered('ca-hung-yen-moi', 'province', 'bo-cong-an', '2025-07-01')]))
      .when({ type: 'RegisterUnit', unitId: 'ca-x', name: 'x', kind: 'commune', parentId: 'ca-hung-yen-moi', establishedOn: '2025-01-01' })
      .thenRefuses('before-established', 'parentId');
  });
});

describe('unit rules (data)', () => {
  it('fits what the seed and the tests register', () => {
    const placements: [UnitKind, UnitKind][] = [
      ['department', 'ministry'],
      ['province', 'ministry'],
      ['division', 'province'],
      ['district', 'province'],
      ['team', 'district'],
      ['team', 'province'],
      ['department', 'province'],
      ['team', 'department'],
      ['commune', 'district'],
      ['commune', 'province'],
    ];
    for (const [kind, parent] of placements) expect(() => requirePlacement(kind, parent, 'parentId')).not.toThrow();
    expect(UNIT_PARENT_KINDS.ministry).toEqual([]);
    expect(UNIT_PARENT_KINDS.commune).not.toContain('ministry');
  });
});

describe('unitDecider: MoveUnit', () => {
  it('moves a unit to a new parent, remembering where it came from', () => {
    given([thuyNguyenRegistered], underMinistry('ca-hai-phong-moi'))
      .when({ type: 'MoveUnit', unitId: 'ca-huyen-thuy-nguyen', parentId: 'ca-hai-phong-moi', effectiveOn: '2025-07-01' })
      .then([
        { type: 'UnitMoved', data: { unitId: 'ca-huyen-thuy-nguyen', fromParentId: 'ca-hai-phong', parentId: 'ca-hai-phong-moi', effectiveOn: '2025-07-01' } },
      ]);
  });

  it('takes the previous move into account (fromParentId is the parent on that date)', () => {
    const moved: UnitEvent = {
      type: 'UnitMoved',
      data: { unitId: 'ca-huyen-thuy-nguyen', fromParentId: 'ca-hai-phong', parentId: 'ca-hai-phong-moi', effectiveOn: '2025-03-01' },
    };
    given([thuyNguyenRegistered, moved], underMinistry('ca-hai-phong'))
      .when({ type: 'MoveUnit', unitId: 'ca-huyen-thuy-nguyen', parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' })
      .then([
        { type: 'UnitMoved', data: { unitId: 'ca-huyen-thuy-nguyen', fromParentId: 'ca-hai-phong-moi', parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' } },
      ]);
    given([thuyNguyenRegistered, moved], underMinistry('ca-hai-phong-moi'))
      .when({ type: 'MoveUnit', unitId: 'ca-huyen-thuy-nguyen', parentId: 'ca-hai-phong-moi', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-already-under-parent', 'parentId');
    // Back-dated before the move: then it was still under ca-hai-phong.
    given([thuyNguyenRegistered, moved], underMinistry('ca-hai-phong-moi'))
      .when({ type: 'MoveUnit', unitId: 'ca-huyen-thuy-nguyen', parentId: 'ca-hai-phong-moi', effectiveOn: '2025-01-01' })
      .then([
        { type: 'UnitMoved', data: { unitId: 'ca-huyen-thuy-nguyen', fromParentId: 'ca-hai-phong', parentId: 'ca-hai-phong-moi', effectiveOn: '2025-01-01' } },
      ]);
  });

  it('keeps the parent of the latest effective date current: a back-dated move recorded later does not win', () => {
    const july: UnitEvent = {
      type: 'UnitMoved',
      data: { unitId: 'ca-huyen-thuy-nguyen', fromParentId: 'ca-hai-phong', parentId: 'ca-b', effectiveOn: '2025-07-01' },
    };
    const backDated: UnitEvent = {
      type: 'UnitMoved',
      data: { unitId: 'ca-huyen-thuy-nguyen', fromParentId: 'ca-hai-phong', parentId: 'ca-a', effectiveOn: '2024-05-01' },
    };
    const state = fold(unitDecider, [thuyNguyenRegistered, july, backDated]);
    expect(state.exists && state.parentId).toBe('ca-b');
    if (!state.exists) throw new Error('registered');
    expect(parentOn(state, '2024-04-30')).toBe('ca-hai-phong');
    expect(parentOn(state, '2024-05-01')).toBe('ca-a');
    expect(parentOn(state, '2025-06-30')).toBe('ca-a');
    expect(parentOn(state, '2025-07-01')).toBe('ca-b');
  });

  it('moves a root unit under a parent (fromParentId null)', () => {
    const root: UnitEvent = { type: 'UnitRegistered', data: { unitId: 'ca-hai-duong', name: 'Công an tỉnh Hải Dương', kind: 'province', parentId: null } };
    given([root], naming([ministry], ['bo-cong-an']))
      .when({ type: 'MoveUnit', unitId: 'ca-hai-duong', parentId: 'bo-cong-an', effectiveOn: '2025-01-01' })
      .then([{ type: 'UnitMoved', data: { unitId: 'ca-hai-duong', fromParentId: null, parentId: 'bo-cong-an', effectiveOn: '2025-01-01' } }]);
  });

  it('refuses to move a unit that does not exist (unit-not-found, 404)', () => {
    given([], underMinistry('ca-hai-phong'))
      .when({ type: 'MoveUnit', unitId: 'ca-huyen-an-lao', parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-not-found');
    const error = thrownBy(() =>
      unitDecider.decide(
        { type: 'MoveUnit', unitId: 'ca-huyen-an-lao', parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' },
        unitDecider.initialState(),
        underMinistry('ca-hai-phong'),
      ),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).resource).toBe('unit');
  });

  it('refuses an unknown new parent (unit-not-found on parentId)', () => {
    given([thuyNguyenRegistered], none)
      .when({ type: 'MoveUnit', unitId: 'ca-huyen-thuy-nguyen', parentId: 'ca-tinh-khong-co', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-not-found', 'parentId');
  });

  it('refuses to move a unit under itself', () => {
    given([haiPhongRegistered], naming([haiPhongRegistered], ['ca-hai-phong', 'bo-cong-an']))
      .when({ type: 'MoveUnit', unitId: 'ca-hai-phong', parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-move-creates-cycle', 'parentId');
    // Even if the context's ancestry omitted the parent itself.
    given([haiPhongRegistered], naming([haiPhongRegistered]))
      .when({ type: 'MoveUnit', unitId: 'ca-hai-phong', parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-move-creates-cycle', 'parentId');
  });

  it('refuses to move a unit under one of its own descendants', () => {
    const ward = registered('ca-phuong-thuy-nguyen', 'commune', 'ca-huyen-thuy-nguyen');
    given([haiPhongRegistered], naming([ward], ['ca-phuong-thuy-nguyen', 'ca-huyen-thuy-nguyen', 'ca-hai-phong', 'bo-cong-an']))
      .when({ type: 'MoveUnit', unitId: 'ca-hai-phong', parentId: 'ca-phuong-thuy-nguyen', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-move-creates-cycle', 'parentId');
  });

  it('refuses a move to the parent it already has', () => {
    given([thuyNguyenRegistered], underMinistry('ca-hai-phong'))
      .when({ type: 'MoveUnit', unitId: 'ca-huyen-thuy-nguyen', parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-already-under-parent', 'parentId');
  });

  it('refuses a move the unit rules forbid: a district under a district, a commune under the Ministry', () => {
    given([thuyNguyenRegistered], naming([registered('ca-huyen-khac', 'district', 'ca-hai-phong')], ['ca-huyen-khac', 'ca-hai-phong', 'bo-cong-an']))
      .when({ type: 'MoveUnit', unitId: 'ca-huyen-thuy-nguyen', parentId: 'ca-huyen-khac', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-rule-parent-kind', 'parentId');
    given([registered('ca-xa-a', 'commune', 'ca-huyen-thuy-nguyen')], naming([ministry], ['bo-cong-an']))
      .when({ type: 'MoveUnit', unitId: 'ca-xa-a', parentId: 'bo-cong-an', effectiveOn: '2025-03-01' })
      .thenRefuses('unit-rule-parent-kind', 'parentId');
    // A merger of provinces is a merge, not the absorbed province moved under its successor.
    given([province('ca-thai-binh')], naming([province('ca-hung-yen')], ['ca-hung-yen', 'bo-cong-an']))
      .when({ type: 'MoveUnit', unitId: 'ca-thai-binh', parentId: 'ca-hung-yen', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-rule-parent-kind', 'parentId');
  });

  it('refuses a move dated before the unit was established, or on or after it ended', () => {
    given([registered('ca-xa-moi', 'commune', 'ca-hai-phong', '2025-07-01')], underMinistry('ca-hung-yen'))
      .when({ type: 'MoveUnit', unitId: 'ca-xa-moi', parentId: 'ca-hung-yen', effectiveOn: '2025-06-30' })
      .thenRefuses('before-established', 'effectiveOn');
    const dissolved: UnitEvent = {
      type: 'UnitDissolved',
      data: { unitId: 'ca-huyen-thuy-nguyen', effectiveOn: '2025-03-01', successorId: null, movedUnitIds: [], movedOfficerIds: [] },
    };
    given([thuyNguyenRegistered, dissolved], underMinistry('ca-hung-yen'))
      .when({ type: 'MoveUnit', unitId: 'ca-huyen-thuy-nguyen', parentId: 'ca-hung-yen', effectiveOn: '2025-03-01' })
      .thenRefuses('unit-ended', 'effectiveOn');
  });
});

describe('unitDecider: RenameUnit', () => {
  it('renames from a date, keeping the kind unless given; the name of the latest effective date is current', () => {
    given([haiPhongRegistered], none)
      .when({ type: 'RenameUnit', unitId: 'ca-hai-phong', name: 'Công an thành phố Hải Phòng (mới)', kind: null, effectiveOn: '2025-07-01' })
      .then([
        {
          type: 'UnitRenamed',
          data: {
            unitId: 'ca-hai-phong',
            fromName: 'Công an thành phố Hải Phòng',
            fromKind: 'province',
            name: 'Công an thành phố Hải Phòng (mới)',
            kind: 'province',
            effectiveOn: '2025-07-01',
          },
        },
      ]);
    const renamed: UnitEvent = {
      type: 'UnitRenamed',
      data: { unitId: 'ca-hai-phong', fromName: 'Công an thành phố Hải Phòng', fromKind: 'province', name: 'Mới', kind: 'province', effectiveOn: '2025-07-01' },
    };
    const state = fold(unitDecider, [haiPhongRegistered, renamed]);
    if (!state.exists) throw new Error('registered');
    expect([state.name, namingOn(state, '2025-06-30').name, namingOn(state, '2025-07-01').name]).toEqual(['Mới', 'Công an thành phố Hải Phòng', 'Mới']);
  });

  it('refuses the name it already has on that date, and a kind its parent may not hold', () => {
    given([haiPhongRegistered], none)
      .when({ type: 'RenameUnit', unitId: 'ca-hai-phong', name: 'Công an thành phố Hải Phòng', kind: null, effectiveOn: '2025-07-01' })
      .thenRefuses('unit-already-named', 'name');
    given([haiPhongRegistered], naming([ministry]))
      .when({ type: 'RenameUnit', unitId: 'ca-hai-phong', name: 'Công an xã', kind: 'commune', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-rule-parent-kind', 'kind');
    given([], none).when({ type: 'RenameUnit', unitId: 'ca-x', name: 'x', kind: null, effectiveOn: '2025-07-01' }).thenRefuses('unit-not-found');
  });
});

describe('unitDecider: MergeUnit', () => {
  const thaiBinh = province('ca-thai-binh');
  const members: UnitMembers = { units: [{ unitId: 'ca-xa-vu-thu', kind: 'commune' }], officerIds: ['cb-tran-van-ba'] };

  it('merges into a successor from a date, carrying its members of that date', () => {
    given([thaiBinh], naming([province('ca-hung-yen')], ['ca-hung-yen', 'bo-cong-an'], members))
      .when({ type: 'MergeUnit', unitId: 'ca-thai-binh', successorId: 'ca-hung-yen', effectiveOn: '2025-07-01' })
      .then([
        {
          type: 'UnitMerged',
          data: {
            unitId: 'ca-thai-binh',
            successorId: 'ca-hung-yen',
            effectiveOn: '2025-07-01',
            movedUnitIds: ['ca-xa-vu-thu'],
            movedOfficerIds: ['cb-tran-van-ba'],
          },
        },
      ]);
    const state = fold(unitDecider, [
      thaiBinh,
      { type: 'UnitMerged', data: { unitId: 'ca-thai-binh', successorId: 'ca-hung-yen', effectiveOn: '2025-07-01', movedUnitIds: [], movedOfficerIds: [] } },
    ]);
    expect([standsOn(state, '2025-06-30'), standsOn(state, '2025-07-01'), standsOn(state, null)]).toEqual([true, false, false]);
  });

  it('refuses itself, an unknown or ended successor, one under it, members the successor may not hold, and a second merge', () => {
    given([thaiBinh], naming([thaiBinh]))
      .when({ type: 'MergeUnit', unitId: 'ca-thai-binh', successorId: 'ca-thai-binh', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-successor-is-itself', 'successorId');
    given([thaiBinh], none)
      .when({ type: 'MergeUnit', unitId: 'ca-thai-binh', successorId: 'ca-khong-co', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-not-found', 'successorId');
    given([thaiBinh], naming([registered('ca-huyen-vu-thu', 'district', 'ca-thai-binh')], ['ca-huyen-vu-thu', 'ca-thai-binh', 'bo-cong-an']))
      .when({ type: 'MergeUnit', unitId: 'ca-thai-binh', successorId: 'ca-huyen-vu-thu', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-successor-is-subunit', 'successorId');
    given(
      [thaiBinh],
      naming([registered('ca-huyen-x', 'district', 'ca-hung-yen')], ['ca-huyen-x', 'ca-hung-yen', 'bo-cong-an'], {
        units: [{ unitId: 'ca-huyen-y', kind: 'district' }],
        officerIds: [],
      }),
    )
      .when({ type: 'MergeUnit', unitId: 'ca-thai-binh', successorId: 'ca-huyen-x', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-rule-parent-kind', 'successorId');
    const merged: UnitEvent = {
      type: 'UnitMerged',
      data: { unitId: 'ca-thai-binh', successorId: 'ca-hung-yen', effectiveOn: '2025-07-01', movedUnitIds: [], movedOfficerIds: [] },
    };
    given([thaiBinh, merged], underMinistry('ca-nam-dinh'))
      .when({ type: 'MergeUnit', unitId: 'ca-thai-binh', successorId: 'ca-nam-dinh', effectiveOn: '2025-08-01' })
      .thenRefuses('unit-ended', 'effectiveOn');
    given([province('ca-a')], naming([province('ca-thai-binh'), merged], ['ca-thai-binh', 'bo-cong-an']))
      .when({ type: 'MergeUnit', unitId: 'ca-a', successorId: 'ca-thai-binh', effectiveOn: '2025-08-01' })
      .thenRefuses('unit-ended', 'successorId');
  });
});

describe('unitDecider: DissolveUnit', () => {
  const district = registered('ca-huyen-tien-lu', 'district', 'ca-hung-yen');
  const communes: UnitMembers = { units: [{ unitId: 'ca-xa-thu-sy', kind: 'commune' }], officerIds: ['cb-a'] };

  it('dissolves a unit without members; refuses one with members and no successor (unit-has-members on successorId)', () => {
    given([district], none)
      .when({ type: 'DissolveUnit', unitId: 'ca-huyen-tien-lu', effectiveOn: '2025-03-01', successorId: null })
      .then([
        { type: 'UnitDissolved', data: { unitId: 'ca-huyen-tien-lu', effectiveOn: '2025-03-01', successorId: null, movedUnitIds: [], movedOfficerIds: [] } },
      ]);
    given([district], naming([], [], communes))
      .when({ type: 'DissolveUnit', unitId: 'ca-huyen-tien-lu', effectiveOn: '2025-03-01', successorId: null })
      .thenRefuses('unit-has-members', 'successorId');
  });

  it('moves its members to the named successor in the same event (communes up to the province)', () => {
    given([district], naming([province('ca-hung-yen')], ['ca-hung-yen', 'bo-cong-an'], communes))
      .when({ type: 'DissolveUnit', unitId: 'ca-huyen-tien-lu', effectiveOn: '2025-03-01', successorId: 'ca-hung-yen' })
      .then([
        {
          type: 'UnitDissolved',
          data: {
            unitId: 'ca-huyen-tien-lu',
            effectiveOn: '2025-03-01',
            successorId: 'ca-hung-yen',
            movedUnitIds: ['ca-xa-thu-sy'],
            movedOfficerIds: ['cb-a'],
          },
        },
      ]);
  });
});

describe('unitDecider: RetireUnit (registered in error)', () => {
  it('retires a unit without members; the retired unit is gone (404) for every later command', () => {
    given([haiPhongRegistered], none)
      .when({ type: 'RetireUnit', unitId: 'ca-hai-phong', reason: 'registered-in-error', note: 'Đăng ký nhầm' })
      .then([{ type: 'UnitRetired', data: { unitId: 'ca-hai-phong', reason: 'registered-in-error', note: 'Đăng ký nhầm' } }]);
    const retired: UnitEvent = { type: 'UnitRetired', data: { unitId: 'ca-hai-phong', reason: 'registered-in-error', note: 'x' } };
    given([haiPhongRegistered, retired], none)
      .when({ type: 'RetireUnit', unitId: 'ca-hai-phong', reason: 'registered-in-error', note: 'x' })
      .thenRefuses('unit-not-found');
    given([haiPhongRegistered, retired], naming([ministry]))
      .when({ type: 'MoveUnit', unitId: 'ca-hai-phong', parentId: 'bo-cong-an', effectiveOn: '2025-01-01' })
      .thenRefuses('unit-not-found');
  });

  it('refuses a unit that has members', () => {
    given([haiPhongRegistered], naming([], [], { units: [{ unitId: 'ca-huyen-thuy-nguyen', kind: 'district' }], officerIds: [] }))
      .when({ type: 'RetireUnit', unitId: 'ca-hai-phong', reason: 'registered-in-error', note: 'x' })
      .thenRefuses('unit-has-members', 'reason');
  });
});

describe('unitDecider: evolve', () => {
  it('folds registration and moves into the parent of the latest effective date', () => {
    const state = fold(unitDecider, [
      thuyNguyenRegistered,
      { type: 'UnitMoved', data: { unitId: 'ca-huyen-thuy-nguyen', fromParentId: 'ca-hai-phong', parentId: 'ca-hai-phong-moi', effectiveOn: '2025-07-01' } },
    ]);
    expect(state).toMatchObject({
      exists: true,
      unitId: 'ca-huyen-thuy-nguyen',
      name: 'Công an huyện Thủy Nguyên',
      kind: 'district',
      parentId: 'ca-hai-phong-moi',
    });
  });
});
