import { DomainRuleError } from '../errors.js';
import type { Authority, CommendationForm } from '../events.js';

/**
 * Rule 2 of docs/domain.md §6, "Authority": who may confer what, as data with effective dates.
 *
 * Each form has its issuer [law Art 80]. A decision signed BELOW the required level is invalid
 * and refused (`authority-too-low`); one signed at the required level or ABOVE it is accepted (a
 * higher authority is not refused for conferring what a lower one could: e.g. a Minister's
 * certificate), except a flag, conferred by exactly its own authority (`authority-mismatch`: a
 * Prime Minister's flag is the Government's flag, not the Ministry's). A decision is judged by the
 * rules in force on its `decidedOn`; when no rule for its form is in force that day (before the
 * first law in the table), the authority is not judged.
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

/**
 * The closed vocabulary of emulation titles and flags (danh hiệu thi đua, cờ thi đua): the one
 * table of them, with their form, Vietnamese label and the authority that confers each. A decision
 * of form emulation-title or emulation-flag names one of these in `title`, by code or by its exact
 * label (stored as the code); no other form may use one of them.
 * `exactAuthority`: a flag is conferred by exactly its authority (the Ministry's flag by the
 * Minister, the Government's by the Prime Minister): a flag signed by another one is another flag.
 * A title may be conferred by its authority or a higher one (rule 2).
 */
export const TITLES = [
  { code: 'chien-si-tien-tien', form: 'emulation-title', label: 'Chiến sĩ tiên tiến', requiredAuthority: 'unit-head', exactAuthority: false }, // CSTT
  { code: 'chien-si-thi-dua-co-so', form: 'emulation-title', label: 'Chiến sĩ thi đua cơ sở', requiredAuthority: 'unit-head', exactAuthority: false }, // CSTĐCS
  {
    code: 'chien-si-thi-dua-bo',
    form: 'emulation-title',
    label: 'Chiến sĩ thi đua toàn lực lượng Công an nhân dân',
    requiredAuthority: 'minister',
    exactAuthority: false,
  }, // CSTĐ Bộ
  {
    code: 'chien-si-thi-dua-toan-quoc',
    form: 'emulation-title',
    label: 'Chiến sĩ thi đua toàn quốc',
    requiredAuthority: 'prime-minister',
    exactAuthority: false,
  },
  { code: 'don-vi-tien-tien', form: 'emulation-title', label: 'Đơn vị tiên tiến', requiredAuthority: 'unit-head', exactAuthority: false },
  { code: 'don-vi-quyet-thang', form: 'emulation-title', label: 'Đơn vị quyết thắng', requiredAuthority: 'minister', exactAuthority: false },
  { code: 'co-thi-dua-bo', form: 'emulation-flag', label: 'Cờ thi đua của Bộ Công an', requiredAuthority: 'minister', exactAuthority: true },
  { code: 'co-thi-dua-chinh-phu', form: 'emulation-flag', label: 'Cờ thi đua của Chính phủ', requiredAuthority: 'prime-minister', exactAuthority: true },
] as const satisfies readonly { code: string; form: CommendationForm; label: string; requiredAuthority: Authority; exactAuthority: boolean }[];
export type TitleDefinition = (typeof TITLES)[number];
export type TitleCode = TitleDefinition['code'];
/** The forms whose `title` is one of TITLES (required). */
export const TITLE_FORMS = ['emulation-title', 'emulation-flag'] as const satisfies readonly CommendationForm[];
export type TitleForm = (typeof TITLE_FORMS)[number];

export const EMULATION_TITLE_CODES: readonly TitleCode[] = TITLES.filter((t) => t.form === 'emulation-title').map((t) => t.code);
export const EMULATION_FLAG_CODES: readonly TitleCode[] = TITLES.filter((t) => t.form === 'emulation-flag').map((t) => t.code);

const isTitleForm = (form: CommendationForm): form is TitleForm => (TITLE_FORMS as readonly string[]).includes(form);
const TITLE_BY_TEXT: ReadonlyMap<string, TitleDefinition> = new Map(
  TITLES.flatMap(
    (t) =>
      [
        [t.code, t],
        [t.label.normalize('NFC'), t],
      ] as const,
  ),
);

/** The title a text names: its code or its exact Vietnamese label (NFC-normalised, surrounding whitespace ignored); else null. */
export function titleNamed(text: string): TitleDefinition | null {
  return TITLE_BY_TEXT.get(text.normalize('NFC').trim()) ?? null;
}

/** What the ledger stores as `title`: the code for the title forms (when the text names one of theirs), else the text as given. */
export function canonicalTitle(form: CommendationForm, title: string | null): string | null {
  if (title === null || !isTitleForm(form)) return title;
  const named = titleNamed(title);
  return named !== null && named.form === form ? named.code : title;
}

