import type { Feature } from '../router.js';
import { compareInitiativesCommand } from './compare-initiatives.js';
import { editInitiativeAction } from './initiative-edit.js';
import { saveInitiativeAction } from './initiative-save.js';
import { listInitiativesCommand } from './list-initiatives.js';
import { newInitiativeCommand, showInitiativeCommand } from './new-initiative.js';

/** Initiatives: list, create, show, edit, compare. */
export const initiatives: Feature = {
  commands: [listInitiativesCommand, newInitiativeCommand, showInitiativeCommand, compareInitiativesCommand],
  cardActions: [editInitiativeAction, saveInitiativeAction],
};
