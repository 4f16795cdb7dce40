import type { INestApplicationContext, Type } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ProjectionRunner } from '../../projections/runner/projection-runner.js';
import { AddPhaseDto, FormClusterDto, LaunchCampaignDto, PublishRankingDto, SignPledgeDto } from '../commands/campaigns/campaigns.dto.js';
import { AddPhase, ClosePhase, CloseCampaign, FormCluster, LaunchCampaign, SignPledge } from '../commands/campaigns/campaigns.handlers.js';
import { FinalRankingsPolicy } from '../policies/final-rankings.policy.js';
import { RankingPublisher } from '../commands/campaigns/ranking-publisher.js';
import { RecordCommendationDto, RevokeCommendationDto } from '../commands/commendations/commendations.dto.js';
import { RecordCommendation, RevokeCommendation } from '../commands/commendations/commendations.handlers.js';
import { RegisterOfficerDto, RegisterUnitDto } from '../commands/registry/registry.dto.js';
import { RegisterOfficer, RegisterUnit } from '../commands/registry/registry.handlers.js';
import { CorrectScoreEntryDto, RecordScoreEntryDto, ReverseScoreEntryDto } from '../commands/scores/scores.dto.js';
import { ChangeScore } from '../commands/scores/scores.handlers.js';
import { fingerprintOf, type WriteRequest } from '../streams/write-request.js';
import { ClaimTakenError, EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { uuidv7 } from '../event-store/uuid-v7.js';
import { ledgerValidationPipe } from '../http/validation.js';
import { AlreadyExistsError, DomainRuleError, NotFoundError } from '../ledger/errors.js';
import { eventsOf, type SeedCommand, type SeedStage } from './plan.js';

/**
 * Runs a seed plan through the public write path, in process: each command goes to the same
 * command handlers (LedgerWriter: load, decide, append with the expected version) that the HTTP
 * controllers call, or to the RankingPublisher for publications, as the controller does. Only the
 * HTTP envelope is skipped (parsing, DTO validation: `validate` runs the very ValidationPipe too).
 */
export interface SeedRunOptions {
  /** Lanes run at once (each on its own streams). */
  concurrency: number;
  /** Validate every body against its DTO with the HTTP ValidationPipe (tests). */
  validate?: boolean;
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedProgress {
  stage: string;
  commands: number;
  events: number;
  refused: number;
  elapsedSeconds: number;
  /** Waiting for the read models at a stage that needs them. */
  settling: boolean;
}

export interface SeedResult {
  commands: number;
  events: number;
  /** Refused commands by `<command kind>: <refusal code>` (e.g. `record-commendation: authority-too-low`). */
  refusals: Record<string, number>;
  seconds: number;
}

export async function runSeedPlan(app: INestApplicationContext, plan: Iterable<SeedStage>, options: SeedRunOptions): Promise<SeedResult> {
  const commands = app.get(CommandBus);
  const publisher = app.get(RankingPublisher);
  const pipe = options.validate ? ledgerValidationPipe() : null;
  const started = performance.now();
  const result: SeedResult = { commands: 0, events: 0, refusals: {}, seconds: 0 };
  let stageName = '';
  let settling = false;
  const report = () =>
    options.onProgress?.({
      stage: stageName,
      commands: result.commands,
      events: result.events,
      settling,
      refused: Object.values(result.refusals).reduce((a, b) => a + b, 0),
      elapsedSeconds: (performance.now() - started) / 1000,
    });

  const run = async (command: SeedCommand) => {
    if (pipe) await validate(pipe, command);
    try {
      await execute(commands, publisher, command);
      result.events += eventsOf(command);
    } catch (error) {
      const code = refusalCode(error);
      if (code === null) throw error;
      const key = `${command.kind}: ${code}`;
      result.refusals[key] = (result.refusals[key] ?? 0) + 1;
    }
    result.commands++;
    report();
  };

  for (const stage of plan) {
    stageName = stage.name;
    if (stage.settleReadModels) {
      settling = true;
      report();
      await settleReadModels(app);
      settling = false;
    }
    const lanes = stage.lanes;
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(options.concurrency, lanes.length) }, async () => {
        while (next < lanes.length) {
          const lane = lanes[next++];
          for (const command of lane) await run(command);
        }
      }),
    );
  }
  stageName = 'read models';
  settling = true;
  report();
  await settleReadModels(app);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/**
 * Waits until the read models and the final-rankings policy have applied the whole log (the
 * policy appends publications, so until the head stops moving).
 */
