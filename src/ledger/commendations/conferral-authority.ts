import { DomainRuleError } from '../errors.js';
import type { Authority, CommendationForm } from '../events.js';

/**
 * Rule 2 of domain.md §6, "Authority": who may confer what, as data with effective dates.
 *
 * Each form has its issuer [law Art 80]. A decision signed BELOW the required level is invalid
 * and refused (`authority-too-low`); one signed at the required level or ABOVE it is accepted (a
 * higher authority is not refused for conferring what a lower one could: e.g. a Minister's
 * certificate). A decision is judged by the rules in force on its `decidedOn`; when no rule for its
 * form is in force that day (before the first law in the table), the authority is not judged.
 */

/**
 * Ranking of the authorities, highest first: president > prime-minister > minister >
 * general-department ≈ province > unit-head.
 * - A general department (Tổng cục) of the Ministry and a provincial People's Committee rank the
 *   same: each issues its own Diploma of Merit (Bằng khen), neither answers to the other, and both
 *   sit between the Minister and the heads of units (a provincial police Director signs Giấy khen).
 * - unit-head is the lowest: the head of a unit (e.g. the provincial police Director) signs
 *   Certificates of Merit and the grassroots titles.
 */
export const AUTHORITY_RANK: Readonly<Record<Authority, number>> = {
  president: 5,
  'prime-minister': 4,
  minister: 3,
  'general-department': 2,
  province: 2,
  'unit-head': 1,
};

/** Known codes of the emulation titles and flags; `title` is judged by them only when it equals one. */
export const EMULATION_TITLE_CODES = [
  'chien-si-tien-tien', // Chiến sĩ tiên tiến (CSTT)
  'chien-si-thi-dua-co-so', // Chiến sĩ thi đua cơ sở (CSTĐCS)
  'chien-si-thi-dua-bo', // Chiến sĩ thi đua Bộ Công an / toàn lực lượng CAND (CSTĐ Bộ)
  'chien-si-thi-dua-toan-quoc', // Chiến sĩ thi đua toàn quốc
  'don-vi-tien-tien', // Đơn vị tiên tiến
  'don-vi-quyet-thang', // Đơn vị quyết thắng
] as const;
export const EMULATION_FLAG_CODES = [
  'co-thi-dua-bo', // Cờ thi đua của Bộ Công an
  'co-thi-dua-chinh-phu', // Cờ thi đua của Chính phủ
] as const;
export type TitleCode = (typeof EMULATION_TITLE_CODES)[number] | (typeof EMULATION_FLAG_CODES)[number];

export interface ConferralRule {
  form: CommendationForm;
  /** For emulation-title / emulation-flag: the title or flag it is about. Absent: the form as a whole. */
  titleCode?: TitleCode;
  /** The lowest authority that may confer it. */
  requiredAuthority: Authority;
  /** ISO date, inclusive. */
  effectiveFrom: string;
  /** ISO date, inclusive; absent: still in force. */
  effectiveTo?: string;
  /** The legal basis, quoted in refusals. */
  basis: string;
}

type Allocation = Pick<ConferralRule, 'form' | 'titleCode' | 'requiredAuthority'>;

/**
 * Who confers what (domain.md §6, law Art 80, police practice). Per form, then per title/flag.
 * The form-level row of emulation-title / emulation-flag is the LOWEST level among its titles /
 * flags: a title that is not one of the known codes is judged by its form alone, so it must not be
 * refused when it could be lawful.
 */
