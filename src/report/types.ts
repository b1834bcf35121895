import type { Report } from '../core/report.js';

/** Where a reporter writes; the CLI decides whether that is stdout or a file. */
export interface Sink {
  write(chunk: string): void;
  /** True when the sink is an interactive terminal (colour, widths). */
  isTTY?: boolean;
  /** Colour on a terminal; defaults to `isTTY`. The CLI turns it off for NO_COLOR and TERM=dumb. */
  color?: boolean;
  columns?: number;
}

export interface Reporter {
  name: string;
  render(report: Readonly<Report>, sink: Sink): void | Promise<void>;
}
