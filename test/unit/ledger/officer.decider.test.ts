import { describe, expect, it } from '@jest/globals';
import { officerDecider, postingOn, type OfficerContext } from '../../../src/ledger/registry/officer.decider.js';
import { unitDecider } from '../../../src/ledger/registry/unit.decider.js';
import { AlreadyExistsError, DomainRuleError } from '../../../src/ledger/errors.js';
import type { OfficerEvent, OfficerRegistered, UnitEvent } from '../../../src/ledger/events.js';
import { fold } from '../../../src/ledger/decider.js';
import { spec } from './given.js';
import { thrownBy } from './fixtures.js';

const given = spec(officerDecider);

const registered: OfficerRegistered = {
  type: 'OfficerRegistered',
  data: { officerId: 'cb-nguyen-van-hung', fullName: 'Nguyễn Văn Hùng', rank: 'Thượng tá', unitId: 'ca-hai-phong' },
};
const unitRegistered = (unitId: string): UnitEvent => ({ type: 'UnitRegistered', data: { unitId, name: unitId, kind: 'province', parentId: 'bo-cong-an' } });
/** The context naming a unit, given as its events. */
const inUnit = (...events: UnitEvent[]): OfficerContext => ({ unit: fold(unitDecider, events) });
const noUnit: OfficerContext = { unit: unitDecider.initialState() };

describe('officerDecider: RegisterOfficer', () => {
  it('registers an officer in an existing unit', () => {
    given([], inUnit(unitRegistered('ca-hai-phong')))
      .when({ type: 'RegisterOfficer', officerId: 'cb-nguyen-van-hung', fullName: 'Nguyễn Văn Hùng', rank: 'Thượng tá', unitId: 'ca-hai-phong' })
      .then([registered]);
  });

  it('registers an officer without a rank', () => {
    given([], inUnit(unitRegistered('ca-phuong-le-chan')))
      .when({ type: 'RegisterOfficer', officerId: 'cb-tran-thi-lan', fullName: 'Trần Thị Lan', rank: null, unitId: 'ca-phuong-le-chan' })
      .then([{ type: 'OfficerRegistered', data: { officerId: 'cb-tran-thi-lan', fullName: 'Trần Thị Lan', rank: null, unitId: 'ca-phuong-le-chan' } }]);
  });

  it('refuses an officer id already registered (already-exists)', () => {
    given([registered], inUnit(unitRegistered('ca-hai-phong')))
      .when({ type: 'RegisterOfficer', officerId: 'cb-nguyen-van-hung', fullName: 'Nguyễn Văn Hùng', rank: 'Đại tá', unitId: 'ca-hai-phong' })
      .thenRefuses('already-exists');
    const error = thrownBy(() =>
      officerDecider.decide(
        { type: 'RegisterOfficer', officerId: 'cb-nguyen-van-hung', fullName: 'x', rank: null, unitId: 'ca-hai-phong' },
        fold(officerDecider, [registered]),
        inUnit(unitRegistered('ca-hai-phong')),
      ),
    );
    expect(error).toBeInstanceOf(AlreadyExistsError);
  });

  it('refuses an unknown unit (unit-not-found on unitId, 422), and one that has ended (unit-ended)', () => {
    given([], noUnit)
      .when({ type: 'RegisterOfficer', officerId: 'cb-le-minh-tuan', fullName: 'Lê Minh Tuấn', rank: 'Đại úy', unitId: 'ca-huyen-da-giai-the' })
      .thenRefuses('unit-not-found', 'unitId');
    const error = thrownBy(() =>
      officerDecider.decide(
        { type: 'RegisterOfficer', officerId: 'cb-le-minh-tuan', fullName: 'x', rank: null, unitId: 'x' },
        officerDecider.initialState(),
        noUnit,
      ),
    );
    expect(error).toBeInstanceOf(DomainRuleError);
    const dissolved: UnitEvent = {
      type: 'UnitDissolved',
      data: { unitId: 'ca-huyen-da-giai-the', effectiveOn: '2025-03-01', successorId: null, movedUnitIds: [], movedOfficerIds: [] },
    };
    given([], inUnit(unitRegistered('ca-huyen-da-giai-the'), dissolved))
      .when({ type: 'RegisterOfficer', officerId: 'cb-le-minh-tuan', fullName: 'Lê Minh Tuấn', rank: null, unitId: 'ca-huyen-da-giai-the' })
      .thenRefuses('unit-ended', 'unitId');
  });

  it('folds the registration into state', () => {
    expect(fold(officerDecider, [registered])).toMatchObject({ exists: true, ...registered.data, retired: null });
  });
});

