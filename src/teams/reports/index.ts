import type { Feature } from '../router.js';
import { reportCommand } from './report-command.js';

/** The board report: "rapport [från …] [till …]". */
export const reports: Feature = {
  commands: [reportCommand],
  cardActions: [],
};
