import { describe, expect, it } from '@jest/globals';
import { unitDecider, type UnitEvent } from '../../../src/ledger/registry/unit.decider.js';
import { AlreadyExistsError, DomainRuleError, NotFoundError } from '../../../src/ledger/errors.js';
import { fold } from '../../../src/ledger/decider.js';
import { spec } from './given.js';
import { thrownBy } from './fixtures.js';

const given = spec(unitDecider);

const parentOk = (ancestry: string[] = []) => ({ parentExists: true, parentAncestry: ancestry });
const noParent = { parentExists: false, parentAncestry: [] };

const haiPhongRegistered: UnitEvent = {
  type: 'UnitRegistered',
  data: { unitId: 'ca-hai-phong', name: 'Công an thành phố Hải Phòng', kind: 'province', parentId: 'bo-cong-an' },
};
const thuyNguyenRegistered: UnitEvent = {
  type: 'UnitRegistered',
  data: { unitId: 'ca-huyen-thuy-nguyen', name: 'Công an huyện Thủy Nguyên', kind: 'district', parentId: 'ca-hai-phong' },
};

describe('unitDecider: RegisterUnit', () => {
  it('registers a unit under an existing parent', () => {
    given([], parentOk(['bo-cong-an']))
      .when({ type: 'RegisterUnit', unitId: 'ca-hai-phong', name: 'Công an thành phố Hải Phòng', kind: 'province', parentId: 'bo-cong-an' })
      .then([haiPhongRegistered]);
  });

  it('registers a root unit (the Ministry) without a parent, whatever the context says', () => {
    given([], noParent)
      .when({ type: 'RegisterUnit', unitId: 'bo-cong-an', name: 'Bộ Công an', kind: 'ministry', parentId: null })
      .then([{ type: 'UnitRegistered', data: { unitId: 'bo-cong-an', name: 'Bộ Công an', kind: 'ministry', parentId: null } }]);
  });

  it('refuses a second registration of the same id (already-exists, 409)', () => {
    given([haiPhongRegistered], parentOk(['bo-cong-an']))
      .when({ type: 'RegisterUnit', unitId: 'ca-hai-phong', name: 'Công an TP Hải Phòng', kind: 'province', parentId: 'bo-cong-an' })
      .thenRefuses('already-exists');
    const error = thrownBy(() =>
      unitDecider.decide(
        { type: 'RegisterUnit', unitId: 'ca-hai-phong', name: 'x', kind: 'province', parentId: null },
        fold(unitDecider, [haiPhongRegistered]),
        noParent,
      ),
    );
    expect(error).toBeInstanceOf(AlreadyExistsError);
  });

  it('refuses an unknown parent (unit-not-found on parentId, 422)', () => {
    given([], noParent)
      .when({ type: 'RegisterUnit', unitId: 'ca-phuong-le-chan', name: 'Công an phường Lê Chân', kind: 'commune', parentId: 'ca-quan-le-chan' })
      .thenRefuses('unit-not-found', 'parentId');
    const error = thrownBy(() =>
      unitDecider.decide({ type: 'RegisterUnit', unitId: 'x', name: 'x', kind: 'commune', parentId: 'khong-ton-tai' }, unitDecider.initialState(), noParent),
    );
    expect(error).toBeInstanceOf(DomainRuleError);
  });
});