const ALLOCATION: readonly Allocation[] = [
  // The President: orders, medals, state honorary titles.
  { form: 'order', requiredAuthority: 'president' },
  { form: 'medal', requiredAuthority: 'president' },
  { form: 'honorary-title', requiredAuthority: 'president' },
  // Commemorative medal (Kỷ niệm chương): a ministry's own award, conferred by its Minister (e.g.
  // "Vì an ninh Tổ quốc" of the Ministry of Public Security). Chosen level: minister.
  { form: 'commemorative-medal', requiredAuthority: 'minister' },
  // Diploma of Merit (Bằng khen): of the PM, of a Minister, of a province, of a general department.
  // Its required level depends on whose diploma it is, which the decision does not say apart from
  // its authority: so any authority from general-department / province up may issue one, a unit
  // head may not (a unit head signs a Certificate of Merit, Giấy khen).
  { form: 'diploma-of-merit', requiredAuthority: 'province' },
  // Certificate of Merit (Giấy khen): a unit head.
  { form: 'certificate-of-merit', requiredAuthority: 'unit-head' },
  // On-the-spot reward (thưởng nóng): decided by the head of the unit that directed the operation
  // (higher levels also give them). Chosen level: unit-head, the lowest.
  { form: 'spot-reward', requiredAuthority: 'unit-head' },
  // Emulation flags: the Ministry flag (Minister), the Government flag (PM).
  { form: 'emulation-flag', requiredAuthority: 'minister' },
  { form: 'emulation-flag', titleCode: 'co-thi-dua-bo', requiredAuthority: 'minister' },
  { form: 'emulation-flag', titleCode: 'co-thi-dua-chinh-phu', requiredAuthority: 'prime-minister' },
  // Emulation titles.
  { form: 'emulation-title', requiredAuthority: 'unit-head' },
  { form: 'emulation-title', titleCode: 'chien-si-tien-tien', requiredAuthority: 'unit-head' },
  { form: 'emulation-title', titleCode: 'chien-si-thi-dua-co-so', requiredAuthority: 'unit-head' },
  { form: 'emulation-title', titleCode: 'don-vi-tien-tien', requiredAuthority: 'unit-head' },
  { form: 'emulation-title', titleCode: 'chien-si-thi-dua-bo', requiredAuthority: 'minister' },
  { form: 'emulation-title', titleCode: 'don-vi-quyet-thang', requiredAuthority: 'minister' },
  { form: 'emulation-title', titleCode: 'chien-si-thi-dua-toan-quoc', requiredAuthority: 'prime-minister' },
];

/**
 * The laws the table covers. The 2003 law (as amended) and the 2022 law allocate these forms the
 * same way, so both eras carry the same allocation today; they are separate rows so that a change
 * in either is a change of data. To be checked by a legal reviewer before the table is extended.
 */
const ERAS = [
  { effectiveFrom: '2004-07-01', effectiveTo: '2023-12-31', basis: 'Luật Thi đua, Khen thưởng 15/2003/QH11, sửa đổi, bổ sung' },
  { effectiveFrom: '2024-01-01', basis: 'Luật Thi đua, Khen thưởng 06/2022/QH15; Nghị định 98/2023/NĐ-CP' },
] as const;

export const CONFERRAL_RULES: readonly ConferralRule[] = ERAS.flatMap((era) => ALLOCATION.map((allocation) => ({ ...allocation, ...era })));

const TITLE_CODES: ReadonlySet<string> = new Set<string>([...EMULATION_TITLE_CODES, ...EMULATION_FLAG_CODES]);

export const inForce = (rule: ConferralRule, on: string): boolean => rule.effectiveFrom <= on && (rule.effectiveTo === undefined || on <= rule.effectiveTo);

/**
 * The rule a decision is judged by on `decidedOn`: the one for its title when `title` is a known
 * code with a rule in force, else the one for its form; null when none is in force. Should rules
 * overlap, the strictest wins.
 */
export function conferralRuleFor(
  decision: { form: CommendationForm; title: string | null; decidedOn: string },
  rules: readonly ConferralRule[] = CONFERRAL_RULES,
): ConferralRule | null {
  const current = rules.filter((rule) => rule.form === decision.form && inForce(rule, decision.decidedOn));
  const code = decision.title !== null && TITLE_CODES.has(decision.title) ? decision.title : null;
  const forTitle = code === null ? [] : current.filter((rule) => rule.titleCode === code);
  const candidates = forTitle.length > 0 ? forTitle : current.filter((rule) => rule.titleCode === undefined);
  return candidates.reduce<ConferralRule | null>(
    (strictest, rule) => (strictest === null || AUTHORITY_RANK[rule.requiredAuthority] > AUTHORITY_RANK[strictest.requiredAuthority] ? rule : strictest),
    null,
  );
}

/** Refuses (`authority-too-low`, 422 on `authority`) a decision signed below its form's required level. */
export function checkConferralAuthority(
  decision: { form: CommendationForm; title: string | null; authority: Authority; decidedOn: string },
  rules: readonly ConferralRule[] = CONFERRAL_RULES,
): void {
  const rule = conferralRuleFor(decision, rules);
  if (rule === null || AUTHORITY_RANK[decision.authority] >= AUTHORITY_RANK[rule.requiredAuthority]) return;
  const what = rule.titleCode === undefined ? `a ${decision.form}` : `a ${decision.form} '${rule.titleCode}'`;
  throw new DomainRuleError(
    'authority-too-low',
    `${what} must be conferred by the ${rule.requiredAuthority} or a higher authority, not the ${decision.authority} (${rule.basis}, in force on ${decision.decidedOn})`,
    'authority',
    { requiredAuthority: rule.requiredAuthority, ...(rule.titleCode === undefined ? {} : { titleCode: rule.titleCode }), basis: rule.basis },
  );
}
