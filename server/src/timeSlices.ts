/** How long a long loop (the workspace walk, the index's reads) may hold the event loop before it lets requests through. */
const SLICE_MS = 15;

/** A long loop's slices of time: `if (slices.due()) await slices.pause()` lets the editor's requests run every SLICE_MS. */
export class TimeSlices {
  private start = performance.now();

  /** Whether this slice is over (a clock read: cheap enough for every step of the loop). */
  due(): boolean {
    return performance.now() - this.start > SLICE_MS;
  }

  /** Lets whatever is queued run, then begins the next slice. */
  async pause(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.start = performance.now();
  }
}
