import { describe, expect, it } from '@jest/globals';
import { commendationDecider, type CommendationCommand, type CommendationContext } from '../../../src/ledger/commendations/commendation.decider.js';
import {
  canonicalTitle,
  checkConferralAuthority,
  conferralRuleFor,
  CONFERRAL_RULES,
  titleProblem,
  type ConferralRule,
} from '../../../src/ledger/commendations/conferral-authority.js';
import { fold } from '../../../src/ledger/decider.js';
import { AlreadyExistsError, DomainRuleError, NotFoundError } from '../../../src/ledger/errors.js';
import type { CommendationEvent, CommendationRecorded } from '../../../src/ledger/events.js';
import { spec } from './given.js';
import { CAMPAIGN_ID, campaignState, PHASE_CLOSED, PHASE_OPEN, standardCampaignEvents, thrownBy, UNITS } from './fixtures.js';

const given = spec(commendationDecider);
const campaign = campaignState(...standardCampaignEvents);
const ctx = (overrides: Partial<CommendationContext> = {}): CommendationContext => ({
  recipientExists: true,
  campaign,
  eligibility: null,
  revokedBasis: [],
  ...overrides,
});

const flagDecision: CommendationRecorded['data'] = {
  commendationId: 'qd-1234-qd-bca-2026',
  form: 'emulation-flag',
  authority: 'minister',
  recipient: { kind: 'collective', id: UNITS.haiPhong },
  title: 'co-thi-dua-bo', // Cờ thi đua của Bộ Công an
  campaignId: CAMPAIGN_ID,
  phaseId: null,
  achievementId: 'dan-dau-cum-2-2026',
  decisionNo: '1234/QĐ-BCA',
  decidedOn: '2026-12-28',
  achievementPeriod: { from: '2026-01-01', to: '2026-12-31' },
  amountVnd: null,
};

const certificateDecision: CommendationRecorded['data'] = {
  commendationId: 'qd-567-qd-cahp-2026',
  form: 'certificate-of-merit',
  authority: 'unit-head',
  recipient: { kind: 'individual', id: 'cb-nguyen-van-hung' },
  title: 'Giấy khen của Giám đốc Công an thành phố Hải Phòng',
  campaignId: null,
  phaseId: null,
  achievementId: null,
  decisionNo: '567/QĐ-CATP',
  decidedOn: '2026-03-10',
  achievementPeriod: null,
  amountVnd: 1_800_000,
};

const recordCmd = (data: CommendationRecorded['data']): CommendationCommand => ({ type: 'RecordCommendation', ...data });
const recordedEvent = (data: CommendationRecorded['data']): CommendationEvent => ({ type: 'CommendationRecorded', data });

const revoke = (overrides: Partial<Extract<CommendationCommand, { type: 'RevokeCommendation' }>> = {}): CommendationCommand => ({
  type: 'RevokeCommendation',
  commendationId: flagDecision.commendationId,
  ground: 'false-declaration',
  reason: 'Kê khai không trung thực thành tích phá án',
  decisionNo: '88/QĐ-BCA',
  decidedOn: '2027-05-04',
  authority: null,
  ...overrides,
});

