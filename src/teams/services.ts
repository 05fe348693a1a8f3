/** The services bag handlers get on the turn scope; defined with the turn's types in router.ts. */
export type { BotServices } from './router.js';
