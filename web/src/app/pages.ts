/**
 * The pages of the atlas, in navigation order. A page is a lazily loaded Svelte component (its own JavaScript chunk);
 * a page without `load` shows an honest "coming" state until its engineer adds it. To add a page: create
 * web/src/features/<page>/Page.svelte and set `load: () => import('../features/<page>/Page.svelte')` here.
 */
import type { Component } from 'svelte';
import type { shell } from './messages.ts';

type ShellKey = keyof (typeof shell)['en'];

export interface PageDef {
  path: string;
  /** Navigation label in the shell messages. */
  label: ShellKey & `nav.${string}`;
  load?: () => Promise<{ default: Component }>;
}

export const PAGES: PageDef[] = [
  { path: '/', label: 'nav.overview', load: () => import('../features/overview/Page.svelte') },
  { path: '/map', label: 'nav.map', load: () => import('../features/map/Page.svelte') },
  { path: '/heatmap', label: 'nav.heatmap', load: () => import('../features/heatmap/Page.svelte') },
  { path: '/rankings', label: 'nav.rankings', load: () => import('../features/rankings/Page.svelte') },
  { path: '/compare', label: 'nav.compare', load: () => import('../features/compare/Page.svelte') },
  { path: '/candidates', label: 'nav.candidates', load: () => import('../features/candidates/Page.svelte') },
  { path: '/models', label: 'nav.models', load: () => import('../features/models/Page.svelte') },
  { path: '/data', label: 'nav.data', load: () => import('../features/data/Page.svelte') },
  { path: '/sql', label: 'nav.sql', load: () => import('../features/workbench/Page.svelte') },
];

export function pageFor(path: string): PageDef | undefined {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return PAGES.find((p) => p.path === clean);
}