describe('commendationDecider: RecordCommendation', () => {
  it('records a Ministry emulation flag to a provincial police for a campaign', () => {
    given([], ctx())
      .when(recordCmd(flagDecision))
      .then([recordedEvent(flagDecision)]);
  });

  it('records a Certificate of Merit to an officer with no campaign and no context campaign', () => {
    given([], ctx({ campaign: null }))
      .when(recordCmd(certificateDecision))
      .then([recordedEvent(certificateDecision)]);
  });

  it('records a decision for a phase of the campaign (closed phases included)', () => {
    const forPhase = {
      ...flagDecision,
      commendationId: 'qd-99-qd-cahp',
      form: 'spot-reward',
      authority: 'unit-head',
      title: 'Thưởng nóng đợt cao điểm',
      phaseId: PHASE_OPEN,
      amountVnd: 80_000_000,
    } as const;
    given([], ctx())
      .when(recordCmd(forPhase))
      .then([recordedEvent(forPhase)]);
    const forClosedPhase = { ...forPhase, phaseId: PHASE_CLOSED };
    given([], ctx())
      .when(recordCmd(forClosedPhase))
      .then([recordedEvent(forClosedPhase)]);
  });

  it('records a decision for a closed campaign (the final review comes after closing)', () => {
    const closed = campaignState(...standardCampaignEvents, { type: 'CampaignClosed', data: { campaignId: CAMPAIGN_ID } });
    given([], ctx({ campaign: closed }))
      .when(recordCmd(flagDecision))
      .then([recordedEvent(flagDecision)]);
  });

  it('accepts a one-day achievement period', () => {
    const oneDay = { ...certificateDecision, achievementPeriod: { from: '2026-02-14', to: '2026-02-14' } };
    given([], ctx())
      .when(recordCmd(oneDay))
      .then([recordedEvent(oneDay)]);
  });

  it('refuses a commendation id already recorded (409)', () => {
    given([recordedEvent(flagDecision)], ctx())
      .when(recordCmd(flagDecision))
      .thenRefuses('already-exists');
    const error = thrownBy(() => commendationDecider.decide(recordCmd(flagDecision), fold(commendationDecider, [recordedEvent(flagDecision)]), ctx()));
    expect(error).toBeInstanceOf(AlreadyExistsError);
  });

  it('refuses an unknown collective recipient (unit-not-found) and individual recipient (officer-not-found)', () => {
    given([], ctx({ recipientExists: false }))
      .when(recordCmd(flagDecision))
      .thenRefuses('unit-not-found', 'recipient.id');
    given([], ctx({ recipientExists: false }))
      .when(recordCmd(certificateDecision))
      .thenRefuses('officer-not-found', 'recipient.id');
  });

  it('refuses an unknown campaign', () => {
    given([], ctx({ campaign: null }))
      .when(recordCmd(flagDecision))
      .thenRefuses('campaign-not-found', 'campaignId');
    given([], ctx({ campaign: campaignState() }))
      .when(recordCmd(flagDecision))
      .thenRefuses('campaign-not-found', 'campaignId');
  });

  it('refuses an unknown phase of the campaign', () => {
    given([], ctx())
      .when(recordCmd({ ...flagDecision, phaseId: 'cao-diem-2-9' }))
      .thenRefuses('phase-not-found', 'phaseId');
  });

  it('refuses a phase without its campaign (campaign-required)', () => {
    given([], ctx({ campaign: null }))
      .when(recordCmd({ ...certificateDecision, phaseId: PHASE_OPEN }))
      .thenRefuses('campaign-required', 'campaignId');
  });

  it('refuses an achievement period that ends before it starts', () => {
    given([], ctx())
      .when(recordCmd({ ...flagDecision, achievementPeriod: { from: '2026-12-31', to: '2026-01-01' } }))
      .thenRefuses('invalid-period', 'achievementPeriod.to');
  });
});

