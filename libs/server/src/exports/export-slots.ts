import { Injectable } from '@nestjs/common';
import { ApiError } from '../platform/errors/api-error';

/** Exports running at once in one api process: each holds a database connection for as long as its download lasts. */
export const EXPORTS_AT_ONCE = 2;

/** Counts the exports running in this process and refuses one more than EXPORTS_AT_ONCE with 429. */
@Injectable()
export class ExportSlots {
  private running = 0;

  /** A slot, or 429; call the returned function once when the export has ended, however it ended. */
  take(): () => void {
    if (this.running >= EXPORTS_AT_ONCE) throw new ApiError(429, 'TOO_MANY_EXPORTS', `${EXPORTS_AT_ONCE} exports are running; try again when one has finished`);
    this.running += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running -= 1;
    };
  }
}
