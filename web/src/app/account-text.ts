/** Roles and regional scope in words, for the top bar, the admin pages and the sentences about withheld records. */
import type { Role } from '../../../contract/auth.ts';
import type { AppState } from './app-state.svelte.ts';
import { defineMessages } from './i18n.ts';

export const accountText = defineMessages(
  {
    'role.viewer': '查看者',
    'role.analyst': '分析师',
    'role.steward': '数据管理员',
    'role.admin': '系统管理员',
    'scope.national': '全国',
    'scope.regions': '{n} 个地区',
    'scope.label': '范围',
    'roles.label': '角色',
  },
  {
    'role.viewer': 'viewer',
    'role.analyst': 'analyst',
    'role.steward': 'steward',
    'role.admin': 'admin',
    'scope.national': 'national',
    'scope.regions': '{n} regions',
    'scope.label': 'Scope',
    'roles.label': 'Roles',
  },
);

export function roleName(app: AppState, role: Role | string): string {
  return app.t(accountText, `role.${role as Role}`);
}

/** Role names joined in the page's language. */
export function roleList(app: AppState, roles: readonly string[]): string {
  return roles.map((r) => roleName(app, r)).join(app.lang === 'zh-CN' ? '、' : ', ');
}

/** National, or the regions' names (up to `max`; more are counted, and `full` names them all for a tooltip). */
export function scopeText(app: AppState, scope: readonly string[] | null, max = 3): { short: string; full: string } {
  if (scope === null) {
    const national = app.t(accountText, 'scope.national');
    return { short: national, full: national };
  }
  const sep = app.lang === 'zh-CN' ? '、' : ', ';
  const full = scope.map((c) => app.regionShort(c)).join(sep);
  return { short: scope.length <= max ? full : app.t(accountText, 'scope.regions', { n: scope.length }), full };
}
