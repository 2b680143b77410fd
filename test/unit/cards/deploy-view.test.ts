import { describe, expect, it } from 'vitest';
import { deployView } from '../../../src/cards/deploy-view';
import type { TypedOperation } from '../../../src/platform/operations/operation';
import type { DeployParams } from '../../../src/workflows/deploy/deploy-params';
import { deployStepTitles } from '../../../src/workflows/deploy/deploy-params';
import { cardText } from '../../support/bot-harness';
import { checkCard } from '../../support/card-validator';

const params: DeployParams = {
  model: {
    endpoint: 'llm-chat',
    modelName: 'gpt-4o-mini',
    apiBase: 'https://aoai.example',
    deploymentName: 'chat',
    apiVersion: '2024-10-21',
    temperature: 1,
  },
  requiredSuite: 'gate-pass',
};

/** A deploy that reached READY but whose MLflow record failed: every text of the card shows. */
const op: TypedOperation<DeployParams> = {
  id: 'op-1',
  kind: 'deploy',
  environment: 'endpoint:llm-chat',
  state: 'succeeded',
  params,
  plan: undefined,
  // Stored as the plan wrote them: English.
  steps: deployStepTitles(params).map((s) => ({
    ...s,
    status: 'done',
    ...(s.id === 'record' ? { note: 'run + config artifact' } : {}),
  })),
  outputs: { recordError: 'MLflow did not answer.', mlflowLink: 'https://mlflow.example/run' },
  currentStep: 5,
  resumeToken: undefined,
  nextRunAt: 0,
  requesterId: '29:alice',
  requesterName: 'Alice',
  conversationId: 'a:1',
  cardActivityId: undefined,
  cardVersion: 1,
  error: undefined,
  expiresAt: undefined,
  startedAt: 1,
  finishedAt: 2,
  createdAt: 0,
};

const cardOfReply = (reply: ReturnType<typeof deployView.render>) => {
  if (reply.kind !== 'card') throw new Error('expected a card');
  expect(checkCard(reply.card as unknown as Record<string, unknown>).events).toEqual([]);
  return reply;
};

describe('deploy progress in the conversation language', () => {
  it('renders the progress card, its steps and the READY mention in French', () => {
    const reply = cardOfReply(deployView.render(op, 3, 'fr'));
    const text = cardText(reply.card);
    expect(text).toContain('Déploiement de llm-chat');
    expect(text).toContain('Suite de tests gate-pass');
    expect(text).toContain('Enregistrer la clé');
    expect(text).toContain('Attendre l’état READY');
    expect(text).toContain('exécution + artefact de configuration');
    expect(text).toContain('llm-chat est déployé, mais pas enregistré dans MLflow');
    expect(JSON.stringify(reply.card)).toContain('Ouvrir l’exécution MLflow');
    expect(text).not.toMatch(/Store key|Wait for READY|is deployed/);
    const done = deployView.finished?.(op, 'fr');
    expect(done?.kind === 'text' && done.text).toBe(
      '<at>Alice</at> Le déploiement de llm-chat est prêt (READY), mais rien n’est enregistré dans MLflow : `rollback` ne le verra pas (la carte indique quoi faire).',
    );
  });

  it('keeps English word for word when no language is given', () => {
    const reply = cardOfReply(deployView.render(op, 3));
    const text = cardText(reply.card);
    expect(text).toContain('Deploy llm-chat');
    expect(text).toContain('Store key');
    expect(text).toContain('run + config artifact');
    expect(reply.summary).toBe('Deploy llm-chat: succeeded');
    const done = deployView.finished?.({ ...op, params: { ...params, rollbackOf: 'r1' } });
    expect(done?.kind === 'text' && done.text).toBe(
      '<at>Alice</at> Rollback of llm-chat is READY, but not recorded in MLflow: rollback will not see it (the card says what to do).',
    );
  });
});
