import type { Feature } from '../router.js';
import { deleteMyDataCommand, myDataCommand } from './my-data.js';
import { askEraseAction, cancelEraseAction, confirmEraseAction } from './privacy-actions.js';

/** A person's own data: "mina data" and "radera mina data". */
export const privacy: Feature = {
  commands: [myDataCommand, deleteMyDataCommand],
  cardActions: [askEraseAction, confirmEraseAction, cancelEraseAction],
};
