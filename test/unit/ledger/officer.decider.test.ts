import { describe, expect, it } from '@jest/globals';
import { officerDecider } from '../../../src/ledger/registry/officer.decider.js';
import { AlreadyExistsError, DomainRuleError } from '../../../src/ledger/errors.js';
import type { OfficerRegistered } from '../../../src/ledger/events.js';
import { fold } from '../../../src/ledger/decider.js';
import { spec } from './given.js';
import { thrownBy } from './fixtures.js';

const given = spec(officerDecider);

const registered: OfficerRegistered = {
  type: 'OfficerRegistered',
  data: { officerId: 'cb-nguyen-van-hung', fullName: 'Nguyễn Văn Hùng', rank: 'Thượng tá', unitId: 'ca-hai-phong' },
};

describe('officerDecider: RegisterOfficer', () => {
  it('registers an officer in an existing unit', () => {
    given([], { unitExists: true })
      .when({ type: 'RegisterOfficer', officerId: 'cb-nguyen-van-hung', fullName: 'Nguyễn Văn Hùng', rank: 'Thượng tá', unitId: 'ca-hai-phong' })
      .then([registered]);
  });

  it('registers an officer without a rank', () => {
    given([], { unitExists: true })
      .when({ type: 'RegisterOfficer', officerId: 'cb-tran-thi-lan', fullName: 'Trần Thị Lan', rank: null, unitId: 'ca-phuong-le-chan' })
      .then([{ type: 'OfficerRegistered', data: { officerId: 'cb-tran-thi-lan', fullName: 'Trần Thị Lan', rank: null, unitId: 'ca-phuong-le-chan' } }]);
  });

  it('refuses an officer id already registered (already-exists)', () => {
    given([registered], { unitExists: true })
      .when({ type: 'RegisterOfficer', officerId: 'cb-nguyen-van-hung', fullName: 'Nguyễn Văn Hùng', rank: 'Đại tá', unitId: 'ca-hai-phong' })
      .thenRefuses('already-exists');
    const error = thrownBy(() =>
      officerDecider.decide(
        { type: 'RegisterOfficer', officerId: 'cb-nguyen-van-hung', fullName: 'x', rank: null, unitId: 'ca-hai-phong' },
        fold(officerDecider, [registered]),
        { unitExists: true },
      ),
    );
    expect(error).toBeInstanceOf(AlreadyExistsError);
  });

  it('refuses an unknown unit (unit-not-found on unitId, 422)', () => {
    given([], { unitExists: false })
      .when({ type: 'RegisterOfficer', officerId: 'cb-le-minh-tuan', fullName: 'Lê Minh Tuấn', rank: 'Đại úy', unitId: 'ca-huyen-da-giai-the' })
      .thenRefuses('unit-not-found', 'unitId');
    const error = thrownBy(() =>
      officerDecider.decide({ type: 'RegisterOfficer', officerId: 'cb-le-minh-tuan', fullName: 'x', rank: null, unitId: 'x' }, officerDecider.initialState(), {
        unitExists: false,
      }),
    );
    expect(error).toBeInstanceOf(DomainRuleError);
  });

  it('folds the registration into state', () => {
    expect(fold(officerDecider, [registered])).toEqual({ exists: true, ...registered.data });
  });
});
