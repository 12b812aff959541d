import { Writable } from 'stream';
import { format } from 'util';

const HEADER = Buffer.from('Content-Length:', 'ascii');

/**
 * The server's stdout as the LSP connection writes it: the connection writes a message's header and
 * its body one after the other; here they leave together, in one write, so that the client wakes up
 * once per message (its answer to a keystroke), not twice.
 */
export class OneWritePerMessage extends Writable {
  private header: Buffer | undefined;

  constructor(private readonly out: NodeJS.WriteStream) {
    super();
    out.on('error', (error: Error) => this.destroy(error));
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.header === undefined && chunk.subarray(0, HEADER.length).equals(HEADER)) {
      this.header = chunk;
      done();
      return;
    }
    // Corked, the two chunks leave in one writev: no copy of the body (a large one would be a large native allocation).
    this.out.cork();
    if (this.header) this.out.write(this.header);
    this.header = undefined;
    this.out.write(chunk, (error?: Error | null) => done(error));
    this.out.uncork();
  }
}

/** With streams of its own the connection leaves `console` alone: anything printed on stdout would corrupt the protocol, so it goes to the client's log. */
export function consoleToClient(log: {
  log(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}): void {
  console.log = (...args: unknown[]) => log.log(format(...args));
  console.info = (...args: unknown[]) => log.info(format(...args));
  console.debug = (...args: unknown[]) => log.log(format(...args));
  console.warn = (...args: unknown[]) => log.warn(format(...args));
  console.error = (...args: unknown[]) => log.error(format(...args));
}