describe('officerDecider: TransferOfficer', () => {
  const transfer = (unitId: string, effectiveOn: string) => ({ type: 'TransferOfficer' as const, officerId: 'cb-nguyen-van-hung', unitId, effectiveOn });

  it('transfers from a date; the unit on a date follows the effective dates, not the recorded order', () => {
    given([registered], inUnit(unitRegistered('ca-hung-yen')))
      .when(transfer('ca-hung-yen', '2025-07-01'))
      .then([
        { type: 'OfficerTransferred', data: { officerId: 'cb-nguyen-van-hung', fromUnitId: 'ca-hai-phong', unitId: 'ca-hung-yen', effectiveOn: '2025-07-01' } },
      ]);
    const july: OfficerEvent = {
      type: 'OfficerTransferred',
      data: { officerId: 'cb-nguyen-van-hung', fromUnitId: 'ca-hai-phong', unitId: 'ca-b', effectiveOn: '2025-07-01' },
    };
    const backDated: OfficerEvent = {
      type: 'OfficerTransferred',
      data: { officerId: 'cb-nguyen-van-hung', fromUnitId: 'ca-hai-phong', unitId: 'ca-a', effectiveOn: '2025-01-01' },
    };
    const state = fold(officerDecider, [registered, july, backDated]);
    if (!state.exists) throw new Error('registered');
    expect([state.unitId, postingOn(state.postings, '2024-12-31'), postingOn(state.postings, '2025-03-01'), postingOn(state.postings, '2025-07-01')]).toEqual([
      'ca-b',
      'ca-hai-phong',
      'ca-a',
      'ca-b',
    ]);
  });

  it('refuses the unit it is in on that date, an unknown unit, an unknown officer, and a date after retirement', () => {
    given([registered], inUnit(unitRegistered('ca-hai-phong')))
      .when(transfer('ca-hai-phong', '2025-07-01'))
      .thenRefuses('officer-already-in-unit', 'unitId');
    given([registered], noUnit).when(transfer('ca-khong-co', '2025-07-01')).thenRefuses('unit-not-found', 'unitId');
    given([], inUnit(unitRegistered('ca-hung-yen')))
      .when(transfer('ca-hung-yen', '2025-07-01'))
      .thenRefuses('officer-not-found');
    const retired: OfficerEvent = { type: 'OfficerRetired', data: { officerId: 'cb-nguyen-van-hung', reason: 'retired', retiredOn: '2025-05-01', note: null } };
    given([registered, retired], inUnit(unitRegistered('ca-hung-yen')))
      .when(transfer('ca-hung-yen', '2025-07-01'))
      .thenRefuses('officer-retired', 'effectiveOn');
  });
});

describe('officerDecider: RetireOfficer', () => {
  const retire = (reason: 'retired' | 'registered-in-error', retiredOn: string | null) => ({
    type: 'RetireOfficer' as const,
    officerId: 'cb-nguyen-van-hung',
    reason,
    retiredOn,
    note: null,
  });

  it('retires on a date; an officer registered in error is retired without one, and is gone for later commands', () => {
    given([registered], noUnit)
      .when(retire('retired', '2025-12-31'))
      .then([{ type: 'OfficerRetired', data: { officerId: 'cb-nguyen-van-hung', reason: 'retired', retiredOn: '2025-12-31', note: null } }]);
    const inError: OfficerEvent = {
      type: 'OfficerRetired',
      data: { officerId: 'cb-nguyen-van-hung', reason: 'registered-in-error', retiredOn: null, note: 'nhầm' },
    };
    given([registered], noUnit)
      .when(retire('registered-in-error', null))
      .then([{ ...inError, data: { ...inError.data, note: null } }]);
    given([registered, inError], inUnit(unitRegistered('ca-hung-yen')))
      .when({ type: 'TransferOfficer', officerId: 'cb-nguyen-van-hung', unitId: 'ca-hung-yen', effectiveOn: '2025-07-01' })
      .thenRefuses('officer-not-found');
  });

  it('refuses a retirement without a date, a date for an error, and a second retirement', () => {
    given([registered], noUnit).when(retire('retired', null)).thenRefuses('invalid-date', 'retiredOn');
    given([registered], noUnit).when(retire('registered-in-error', '2025-01-01')).thenRefuses('retired-on-not-applicable', 'retiredOn');
    const retired: OfficerEvent = { type: 'OfficerRetired', data: { officerId: 'cb-nguyen-van-hung', reason: 'retired', retiredOn: '2025-05-01', note: null } };
    given([registered, retired], noUnit).when(retire('retired', '2025-06-01')).thenRefuses('officer-already-retired', 'reason');
  });
});
