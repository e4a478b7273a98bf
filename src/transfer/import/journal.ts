/**
 * The import journal: what was sent for one CSV file into one target, so an interrupted import resumes without
 * creating duplicates. A JSON Lines file in the extension's global storage (no `vscode` here), keyed by the file's
 * SHA-256 and the target (connection + resource). It holds no keys and minimal personal data: per row only its
 * index, a short hash of the row's values (to notice the file changed) and the id the server gave.
 *
 * Each row gets a `pending` line BEFORE its request is sent (a synchronous append, so it is on disk first) and a
 * `done` / `failed` line after the answer. A row left `pending` had its outcome lost (window closed, connection
 * dropped): on resume it is looked up on the server before anything is re-sent.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export type RowStatus = 'pending' | 'done' | 'failed';

interface RowEntry {
  r: number;
  h: string;
  s: RowStatus;
  id?: string;
}

interface Header {
  v: 1;
  file: string;
  target: string;
  rows: number;
  started: string;
}

export interface JournalCounts {
  done: number;
  failed: number;
  /** Sent but the answer was lost. */
  unknown: number;
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Short hash of a row's values (enough to notice a changed file, too short to reverse usefully). */
export function rowHash(values: unknown): string {
  return sha256(JSON.stringify(values)).slice(0, 16);
}

export class ImportJournal {
  private readonly rows = new Map<number, { s: RowStatus; h: string; id?: string }>();
  private fd: number | undefined;
  private header: Header | undefined;

  private constructor(readonly file: string) {}

  /** Opens (and reads) the journal of this file + target; nothing is created until the first write. */
  static open(directory: string, fileHash: string, targetKey: string): ImportJournal {
    const name = sha256(`${fileHash}\n${targetKey}`).slice(0, 32) + '.jsonl';
    const journal = new ImportJournal(path.join(directory, name));
    journal.read();
    return journal;
  }

  get exists(): boolean {
    return this.header !== undefined;
  }

  get startedAt(): string | undefined {
    return this.header?.started;
  }

  status(row: number): RowStatus | undefined {
    return this.rows.get(row)?.s;
  }

  idOf(row: number): string | undefined {
    return this.rows.get(row)?.id;
  }

  counts(): JournalCounts {
    const counts: JournalCounts = { done: 0, failed: 0, unknown: 0 };
    for (const { s } of this.rows.values()) {
      if (s === 'done') counts.done++;
      else if (s === 'failed') counts.failed++;
      else counts.unknown++;
    }
    return counts;
  }

  /** Starts a journal (overwriting an old one of the same file and target: "Send All Again"). */
  begin(fileHash: string, targetKey: string, rows: number): void {
    this.close();
    this.rows.clear();
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    this.header = { v: 1, file: fileHash, target: sha256(targetKey).slice(0, 16), rows, started: new Date().toISOString() };
    fs.writeFileSync(this.file, JSON.stringify(this.header) + '\n', { mode: 0o600 });
  }

  mark(entries: { row: number; hash: string; status: RowStatus; id?: string }[]): void {
    if (!entries.length) return;
    if (!this.header) throw new Error('The import journal was not started.');
    this.fd ??= fs.openSync(this.file, 'a', 0o600);
    let text = '';
    for (const e of entries) {
      const line: RowEntry = { r: e.row, h: e.hash, s: e.status };
      if (e.id) line.id = e.id;
      text += JSON.stringify(line) + '\n';
      this.rows.set(e.row, { s: e.status, h: e.hash, id: e.id });
    }
    fs.writeSync(this.fd, text);
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private read(): void {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return;
    }
    const lines = text.split('\n');
    try {
      const header = JSON.parse(lines[0] ?? '') as Header;
      if (header?.v !== 1) return;
      this.header = header;
    } catch {
      return;
    }
    for (const line of lines.slice(1)) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as RowEntry;
        if (typeof entry.r === 'number' && (entry.s === 'pending' || entry.s === 'done' || entry.s === 'failed')) {
          this.rows.set(entry.r, { s: entry.s, h: String(entry.h ?? ''), id: typeof entry.id === 'string' ? entry.id : undefined });
        }
      } catch {
        // A line cut short by a crash: the row stays as its previous line left it (pending → checked on resume).
      }
    }
  }
}