export async function settleReadModels(app: INestApplicationContext): Promise<void> {
  const store = app.get<EventStore>(EVENT_STORE);
  const runner = app.get(ProjectionRunner);
  const policy = app.get(FinalRankingsPolicy);
  for (;;) {
    const head = await store.headPosition();
    if (!(await runner.waitFor(head, 600_000))) {
      const failed = runner.failed().map((f) => `'${f.name}' failed at position ${f.failure.position}`);
      throw new Error(
        failed.length > 0
          ? `the read models cannot reach position ${head}: projection ${failed.join(', ')}`
          : `the read models did not reach position ${head} within 10 minutes`,
      );
    }
    if (policy.processedPosition() >= head && (await store.headPosition()) === head) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function request(actor: string, path: string, body: unknown): WriteRequest {
  return { actor, idempotencyKey: null, fingerprint: fingerprintOf('POST', path, body), ifMatch: null, correlationId: uuidv7() };
}

async function execute(commands: CommandBus, publisher: RankingPublisher, c: SeedCommand): Promise<unknown> {
  switch (c.kind) {
    case 'register-unit':
      return commands.execute(new RegisterUnit(c.body, request(c.actor, '/api/units', c.body)));
    case 'register-officer':
      return commands.execute(new RegisterOfficer(c.body, request(c.actor, '/api/officers', c.body)));
    case 'launch-campaign':
      return commands.execute(new LaunchCampaign(c.body, request(c.actor, '/api/campaigns', c.body)));
    case 'add-phase':
      return commands.execute(new AddPhase(c.campaignId, c.body, request(c.actor, `/api/campaigns/${c.campaignId}/phases`, c.body)));
    case 'close-phase':
      return commands.execute(new ClosePhase(c.campaignId, c.phaseId, request(c.actor, `/api/campaigns/${c.campaignId}/phases/${c.phaseId}/close`, {})));
    case 'close-campaign':
      return commands.execute(new CloseCampaign(c.campaignId, request(c.actor, `/api/campaigns/${c.campaignId}/close`, {})));
    case 'form-cluster':
      return commands.execute(new FormCluster(c.campaignId, c.body, request(c.actor, `/api/campaigns/${c.campaignId}/clusters`, c.body)));
    case 'sign-pledge':
      return commands.execute(new SignPledge(c.campaignId, c.body, request(c.actor, `/api/campaigns/${c.campaignId}/pledges`, c.body)));
    case 'record-score':
      return commands.execute(
        new ChangeScore(
          c.campaignId,
          c.unitId,
          { kind: 'record', body: c.body },
          request(c.actor, `/api/campaigns/${c.campaignId}/units/${c.unitId}/score-entries`, c.body),
        ),
      );
    case 'reverse-score':
      return commands.execute(
        new ChangeScore(
          c.campaignId,
          c.unitId,
          { kind: 'reverse', entryId: c.entryId, body: c.body },
          request(c.actor, `/api/campaigns/${c.campaignId}/units/${c.unitId}/score-entries/${c.entryId}/reversal`, c.body),
        ),
      );
    case 'correct-score':
      return commands.execute(
        new ChangeScore(
          c.campaignId,
          c.unitId,
          { kind: 'correct', entryId: c.entryId, body: c.body },
          request(c.actor, `/api/campaigns/${c.campaignId}/units/${c.unitId}/score-entries/${c.entryId}/correction`, c.body),
        ),
      );
    case 'publish-ranking':
      return publisher.publish(
        { campaignId: c.campaignId, clusterId: c.clusterId, publicationId: c.body.id, period: c.body.period, phaseId: null, final: false },
        request(c.actor, `/api/campaigns/${c.campaignId}/clusters/${c.clusterId}/rankings/publications`, c.body),
      );
    case 'record-commendation':
      return commands.execute(new RecordCommendation(c.body, request(c.actor, '/api/commendations', c.body)));
    case 'revoke-commendation':
      return commands.execute(new RevokeCommendation(c.commendationId, c.body, request(c.actor, `/api/commendations/${c.commendationId}/revocation`, c.body)));
  }
}

const BODY_TYPES: Partial<Record<SeedCommand['kind'], Type<unknown>>> = {
  'register-unit': RegisterUnitDto,
  'register-officer': RegisterOfficerDto,
  'launch-campaign': LaunchCampaignDto,
  'add-phase': AddPhaseDto,
  'form-cluster': FormClusterDto,
  'sign-pledge': SignPledgeDto,
  'record-score': RecordScoreEntryDto,
  'reverse-score': ReverseScoreEntryDto,
  'correct-score': CorrectScoreEntryDto,
  'publish-ranking': PublishRankingDto,
  'record-commendation': RecordCommendationDto,
  'revoke-commendation': RevokeCommendationDto,
};

/** The HTTP layer's validation of the body, so a test proves the plan only sends what HTTP accepts. */
async function validate(pipe: ReturnType<typeof ledgerValidationPipe>, command: SeedCommand): Promise<void> {
  const metatype = BODY_TYPES[command.kind];
  if (!metatype || !('body' in command)) return;
  try {
    await pipe.transform(structuredClone(command.body), { type: 'body', metatype });
  } catch (error) {
    throw new Error(
      `seed plan: ${command.kind} body refused by the HTTP validation: ${JSON.stringify((error as { errors?: unknown }).errors ?? String(error))} ${JSON.stringify(command.body)}`,
      { cause: error },
    );
  }
}

/** The refusal's stable code when the ledger refused the command (a 4xx over HTTP), else null. */
function refusalCode(error: unknown): string | null {
  if (error instanceof DomainRuleError || error instanceof NotFoundError || error instanceof AlreadyExistsError) return error.code;
  if (error instanceof ClaimTakenError) return 'claim-taken';
  return null;
}
