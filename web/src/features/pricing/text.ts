/** How the pricing tabs write a code's label, a name that may be missing, and a unit price. */
import type { AppState } from '../../app/app-state.svelte.ts';

export function pricingText(app: AppState) {
  return {
    label: (e: string, code: string | null) => (code ? app.ref.label(e, code, app.lang) : '—'),
    name: (n: string | null, id: string | null) => n ?? id ?? '—',
    /** Four decimals below 10 CNY, where cents would hide a price above its cap. */
    price: (v: number | null) => app.exact(v, v !== null && Math.abs(v) < 10 ? 4 : 2),
  };
}
