import { describe, expect, it } from 'vitest';
import { localNote } from '../../../src/cards/step-notes';
import { stepNote } from '../../../src/workflows/provisioning/step-titles';

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
