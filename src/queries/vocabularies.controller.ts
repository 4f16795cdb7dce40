import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authorize, SIGNED_IN } from '../http/auth/access.decorator.js';
import { ROLE_LABELS, ROLES } from '../ledger/accounts/roles.js';
import { TITLES } from '../ledger/commendations/conferral-authority.js';
import {
  AUTHORITIES,
  CAMPAIGN_FORMS,
  CLUSTER_KINDS,
  COMMENDATION_FORMS,
  RECIPIENT_KINDS,
  REVOCATION_GROUNDS,
  SCORE_ENTRY_KINDS,
  SCORE_SOURCES,
  UNIT_KINDS,
} from '../ledger/events.js';
import {
  AUTHORITY_LABELS,
  CAMPAIGN_FORM_LABELS,
  CLUSTER_KIND_LABELS,
  COMMENDATION_FORM_LABELS,
  RECIPIENT_KIND_LABELS,
  REVOCATION_GROUND_LABELS,
  SCORE_ENTRY_KIND_LABELS,
  SCORE_SOURCE_LABELS,
  UNIT_KIND_LABELS,
} from '../ledger/labels.js';

const terms = <C extends string>(codes: readonly C[], labels: Readonly<Record<C, string>>) => codes.map((code) => ({ code, label: labels[code] }));

/**
 * The closed vocabularies of the API, each term `{ code, label }` (Vietnamese label): what a form
 * or a screen offers, and what `title` of an emulation title or flag must be (code or label).
 * Fixed data, the same for everyone: built once.
 */
const VOCABULARIES = {
  forms: terms(COMMENDATION_FORMS, COMMENDATION_FORM_LABELS),
  authorities: terms(AUTHORITIES, AUTHORITY_LABELS),
  titles: TITLES.map((t) => ({
    code: t.code,
    label: t.label,
    form: t.form,
    authority: t.requiredAuthority,
    /** exact: only that authority confers it (flags); at-least: it or a higher one (titles). */
    authorityRule: t.exactAuthority ? 'exact' : 'at-least',
  })),
  recipientKinds: terms(RECIPIENT_KINDS, RECIPIENT_KIND_LABELS),
  revocationGrounds: terms(REVOCATION_GROUNDS, REVOCATION_GROUND_LABELS),
  unitKinds: terms(UNIT_KINDS, UNIT_KIND_LABELS),
  campaignForms: terms(CAMPAIGN_FORMS, CAMPAIGN_FORM_LABELS),
  clusterKinds: terms(CLUSTER_KINDS, CLUSTER_KIND_LABELS),
  scoreEntryKinds: terms(SCORE_ENTRY_KINDS, SCORE_ENTRY_KIND_LABELS),
  scoreSources: terms(SCORE_SOURCES, SCORE_SOURCE_LABELS),
  roles: terms(ROLES, ROLE_LABELS),
};

@ApiTags('Danh mục (vocabularies)')
@Controller('api/vocabularies')
export class VocabulariesController {
  @Authorize({ roles: SIGNED_IN })
  @Get()
  @ApiOperation({
    summary:
      'Every closed vocabulary (danh mục): forms, authorities, titles and flags, recipient kinds, revocation grounds, unit kinds, campaign forms, cluster kinds, score entry kinds and sources, roles',
    description:
      'Each term `{ code, label }` with its Vietnamese label; titles also carry their `form` and the `authority` that confers them (`authorityRule`: `exact` for flags, `at-least` for titles). Requests send codes; `title` of an emulation title or flag may also be its exact label.',
  })
  list() {
    return VOCABULARIES;
  }
}