/** Why `title` does not fit `form` under the closed vocabulary, or null when it does. */
export function titleProblem(form: CommendationForm, title: string | null | undefined): string | null {
  const named = typeof title === 'string' ? titleNamed(title) : null;
  if (isTitleForm(form)) {
    if (named !== null && named.form === form) return null;
    const known = TITLES.filter((t) => t.form === form)
      .map((t) => `${t.code} (${t.label})`)
      .join(', ');
    const given =
      typeof title !== 'string' ? 'is required' : named !== null ? `'${named.code}' is an ${named.form}, not an ${form}` : 'is not a known code or label';
    return `${given}: an ${form} names one of ${known}, by code or exact label (GET /api/vocabularies)`;
  }
  if (named !== null) return `'${named.code}' (${named.label}) is an ${named.form}: send it with form ${named.form}`;
  return null;
}

/**
 * Refuses (`unknown-title`, 422 on `title`) a title outside the closed vocabulary of its form (see
 * TITLES). A decision carries the code itself (canonicalTitle turns a label into it).
 */
export function checkTitle(decision: { form: CommendationForm; title: string | null }): void {
  const { form, title } = decision;
  if (isTitleForm(form) && TITLES.some((t) => t.form === form && t.code === title)) return;
  const problem =
    titleProblem(form, title) ?? (isTitleForm(form) ? `'${title}' is a label: the decision carries its code, '${titleNamed(title!)!.code}'` : null);
  if (problem === null) return;
  throw new DomainRuleError(
    'unknown-title',
    `title ${problem}`,
    'title',
    isTitleForm(form) ? { knownTitles: TITLES.filter((t) => t.form === form).map((t) => t.code) } : undefined,
  );
}

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
  /** Only `requiredAuthority` itself may confer it, not a higher one (the flags). */
  exactAuthority?: boolean;
}

type Allocation = Pick<ConferralRule, 'form' | 'titleCode' | 'requiredAuthority' | 'exactAuthority'>;

/**
 * Who confers what (docs/domain.md §6, law Art 80, police practice). Per form, then per title/flag.
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
  // Emulation flags and titles, form-level rows (the lowest level among the form's titles; the
  // vocabulary is closed, so these judge only under a table where a title's own row is not in force).
  { form: 'emulation-flag', requiredAuthority: 'minister' },
  { form: 'emulation-title', requiredAuthority: 'unit-head' },
  // Each title and flag: its row in TITLES (the Ministry flag by the Minister, the Government flag
  // by the PM; CSTT, CSTĐCS, Advanced Unit by a unit head; CSTĐ Bộ, Determined-to-Win Unit by the
  // Minister; CSTĐ toàn quốc by the PM).
  ...TITLES.map((t): Allocation => ({
    form: t.form,
    titleCode: t.code,
    requiredAuthority: t.requiredAuthority,
    ...(t.exactAuthority ? { exactAuthority: true } : {}),
  })),
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

const TITLE_CODES: ReadonlySet<string> = new Set<string>(TITLES.map((t) => t.code));

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

/**
 * Refuses (`authority-too-low`, 422 on `authority`) a decision signed below its form's or title's
 * required level, and (`authority-mismatch`) a flag signed by another authority than its own.
 */
export function checkConferralAuthority(
  decision: { form: CommendationForm; title: string | null; authority: Authority; decidedOn: string },
  rules: readonly ConferralRule[] = CONFERRAL_RULES,
): void {
  const rule = conferralRuleFor(decision, rules);
  if (rule === null) return;
  const what = rule.titleCode === undefined ? `a ${decision.form}` : `a ${decision.form} '${rule.titleCode}'`;
  const details = { requiredAuthority: rule.requiredAuthority, ...(rule.titleCode === undefined ? {} : { titleCode: rule.titleCode }), basis: rule.basis };
  if (AUTHORITY_RANK[decision.authority] < AUTHORITY_RANK[rule.requiredAuthority]) {
    throw new DomainRuleError(
      'authority-too-low',
      `${what} must be conferred by the ${rule.requiredAuthority} or a higher authority, not the ${decision.authority} (${rule.basis}, in force on ${decision.decidedOn})`,
      'authority',
      details,
    );
  }
  if (rule.exactAuthority && decision.authority !== rule.requiredAuthority) {
    throw new DomainRuleError(
      'authority-mismatch',
      `${what} is conferred by the ${rule.requiredAuthority} and by no other authority, not the ${decision.authority} (${rule.basis}, in force on ${decision.decidedOn})`,
      'authority',
      details,
    );
  }
}