describe('unitDecider: MoveUnit', () => {
  it('moves a unit to a new parent, remembering where it came from', () => {
    given([thuyNguyenRegistered], parentOk(['ca-hai-phong-moi', 'bo-cong-an']))
      .when({ type: 'MoveUnit', unitId: 'ca-huyen-thuy-nguyen', parentId: 'ca-hai-phong-moi', effectiveOn: '2025-07-01' })
      .then([
        { type: 'UnitMoved', data: { unitId: 'ca-huyen-thuy-nguyen', fromParentId: 'ca-hai-phong', parentId: 'ca-hai-phong-moi', effectiveOn: '2025-07-01' } },
      ]);
  });

  it('takes the previous move into account (fromParentId is the current parent)', () => {
    const moved: UnitEvent = {
      type: 'UnitMoved',
      data: { unitId: 'ca-huyen-thuy-nguyen', fromParentId: 'ca-hai-phong', parentId: 'ca-hai-phong-moi', effectiveOn: '2025-03-01' },
    };
    given([thuyNguyenRegistered, moved], parentOk(['ca-hai-phong', 'bo-cong-an']))
      .when({ type: 'MoveUnit', unitId: 'ca-huyen-thuy-nguyen', parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' })
      .then([
        { type: 'UnitMoved', data: { unitId: 'ca-huyen-thuy-nguyen', fromParentId: 'ca-hai-phong-moi', parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' } },
      ]);
    given([thuyNguyenRegistered, moved], parentOk(['bo-cong-an']))
      .when({ type: 'MoveUnit', unitId: 'ca-huyen-thuy-nguyen', parentId: 'ca-hai-phong-moi', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-already-under-parent', 'parentId');
  });

  it('moves a root unit under a parent (fromParentId null)', () => {
    const root: UnitEvent = { type: 'UnitRegistered', data: { unitId: 'ca-hai-duong', name: 'Công an tỉnh Hải Dương', kind: 'province', parentId: null } };
    given([root], parentOk(['bo-cong-an']))
      .when({ type: 'MoveUnit', unitId: 'ca-hai-duong', parentId: 'bo-cong-an', effectiveOn: '2025-01-01' })
      .then([{ type: 'UnitMoved', data: { unitId: 'ca-hai-duong', fromParentId: null, parentId: 'bo-cong-an', effectiveOn: '2025-01-01' } }]);
  });

  it('refuses to move a unit that does not exist (unit-not-found, 404)', () => {
    given([], parentOk(['bo-cong-an']))
      .when({ type: 'MoveUnit', unitId: 'ca-huyen-an-lao', parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-not-found');
    const error = thrownBy(() =>
      unitDecider.decide(
        { type: 'MoveUnit', unitId: 'ca-huyen-an-lao', parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' },
        unitDecider.initialState(),
        parentOk(),
      ),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).resource).toBe('unit');
  });

  it('refuses an unknown new parent (unit-not-found on parentId)', () => {
    given([thuyNguyenRegistered], noParent)
      .when({ type: 'MoveUnit', unitId: 'ca-huyen-thuy-nguyen', parentId: 'ca-tinh-khong-co', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-not-found', 'parentId');
  });

  it('refuses to move a unit under itself', () => {
    given([haiPhongRegistered], parentOk(['ca-hai-phong', 'bo-cong-an']))
      .when({ type: 'MoveUnit', unitId: 'ca-hai-phong', parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-move-creates-cycle', 'parentId');
    // Even if the context's ancestry omitted the parent itself.
    given([haiPhongRegistered], parentOk([]))
      .when({ type: 'MoveUnit', unitId: 'ca-hai-phong', parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-move-creates-cycle', 'parentId');
  });

  it('refuses to move a unit under one of its own descendants', () => {
    // ca-phuong-thuy-nguyen's ancestry: ca-huyen-thuy-nguyen → ca-hai-phong → bo-cong-an
    given([haiPhongRegistered], parentOk(['ca-phuong-thuy-nguyen', 'ca-huyen-thuy-nguyen', 'ca-hai-phong', 'bo-cong-an']))
      .when({ type: 'MoveUnit', unitId: 'ca-hai-phong', parentId: 'ca-phuong-thuy-nguyen', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-move-creates-cycle', 'parentId');
  });

  it('refuses a move to the parent it already has', () => {
    given([thuyNguyenRegistered], parentOk(['ca-hai-phong', 'bo-cong-an']))
      .when({ type: 'MoveUnit', unitId: 'ca-huyen-thuy-nguyen', parentId: 'ca-hai-phong', effectiveOn: '2025-07-01' })
      .thenRefuses('unit-already-under-parent', 'parentId');
  });
});

describe('unitDecider: evolve', () => {
  it('folds registration and moves into the current parent', () => {
    const state = fold(unitDecider, [
      thuyNguyenRegistered,
      { type: 'UnitMoved', data: { unitId: 'ca-huyen-thuy-nguyen', fromParentId: 'ca-hai-phong', parentId: 'ca-hai-phong-moi', effectiveOn: '2025-07-01' } },
    ]);
    expect(state).toEqual({ exists: true, unitId: 'ca-huyen-thuy-nguyen', name: 'Công an huyện Thủy Nguyên', kind: 'district', parentId: 'ca-hai-phong-moi' });
  });
});
