import type { Initiative } from '../domain/initiatives/initiative.js';
import type { EvaluationStorage } from '../domain/scoring/evaluation-service.js';
import type { Answer, Round } from '../domain/scoring/round.js';
import { partitionKey, type BaseDocument, type Container, type DocumentStore } from './document-store.js';
import { domainObject, replaceOrConflict } from './documents.js';
import { mutate } from './mutate.js';

export const INITIATIVES_CONTAINER = 'initiatives';
export const ROUNDS_CONTAINER = 'rounds';
export const ANSWERS_CONTAINER = 'answers';

type InitiativeDocument = BaseDocument & Initiative & { type: 'initiative' };
type RoundDocument = BaseDocument & Round & { type: 'round' };
type AnswerDocument = BaseDocument & Answer & { type: 'answer' };

/**
 * Initiatives and rounds live in one partition per tenant (a handful per month). Answers get a partition per
 * round, so counting and averaging a round is a single-partition query even with hundreds of evaluators, and
 * every answer is its own document: two evaluators never write the same document.
 */
export class ScoringRepository implements EvaluationStorage {
  private readonly initiatives: Container<InitiativeDocument>;
  private readonly rounds: Container<RoundDocument>;
  private readonly answers: Container<AnswerDocument>;

  constructor(store: DocumentStore) {
    this.initiatives = store.container<InitiativeDocument>(INITIATIVES_CONTAINER);
    this.rounds = store.container<RoundDocument>(ROUNDS_CONTAINER);
    this.answers = store.container<AnswerDocument>(ANSWERS_CONTAINER);
  }

  async findInitiativeByName(tenantId: string, nameKey: string): Promise<Initiative | undefined> {
    const [found] = await this.initiatives.query(partitionKey(tenantId), { where: [{ field: 'nameKey', op: '=', value: nameKey }], limit: 1 });
    return found ? domainObject(found) : undefined;
  }

  async getInitiative(tenantId: string, id: string): Promise<Initiative | undefined> {
    const found = await this.initiatives.get(partitionKey(tenantId), id);
    return found ? domainObject(found) : undefined;
  }

  async createInitiative(initiative: Initiative): Promise<void> {
    await this.initiatives.create({ ...initiative, pk: partitionKey(initiative.tenantId), type: 'initiative' });
  }

  async updateInitiative(tenantId: string, id: string, change: (current: Initiative) => Initiative): Promise<Initiative | undefined> {
    const { document } = await mutate(this.initiatives, partitionKey(tenantId), id, (current) =>
      current ? { ...change(domainObject(current)), pk: partitionKey(tenantId), type: 'initiative' as const } : undefined,
    );
    return document ? domainObject(document) : undefined;
  }

  async listInitiatives(tenantId: string): Promise<Initiative[]> {
    return (await this.initiatives.query(partitionKey(tenantId), { where: [{ field: 'type', op: '=', value: 'initiative' }] })).map(domainObject);
  }

  async createRound(round: Round): Promise<void> {
    await this.rounds.create({ ...round, pk: partitionKey(round.tenantId), type: 'round' });
  }

  async getRound(tenantId: string, id: string): Promise<(Round & { _etag: string }) | undefined> {
    const found = await this.rounds.get(partitionKey(tenantId), id);
    if (!found || found.tenantId !== tenantId) return undefined;
    const { pk, type, ...round } = found;
    void pk; void type;
    return round;
  }

  async replaceRound(round: Round, etag: string): Promise<void> {
    await replaceOrConflict(this.rounds, { ...round, pk: partitionKey(round.tenantId), type: 'round' }, etag);
  }

  async patchRound(tenantId: string, id: string, patch: Partial<Pick<Round, 'card' | 'resultCard'>>): Promise<void> {
    await mutate(this.rounds, partitionKey(tenantId), id, (current) => (current ? { ...current, ...patch } : undefined));
  }

  async openRoundsFor(tenantId: string, conversationKey: string): Promise<Round[]> {
    const found = await this.rounds.query(partitionKey(tenantId), {
      where: [
        { field: 'conversationKey', op: '=', value: conversationKey },
        { field: 'status', op: '=', value: 'open' },
      ],
    });
    return found.map(domainObject);
  }

  async openRoundsWithDeadlineBy(date: string): Promise<Round[]> {
    // Background work across tenants (every partition key starts with a tenant id).
    const found = await this.rounds.queryAcross('', {
      where: [
        { field: 'status', op: '=', value: 'open' },
        { field: 'deadline.date', op: '<=', value: date },
      ],
    });
    return found.map(domainObject);
  }

  async getAnswer(tenantId: string, roundId: string, id: string): Promise<Answer | undefined> {
    const found = await this.answers.get(answersPartition(tenantId, roundId), id);
    return found ? domainObject(found) : undefined;
  }

  async putAnswer(answer: Answer): Promise<void> {
    await this.answers.upsert({ ...answer, pk: answersPartition(answer.tenantId, answer.roundId), type: 'answer' });
  }

  async listAnswers(tenantId: string, roundId: string): Promise<Answer[]> {
    return (await this.answers.query(answersPartition(tenantId, roundId))).map(domainObject);
  }
}

const answersPartition = (tenantId: string, roundId: string) => partitionKey(tenantId, 'round', roundId);

