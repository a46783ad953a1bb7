/**
 * A request held before it is handled until the test releases it: a race set up step by step instead of by a
 * guessed delay.
 */
export interface RequestHold {
  /** Resolves once a matching request is held (accepted, about to be handled). */
  readonly reached: Promise<void>;
  /** Lets the held request go on; released before it arrives, it is not held at all. */
  release(): void;
}

/** How a held request goes on: handled, or refused unhandled (its faults were cleared, or the emulator closed). */
export type HoldOutcome = 'handle' | 'refuse';

/** One hold: the test's side (`reached`, `release`) and the request's (`wait`). */
export class RequestGate implements RequestHold {
  readonly reached: Promise<void>;
  private arrived!: () => void;
  private settle!: (outcome: HoldOutcome) => void;
  private readonly outcome: Promise<HoldOutcome>;

  constructor(private readonly limitMs: number) {
    this.reached = new Promise((resolve) => {
      this.arrived = resolve;
    });
    this.outcome = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  release(): void {
    this.settle('handle');
  }

  /** Answers the held request with an error instead of handling it on whatever state comes next. */
  refuse(): void {
    this.settle('refuse');
  }

  /** Holds the request until released, refused, or `limitMs` after it arrived (so a test that fails early ends). */
  wait(): Promise<HoldOutcome> {
    this.arrived();
    const limit = setTimeout(() => this.settle('handle'), this.limitMs);
    limit.unref();
    return this.outcome.finally(() => clearTimeout(limit));
  }
}
