/**
 * Checking the audit chain (`atlas audit verify`): every entry in seq order must follow the one before (seq + 1, and
 * prev_hash equal to its hash; 64 zeros before entry 1) and match its own hash, so a changed field, a removed entry or
 * two entries swapped are found, and the first broken entry is named. Removing the newest entries leaves a chain that
 * still holds: an `expect` anchor (an entry's seq and hash noted earlier, for example from a backup) catches that.
 */
import { entryHash, GENESIS_HASH, type StoredEntry } from '../audit-log.ts';
import { chainChunks, type ReadStore } from './read.ts';

export type ChainProblem = 'missing' | 'duplicate' | 'changed' | 'unlinked' | 'anchor';

export interface BrokenEntry {
  /** The first broken entry's sequence number. */
  seq: number;
  problem: ChainProblem;
  message: string;
}

export interface ChainReport {
  entries: number;
  /** The last entry (null for an empty log). */
  head: { seq: number; hash: string } | null;
  broken: BrokenEntry | null;
}

const short = (h: string) => `${h.slice(0, 12)}…`;

/** Checks entries handed to it in chain order; the first problem sticks. */
export class ChainChecker {
  entries = 0;
  head: StoredEntry | null = null;
  broken: BrokenEntry | null = null;

  next(e: StoredEntry): void {
    if (this.broken) return;
    this.entries++;
    this.broken = problemOf(e, this.head);
    this.head = e;
  }

  /** The report, with an anchor checked: entry `seq` must still be there with `hash`. */
  report(anchor?: { seq: number; hash: string }, anchorEntry?: StoredEntry | null): ChainReport {
    let broken = this.broken;
    if (!broken && anchor) {
      const last = this.head?.seq ?? 0;
      if (!anchorEntry)
        broken = {
          seq: anchor.seq,
          problem: 'anchor',
          message: `entry #${anchor.seq} is missing: the log ends at #${last} (entries at its end were removed)`,
        };
      else if (anchorEntry.hash !== anchor.hash)
        broken = {
          seq: anchor.seq,
          problem: 'anchor',
          message: `entry #${anchor.seq} has the hash ${short(anchorEntry.hash)}, not ${short(anchor.hash)} as expected (the log was rewritten up to it)`,
        };
    }
    return { entries: this.entries, head: this.head && { seq: this.head.seq, hash: this.head.hash }, broken };
  }
}

function problemOf(e: StoredEntry, prev: StoredEntry | null): BrokenEntry | null {
  const expected = (prev?.seq ?? 0) + 1;
  if (prev && e.seq === prev.seq) return { seq: e.seq, problem: 'duplicate', message: `entry #${e.seq} appears twice` };
  if (e.seq !== expected)
    return {
      seq: expected,
      problem: 'missing',
      message: prev
        ? `entry #${expected} is missing: #${prev.seq} is followed by #${e.seq}`
        : `entry #${expected} is missing: the log starts at #${e.seq}`,
    };
  const { hash, ...rest } = e;
  if (entryHash(rest) !== hash)
    return {
      seq: e.seq,
      problem: 'changed',
      message: `entry #${e.seq} does not match its hash: a field of it was changed, or it was moved here from elsewhere in the log`,
    };
  const prevHash = prev?.hash ?? GENESIS_HASH;
  if (e.prev_hash !== prevHash)
    return {
      seq: e.seq,
      problem: 'unlinked',
      message: prev
        ? `entry #${e.seq} does not follow #${prev.seq}: its prev_hash ${short(e.prev_hash)} is not the hash of #${prev.seq} (${short(prevHash)}); #${prev.seq} was replaced, or entries were reordered`
        : `entry #1 does not start the chain: its prev_hash ${short(e.prev_hash)} is not 64 zeros`,
    };
  return null;
}

/** Read the whole log in chain order and check it (and the anchor, when given). */
export function verifyChain(store: ReadStore, anchor?: { seq: number; hash: string }): Promise<ChainReport> {
  return verifyChunks((fn) => chainChunks(store, fn), anchor);
}

/** Check entries that `read` hands over in chain order, chunk by chunk (a database, or a CSV backup). */
export async function verifyChunks(
  read: (fn: (entries: StoredEntry[]) => void) => Promise<void>,
  anchor?: { seq: number; hash: string },
): Promise<ChainReport> {
  const checker = new ChainChecker();
  let anchorEntry: StoredEntry | null = null;
  await read((entries) => {
    for (const e of entries) {
      checker.next(e);
      if (anchor && e.seq === anchor.seq && !anchorEntry) anchorEntry = e;
    }
  });
  return checker.report(anchor, anchorEntry);
}