describe('commendationDecider: authority (docs/domain.md §6 rule 2)', () => {
  /** A decision of the 2026 review, by `authority`, of `form` (and title). */
  const decided = (
    form: CommendationRecorded['data']['form'],
    authority: CommendationRecorded['data']['authority'],
    title: string | null = null,
    decidedOn = '2026-12-20',
  ): CommendationRecorded['data'] => ({
    ...certificateDecision,
    commendationId: `qd-${form}-${authority}`,
    form,
    authority,
    title,
    decidedOn,
    amountVnd: null,
  });
  const accepts = (decision: CommendationRecorded['data']) =>
    given([], ctx())
      .when(recordCmd(decision))
      .then([recordedEvent(decision)]);
  const refuses = (decision: CommendationRecorded['data']) => given([], ctx()).when(recordCmd(decision)).thenRefuses('authority-too-low', 'authority');

  it('accepts each form from its required authority', () => {
    accepts(decided('order', 'president'));
    accepts(decided('medal', 'president'));
    accepts(decided('honorary-title', 'president'));
    accepts(decided('commemorative-medal', 'minister'));
    accepts(decided('certificate-of-merit', 'unit-head'));
    accepts(decided('spot-reward', 'unit-head'));
    accepts(decided('emulation-flag', 'minister', 'co-thi-dua-bo'));
    accepts(decided('emulation-flag', 'prime-minister', 'co-thi-dua-chinh-phu'));
    accepts(decided('emulation-title', 'unit-head', 'chien-si-tien-tien'));
    accepts(decided('emulation-title', 'unit-head', 'chien-si-thi-dua-co-so'));
    accepts(decided('emulation-title', 'unit-head', 'don-vi-tien-tien'));
    accepts(decided('emulation-title', 'minister', 'chien-si-thi-dua-bo'));
    accepts(decided('emulation-title', 'minister', 'don-vi-quyet-thang'));
    accepts(decided('emulation-title', 'prime-minister', 'chien-si-thi-dua-toan-quoc'));
  });

  it('accepts a Diploma of Merit from any issuer of one: PM, Minister, general department, province', () => {
    for (const authority of ['president', 'prime-minister', 'minister', 'general-department', 'province'] as const)
      accepts(decided('diploma-of-merit', authority));
  });

  it('accepts a decision from an authority above the required one', () => {
    accepts(decided('certificate-of-merit', 'minister'));
    accepts(decided('emulation-title', 'prime-minister', 'chien-si-tien-tien'));
    accepts(decided('emulation-title', 'president', 'chien-si-thi-dua-toan-quoc'));
    accepts(decided('spot-reward', 'province'));
  });

  it('refuses a flag signed by any other authority than its own (authority-mismatch): a higher one included', () => {
    const mismatch = (decision: CommendationRecorded['data']) => given([], ctx()).when(recordCmd(decision)).thenRefuses('authority-mismatch', 'authority');
    mismatch(decided('emulation-flag', 'president', 'co-thi-dua-chinh-phu'));
    mismatch(decided('emulation-flag', 'prime-minister', 'co-thi-dua-bo'));
    mismatch(decided('emulation-flag', 'president', 'co-thi-dua-bo'));
    const error = thrownBy(() =>
      commendationDecider.decide(recordCmd(decided('emulation-flag', 'prime-minister', 'co-thi-dua-bo')), commendationDecider.initialState(), ctx()),
    );
    expect((error as DomainRuleError).details).toMatchObject({ requiredAuthority: 'minister', titleCode: 'co-thi-dua-bo' });
    // Below its authority it is still too low.
    refuses(decided('emulation-flag', 'province', 'co-thi-dua-bo'));
  });

  it('refuses a decision signed below the required level, naming the required authority', () => {
    refuses(decided('order', 'prime-minister'));
    refuses(decided('medal', 'minister'));
    refuses(decided('honorary-title', 'unit-head'));
    refuses(decided('commemorative-medal', 'province'));
    refuses(decided('diploma-of-merit', 'unit-head'));
    refuses(decided('emulation-flag', 'minister', 'co-thi-dua-chinh-phu'));
    refuses(decided('emulation-title', 'unit-head', 'chien-si-thi-dua-bo'));
    refuses(decided('emulation-title', 'general-department', 'don-vi-quyet-thang'));
    refuses(decided('emulation-title', 'minister', 'chien-si-thi-dua-toan-quoc'));
    const error = thrownBy(() =>
      commendationDecider.decide(recordCmd(decided('emulation-flag', 'minister', 'co-thi-dua-chinh-phu')), commendationDecider.initialState(), ctx()),
    );
    expect(error).toBeInstanceOf(DomainRuleError);
    expect((error as DomainRuleError).details).toMatchObject({ requiredAuthority: 'prime-minister', titleCode: 'co-thi-dua-chinh-phu' });
    expect((error as DomainRuleError).message).toMatch(/prime-minister.*not the minister/);
  });

  it('ranks a general department with a province: neither is below the other', () => {
    accepts(decided('diploma-of-merit', 'general-department'));
    accepts(decided('diploma-of-merit', 'province'));
    refuses(decided('commemorative-medal', 'general-department'));
  });

  it('refuses a title outside the closed vocabulary of its form (unknown-title), naming the known codes', () => {
    const unknown = (decision: CommendationRecorded['data']) => given([], ctx()).when(recordCmd(decision)).thenRefuses('unknown-title', 'title');
    unknown(decided('emulation-title', 'unit-head', 'Chiến sĩ thi đua Bộ Công an năm 2026'));
    unknown(decided('emulation-title', 'unit-head', null));
    unknown(decided('emulation-flag', 'prime-minister', 'Cờ thi đua của Chính phủ')); // a label: the decision carries the code
    // A flag code on a title (or the reverse), or either on another form, is refused.
    unknown(decided('emulation-title', 'unit-head', 'co-thi-dua-chinh-phu'));
    unknown(decided('emulation-flag', 'minister', 'chien-si-tien-tien'));
    unknown(decided('diploma-of-merit', 'minister', 'co-thi-dua-bo'));
    unknown(decided('certificate-of-merit', 'unit-head', ' Chiến sĩ tiên tiến '));
    const error = thrownBy(() =>
      commendationDecider.decide(recordCmd(decided('emulation-flag', 'minister', 'Cờ thi đua')), commendationDecider.initialState(), ctx()),
    );
    expect((error as DomainRuleError).details).toEqual({ knownTitles: ['co-thi-dua-bo', 'co-thi-dua-chinh-phu'] });
    // Free text stays free on the other forms.
    accepts(decided('diploma-of-merit', 'minister', 'Bằng khen của Bộ trưởng Bộ Công an'));
  });

  it('maps a label (NFC-normalised, trimmed) to its code for the title forms only', () => {
    expect(canonicalTitle('emulation-flag', '  Cờ thi đua của Chính phủ\n')).toBe('co-thi-dua-chinh-phu');
    expect(canonicalTitle('emulation-title', 'Chiến sĩ thi đua cơ sở'.normalize('NFD'))).toBe('chien-si-thi-dua-co-so');
    expect(canonicalTitle('emulation-title', 'Cờ thi đua của Chính phủ')).toBe('Cờ thi đua của Chính phủ');
    expect(canonicalTitle('diploma-of-merit', 'Bằng khen')).toBe('Bằng khen');
    expect(titleProblem('emulation-flag', 'cờ thi đua của chính phủ')).toMatch(/not a known code or label.*co-thi-dua-bo.*co-thi-dua-chinh-phu/);
    expect(titleProblem('emulation-flag', undefined)).toMatch(/^is required/);
    expect(titleProblem('diploma-of-merit', 'don-vi-tien-tien')).toMatch(/send it with form emulation-title/);
  });

  it('judges by the rules in force on decidedOn: a rule not yet in force does not apply', () => {
    const rules: ConferralRule[] = [
      { form: 'spot-reward', requiredAuthority: 'unit-head', effectiveFrom: '2024-01-01', effectiveTo: '2026-12-31', basis: 'old' },
      { form: 'spot-reward', requiredAuthority: 'minister', effectiveFrom: '2027-01-01', basis: 'new' },
    ];
    const spot = (decidedOn: string) => ({ form: 'spot-reward' as const, title: null, authority: 'unit-head' as const, decidedOn });
    expect(() => checkConferralAuthority(spot('2026-12-31'), rules)).not.toThrow();
    expect(() => checkConferralAuthority(spot('2027-01-01'), rules)).toThrow(
      expect.objectContaining({ code: 'authority-too-low', details: expect.objectContaining({ requiredAuthority: 'minister', basis: 'new' }) }),
    );
    expect(conferralRuleFor(spot('2023-12-31'), rules)).toBeNull();
    expect(() => checkConferralAuthority(spot('2023-12-31'), rules)).not.toThrow();
    // A title rule not yet in force: the form's rule judges.
    const titled: ConferralRule[] = [
      { form: 'emulation-title', requiredAuthority: 'unit-head', effectiveFrom: '2024-01-01', basis: 'form' },
      { form: 'emulation-title', titleCode: 'chien-si-thi-dua-bo', requiredAuthority: 'minister', effectiveFrom: '2027-01-01', basis: 'title' },
    ];
    const cstdBo = (decidedOn: string) => ({ form: 'emulation-title' as const, title: 'chien-si-thi-dua-bo', authority: 'unit-head' as const, decidedOn });
    expect(conferralRuleFor(cstdBo('2026-06-01'), titled)?.basis).toBe('form');
    expect(() => checkConferralAuthority(cstdBo('2027-06-01'), titled)).toThrow(expect.objectContaining({ code: 'authority-too-low' }));
  });

  it('judges a decision by the law of its date: the 2003 law before 2024, the 2022 law from 2024', () => {
    expect(conferralRuleFor({ form: 'order', title: null, decidedOn: '2023-12-31' })?.basis).toMatch(/15\/2003\/QH11/);
    expect(conferralRuleFor({ form: 'order', title: null, decidedOn: '2024-01-01' })?.basis).toMatch(/06\/2022\/QH15/);
    refuses(decided('order', 'minister', null, '2016-12-15'));
    // Before the first law in the table no rule is in force: the authority is not judged.
    accepts(decided('order', 'minister', null, '2003-05-01'));
  });

  it('has, in every era, one form-level rule for each form', () => {
    for (const on of ['2010-01-01', '2026-01-01']) {
      for (const form of [
        'order',
        'medal',
        'honorary-title',
        'commemorative-medal',
        'diploma-of-merit',
        'certificate-of-merit',
        'emulation-flag',
        'emulation-title',
        'spot-reward',
      ] as const) {
        expect(
          CONFERRAL_RULES.filter((r) => r.form === form && r.titleCode === undefined && r.effectiveFrom <= on && (r.effectiveTo ?? '9999') >= on),
        ).toHaveLength(1);
      }
    }
  });
});

