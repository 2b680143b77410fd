import { describe, expect, it } from 'vitest';
import { localError, localNote, localNotes } from '../../../src/cards/step-notes';
import type { MessageKey } from '../../../src/chat/i18n';
import { renderMessage } from '../../../src/chat/stored-message';
import type { StepProgress } from '../../../src/platform/operations/operation';
import {
  setStepText,
  stepErrorMessage,
  stepMessage,
} from '../../../src/platform/operations/step-text';
import { describeError } from '../../../src/services/describe-error';
import { ServiceError } from '../../../src/services/errors';
import { accountNote, stepNote } from '../../../src/workflows/provisioning/step-titles';

describe('lab step notes in the card language', () => {
  it('finds the template and its values again in what a step stored', () => {
    expect(localNote(stepNote('installed', { count: 3 }), 'fr')).toBe('3 installée(s)');
    expect(localNote(stepNote('removedFrom', { region: 'eastus2' }), 'fr')).toBe(
      'supprimé de eastus2',
    );
    // "removed X" must not swallow "removed from X": the more specific template wins.
    expect(localNote(stepNote('removedName', { name: 'aoai-x' }), 'fr')).toBe('aoai-x supprimé');
    expect(localNote(stepNote('stillBillable', { list: 'rg (Succeeded)' }), 'fr')).toContain(
      'Encore facturable : rg (Succeeded).',
    );
  });

  it('leaves English and notes without a template as the step wrote them', () => {
    expect(localNote(stepNote('created'), 'en')).toBe('created');
    expect(localNote('17.3.x-cpu-ml-scala2.13 · Standard_D4ds_v5', 'fr')).toBe(
      '17.3.x-cpu-ml-scala2.13 · Standard_D4ds_v5',
    );
    expect(localNote('eastus2 (skipped swedencentral: quota)', 'fr')).toBe(
      'eastus2 (skipped swedencentral: quota)',
    );
  });
});

describe('stored step messages in the card language', () => {
  const step = (over: Partial<StepProgress>): StepProgress => ({
    id: 'record',
    title: 'Record in MLflow',
    status: 'skipped',
    ...over,
  });

  it('says a stored message in the reader’s language and keeps the English word for word', () => {
    const s = step({});
    setStepText(s, stepMessage('opsNotes.deploy.notRecorded', { tries: 7, why: 'x' }));
    expect(s.note).toBe('Not recorded after 7 tries: x');
    expect(localNotes([s], 'fr')[0]?.note).toBe('Non enregistré après 7 essais : x');
    expect(localNotes([s], 'en')[0]?.note).toBe('Not recorded after 7 tries: x');
  });

  it('says a note built from several texts (the account step’s skipped regions)', () => {
    const s = step({ id: 'account', status: 'done' });
    const skippedRegions = [{ region: 'swedencentral', code: 'InsufficientQuota' }];
    setStepText(s, accountNote({ region: 'eastus2', created: false, skippedRegions }));
    expect(s.note).toBe('eastus2, already there (skipped swedencentral: InsufficientQuota)');
    expect(localNotes([s], 'fr')[0]?.note).toBe(
      'eastus2, déjà présent (régions ignorées : swedencentral: InsufficientQuota)',
    );
  });

  it('says a failed step’s error, said in every language when it was caught, on the card', () => {
    const err = new ServiceError('Databricks', 'forbidden', 'raw: token dapi-abc', {
      code: 'PERMISSION_DENIED',
    });
    const s = step({ status: 'failed' });
    setStepText(s, stepErrorMessage(err, 'opsNotes.errors.unexpected'));
    const op = { error: s.note, steps: [s] };
    expect(localError(op, 'fr')).toBe(describeError(err, 'fr'));
    expect(localError(op, 'en')).toBe(describeError(err, 'en'));
    expect(JSON.stringify(s)).not.toContain('dapi-abc');
    // Anything untyped says the generic sentence, never its message.
    const plain = step({ status: 'failed' });
    setStepText(plain, stepErrorMessage(new Error('secret=hunter2'), 'opsNotes.errors.unexpected'));
    expect(localError({ error: plain.note, steps: [plain] }, 'fr')).toBe(
      'Une erreur inattendue a arrêté cette étape ; le journal du bot contient les détails.',
    );
    expect(JSON.stringify(plain)).not.toContain('hunter2');
  });

  it('shows rows stored before messages: English templates found again, anything else as written', () => {
    // An old canary row and an old deploy row: English text only, no `message`.
    expect(localNotes([step({ note: 'MLflow is not configured' })], 'fr')[0]?.note).toBe(
      'MLflow n’est pas configuré',
    );
    const old = {
      error: 'Endpoint llm-chat did not become READY within 30 min.',
      steps: [
        step({ status: 'failed', note: 'Endpoint llm-chat did not become READY within 30 min.' }),
      ],
    };
    expect(localError(old, 'fr')).toBe(
      'Le point de terminaison llm-chat n’est pas passé à READY en 30 min.',
    );
    // The runner's own failure has no step; its English template is found too.
    expect(
      localError({ error: 'This bot version cannot run "x" operations.', steps: [] }, 'fr'),
    ).toBe('Cette version du bot ne sait pas exécuter les opérations « x ».');
    expect(localError({ error: 'something a newer bot wrote', steps: [] }, 'fr')).toBe(
      'something a newer bot wrote',
    );
  });

  it('falls back to the stored English when a message names a key this version lacks', () => {
    const s = step({ note: 'gone', message: { key: 'opsNotes.nope' as MessageKey } });
    expect(localNotes([s], 'fr')[0]?.note).toBe('gone');
    expect(renderMessage({ texts: { en: 'only English' } }, 'fr')).toBe('only English');
  });
});
