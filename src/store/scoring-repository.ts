import type { Initiative } from '../domain/initiatives/initiative.js';
import type { EvaluationStorage } from '../domain/scoring/evaluation-service.js';
import type { Answer, Round } from '../domain/scoring/round.js';
import type { DocumentStore } from './document-store.js';
import { DocumentRepository, type Versioned } from './repository.js';

export const INITIATIVES_CONTAINER = 'initiatives';
export const ROUNDS_CONTAINER = 'rounds';
export const ANSWERS_CONTAINER = 'answers';

/** An answer's partition: its round (`<tenant>|round|<round id>`). */
export const answerPartition = (roundId: string): string[] => ['round', roundId];

/**
 * Initiatives and rounds live in one partition per tenant (a handful per month). Answers get a partition per
 * round, so counting and averaging a round is a single-partition query even with hundreds of evaluators, and
 * every answer is its own document: two evaluators never write the same document.
 */
export class ScoringRepository implements EvaluationStorage {
  private readonly initiatives: DocumentRepository<Initiative, 'initiative'>;
  private readonly rounds: DocumentRepository<Round, 'round'>;
  private readonly answers: DocumentRepository<Answer, 'answer'>;

  constructor(store: DocumentStore) {
    this.initiatives = new DocumentRepository(store, { container: INITIATIVES_CONTAINER, type: 'initiative', partition: () => [] });
    this.rounds = new DocumentRepository(store, { container: ROUNDS_CONTAINER, type: 'round', partition: () => [] });
    this.answers = new DocumentRepository(store, { container: ANSWERS_CONTAINER, type: 'answer', partition: (answer) => answerPartition(answer.roundId) });
  }

  async findInitiativeByName(tenantId: string, nameKey: string): Promise<Initiative | undefined> {
    const [found] = await this.initiatives.query(tenantId, [], { where: [{ field: 'nameKey', op: '=', value: nameKey }], limit: 1 });
    return found;
  }

  async getInitiative(tenantId: string, id: string): Promise<Initiative | undefined> {
    return (await this.initiatives.get(tenantId, [], id))?.value;
  }

  async createInitiative(initiative: Initiative): Promise<void> {
    await this.initiatives.create(initiative);
  }

  async updateInitiative(tenantId: string, id: string, change: (current: Initiative) => Initiative): Promise<Initiative | undefined> {
    const { value } = await this.initiatives.mutate(tenantId, [], id, (current) => (current ? change(current) : undefined));
    return value?.value;
  }

  async listInitiatives(tenantId: string): Promise<Initiative[]> {
    return this.initiatives.query(tenantId, []);
  }

  async createRound(round: Round): Promise<void> {
    await this.rounds.create(round);
  }

  async getRound(tenantId: string, id: string): Promise<Versioned<Round> | undefined> {
    return this.rounds.get(tenantId, [], id);
  }

  async replaceRound(round: Round, etag: string): Promise<void> {
    await this.rounds.replace(round, etag);
  }

  async patchRound(tenantId: string, id: string, patch: Partial<Pick<Round, 'card' | 'resultCard'>>): Promise<void> {
    await this.rounds.mutate(tenantId, [], id, (current) => (current ? { ...current, ...patch } : undefined));
  }

  async openRoundsFor(tenantId: string, conversationKey: string): Promise<Round[]> {
    return this.rounds.query(tenantId, [], {
      where: [
        { field: 'conversationKey', op: '=', value: conversationKey },
        { field: 'status', op: '=', value: 'open' },
      ],
    });
  }

  async openRoundsWithDeadlineBy(date: string): Promise<Round[]> {
    // Background work across tenants (every partition key starts with a tenant id).
    const found = await this.rounds.container.queryAcross('', {
      where: [
        this.rounds.typeCondition(),
        { field: 'status', op: '=', value: 'open' },
        { field: 'deadline.date', op: '<=', value: date },
      ],
    });
    return found.map((doc) => this.rounds.fromDocument(doc));
  }

  async getAnswer(tenantId: string, roundId: string, id: string): Promise<Answer | undefined> {
    return (await this.answers.get(tenantId, answerPartition(roundId), id))?.value;
  }

  async putAnswer(answer: Answer): Promise<void> {
    await this.answers.upsert(answer);
  }

  async listAnswers(tenantId: string, roundId: string): Promise<Answer[]> {
    return this.answers.query(tenantId, answerPartition(roundId));
  }
}
