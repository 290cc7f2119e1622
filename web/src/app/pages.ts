/**
 * The pages of the atlas, in navigation order. A page is a lazily loaded Svelte component (its own JavaScript chunk).
 * To add a page: create web/src/features/<page>/Page.svelte and list it here with
 * `load: () => import('../features/<page>/Page.svelte')`.
 */
import type { Component } from 'svelte';
import type { Access } from '../../../contract/auth.ts';
import { SIGN_IN_PATH } from './access.ts';
import type { shell } from './messages.ts';

type ShellKey = keyof (typeof shell)['en'];

export interface PageDef {
  path: string;
  /** Navigation label in the shell messages. */
  label: ShellKey & `nav.${string}`;
  load: () => Promise<{ default: Component }>;
  /**
   * False for a page the period and filters do not apply to (imports, the SQL workbench): it hides the filter bar
   * rather than offer controls that change nothing. The filters stay in the URL for the next page.
   */
  filtered?: false;
  /**
   * Who may use it (contract/endpoints.ts `access` of what it calls; default any signed-in account): the navigation
   * leaves it out for other roles, and a direct link to it says which role it needs.
   */
  access?: Access;
  /** Listed under "Manage" (accounts, tokens, audit) in the navigation. */
  manage?: true;
}

export const PAGES: PageDef[] = [
  { path: '/', label: 'nav.overview', load: () => import('../features/overview/Page.svelte') },
  { path: '/map', label: 'nav.map', load: () => import('../features/map/Page.svelte') },
  { path: '/heatmap', label: 'nav.heatmap', load: () => import('../features/heatmap/Page.svelte') },
  { path: '/rankings', label: 'nav.rankings', load: () => import('../features/rankings/Page.svelte') },
  { path: '/compare', label: 'nav.compare', load: () => import('../features/compare/Page.svelte') },
  { path: '/candidates', label: 'nav.candidates', load: () => import('../features/candidates/Page.svelte') },
  { path: '/models', label: 'nav.models', load: () => import('../features/models/Page.svelte') },
  // a printable report of the province selected on the map (`region`), or of the country
  { path: '/brief', label: 'nav.brief', load: () => import('../features/brief/Page.svelte') },
  {
    path: '/operators',
    label: 'nav.operators',
    load: () => import('../features/operators/Page.svelte'),
    // its own region, sector, mode and rule choices: the period and user filters do not apply to it
    filtered: false,
  },
  {
    path: '/pricing',
    label: 'nav.pricing',
    load: () => import('../features/pricing/Page.svelte'),
    // its own region, sector, mode and year choices, as /operators
    filtered: false,
  },
  {
    path: '/glossary',
    label: 'nav.glossary',
    load: () => import('../features/glossary/Page.svelte'),
    filtered: false,
  },
  {
    path: '/data',
    label: 'nav.data',
    load: () => import('../features/data/Page.svelte'),
    filtered: false,
    access: 'steward',
  },
  {
    path: '/sql',
    label: 'nav.sql',
    load: () => import('../features/workbench/Page.svelte'),
    filtered: false,
    access: 'analyst',
  },
  {
    path: '/accounts',
    label: 'nav.accounts',
    load: () => import('../features/accounts/Page.svelte'),
    filtered: false,
    access: 'admin',
    manage: true,
  },
  // every account manages its own API tokens; administrators see everyone's
  {
    path: '/tokens',
    label: 'nav.tokens',
    load: () => import('../features/tokens/Page.svelte'),
    filtered: false,
    manage: true,
  },
  {
    path: '/audit',
    label: 'nav.audit',
    load: () => import('../features/audit/Page.svelte'),
    filtered: false,
    access: 'admin',
    manage: true,
  },
];

/** The sign-in page: shown without the navigation, to whoever is not signed in. */
export const SIGN_IN_PAGE: PageDef = {
  path: SIGN_IN_PATH,
  label: 'nav.signIn',
  load: () => import('../features/signin/Page.svelte'),
  filtered: false,
  access: 'public',
};

export function pageFor(path: string): PageDef | undefined {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return PAGES.find((p) => p.path === clean);
}
