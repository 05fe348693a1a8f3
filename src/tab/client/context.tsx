import { createContext, useContext } from 'react';
import type { Locale, Translate } from '../../i18n/index.js';
import type { MeResponse } from '../shared/api.js';
import type { TabApi } from './api.js';
import type { Host, ThemeName } from './host.js';

export interface TabContextValue {
  host: Host;
  api: TabApi;
  t: Translate;
  locale: Locale;
  theme: ThemeName;
  me: MeResponse;
  /** The conversation in scope; undefined = all the user's conversations. */
  conversation?: string;
  /** Shows an error (or clears it with undefined) in the page's message bar. */
  reportError(error: unknown): void;
  /** Goes up when the user asks to reload; views load again when it changes. */
  refreshKey: number;
}

export const TabContext = createContext<TabContextValue | null>(null);

export function useTab(): TabContextValue {
  const value = useContext(TabContext);
  if (!value) throw new Error('useTab outside TabContext');
  return value;
}