describe('commendationDecider: RevokeCommendation', () => {
  it('revokes a decision, keeping it in the record', () => {
    given([recordedEvent(flagDecision)], ctx())
      .when(revoke())
      .then([
        {
          type: 'CommendationRevoked',
          data: {
            commendationId: flagDecision.commendationId,
            ground: 'false-declaration',
            reason: 'Kê khai không trung thực thành tích phá án',
            decisionNo: '88/QĐ-BCA',
            decidedOn: '2027-05-04',
            authority: 'minister',
          },
        },
      ]);
    const state = fold(commendationDecider, [
      recordedEvent(flagDecision),
      {
        type: 'CommendationRevoked',
        data: { commendationId: flagDecision.commendationId, ground: 'false-declaration', reason: 'x', decisionNo: '88/QĐ-BCA', decidedOn: '2027-05-04' },
      },
    ]);
    expect(state).toEqual({
      exists: true,
      decision: flagDecision,
      // An event of before the authority was recorded: the conferring authority's (the one an annulment must match).
      revoked: { decidedOn: '2027-05-04', decisionNo: '88/QĐ-BCA', authority: 'minister' },
      recovered: { object: false, amountVnd: 0 },
      reviewed: new Set(),
    });
  });

  it('accepts a revocation on the day of the decision', () => {
    given([recordedEvent(flagDecision)], ctx())
      .when(revoke({ decidedOn: flagDecision.decidedOn, ground: 'unlawful-approval' }))
      .then([
        {
          type: 'CommendationRevoked',
          data: {
            commendationId: flagDecision.commendationId,
            ground: 'unlawful-approval',
            reason: 'Kê khai không trung thực thành tích phá án',
            decisionNo: '88/QĐ-BCA',
            decidedOn: flagDecision.decidedOn,
            authority: 'minister',
          },
        },
      ]);
  });

  it('refuses an unknown commendation (404)', () => {
    given([], ctx()).when(revoke()).thenRefuses('commendation-not-found');
    expect(thrownBy(() => commendationDecider.decide(revoke(), commendationDecider.initialState(), ctx()))).toBeInstanceOf(NotFoundError);
  });

  it('refuses a decision already revoked', () => {
    const history: CommendationEvent[] = [
      recordedEvent(flagDecision),
      {
        type: 'CommendationRevoked',
        data: {
          commendationId: flagDecision.commendationId,
          ground: 'forged-documents',
          reason: 'Giả mạo hồ sơ',
          decisionNo: '77/QĐ-BCA',
          decidedOn: '2027-04-01',
        },
      },
    ];
    given(history, ctx()).when(revoke()).thenRefuses('already-revoked');
  });

  it('refuses a revocation dated before the decision', () => {
    given([recordedEvent(flagDecision)], ctx())
      .when(revoke({ decidedOn: '2026-12-27' }))
      .thenRefuses('revocation-before-decision', 'decidedOn');
  });
});
