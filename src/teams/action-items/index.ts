import type { Feature } from '../router.js';
import { cancelActionItemAction } from './action-item-cancel.js';
import { completeActionItemAction } from './action-item-complete.js';
import { confirmDeleteActionItemAction } from './action-item-confirm-delete.js';
import { deleteActionItemAction } from './action-item-delete.js';
import { editActionItemAction } from './action-item-edit.js';
import { listActionItemsAction } from './action-item-list.js';
import { reopenActionItemAction } from './action-item-reopen.js';
import { saveActionItemAction } from './action-item-save.js';
import { snoozeActionItemAction } from './action-item-snooze.js';
import { createActionItemCommand } from './create-action-item.js';
import { listActionItemsCommand, myActionItemsCommand } from './list-action-items.js';

/** Att-göra: create, list, and the buttons on an item card. */
export const actionItems: Feature = {
  commands: [myActionItemsCommand, listActionItemsCommand, createActionItemCommand],
  cardActions: [
    completeActionItemAction,
    reopenActionItemAction,
    snoozeActionItemAction,
    editActionItemAction,
    saveActionItemAction,
    cancelActionItemAction,
    deleteActionItemAction,
    confirmDeleteActionItemAction,
    listActionItemsAction,
  ],
};
