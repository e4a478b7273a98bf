/**
 * The export file: written to `<name>.partial` next to the target and renamed onto the target only when the
 * export finished. A cancelled or failed export deletes the partial file, so no file that looks complete is ever
 * left half-written (and an existing file with the target's name is untouched until the new one is complete).
 */
import * as fs from 'node:fs';
import { once } from 'node:events';
import type { TextSink } from './exporter';

export const PARTIAL_SUFFIX = '.partial';

export class ExportFile implements TextSink {
  readonly partialPath: string;
  private readonly stream: fs.WriteStream;
  private failure: Error | undefined;
  bytes = 0;

  constructor(readonly targetPath: string) {
    this.partialPath = targetPath + PARTIAL_SUFFIX;
    // 1 MB buffer: pages are ~30–60 KB of text, so most writes return without waiting for the disk.
    this.stream = fs.createWriteStream(this.partialPath, { highWaterMark: 1 << 20 });
    this.stream.on('error', (error) => (this.failure = error));
  }

  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (!text) return;
    // Encoded here, once, into one Buffer: the stream then copies bytes instead of converting strings in writev.
    const bytes = Buffer.from(text, 'utf8');
    this.bytes += bytes.length;
    if (!this.stream.write(bytes)) {
      // Back-pressure: wait until the stream's buffer drained before producing more (`once` rejects on 'error').
      await once(this.stream, 'drain');
    }
  }

  /** Flush, close and move the partial file onto the target. */
  async commit(): Promise<void> {
    await this.close();
    if (this.failure) throw this.failure;
    await fs.promises.rename(this.partialPath, this.targetPath);
  }

  /** Close and delete the partial file (cancel or failure). */
  async discard(): Promise<void> {
    await this.close().catch(() => undefined);
    await fs.promises.rm(this.partialPath, { force: true });
  }

  private close(): Promise<void> {
    if (this.stream.closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
  }
}
