/**
 * The save form's draft: title, description and whom to share with, filled from the saved query open in the editor.
 * Someone else's query can only be saved as a new one (its author's stays theirs).
 */
import { saveQuery, type SavedQuery } from './sql-api.ts';

export class SaveDraft {
  title = $state('');
  description = $state('');
  roles = $state<string[]>([]);
  regions = $state<string[]>([]);
  error = $state.raw<unknown>(undefined);
  busy = $state(false);

  constructor(readonly current: SavedQuery | null) {
    this.title = current?.title ?? '';
    this.description = current?.description ?? '';
    this.roles = [...(current?.shared_roles ?? [])];
    this.regions = [...(current?.shared_regions ?? [])];
  }

  /** Whether saving replaces the open query (its author or an administrator) rather than making a new one. */
  get updates(): boolean {
    return !!this.current?.editable;
  }

  toggleRole(role: string, on: boolean): void {
    this.roles = on ? [...this.roles, role] : this.roles.filter((r) => r !== role);
  }

  /** The saved query, or undefined when the server refused (the reason is in `error`). */
  async submit(sql: string, asNew: boolean): Promise<SavedQuery | undefined> {
    this.error = undefined;
    this.busy = true;
    try {
      return await saveQuery(
        {
          title: this.title,
          description: this.description || undefined,
          sql,
          shared_roles: this.roles,
          shared_regions: this.regions,
        },
        asNew || !this.updates ? undefined : this.current!.id,
      );
    } catch (err) {
      this.error = err;
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
