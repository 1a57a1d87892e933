export interface OutageLog {
  warn(message: string): void;
  log(message: string): void;
}

export interface OutageTrackerOptions {
  /** Asks the dependency whether it answers again (resolves when it does); run while it is down. */
  probe?: () => Promise<unknown>;
  /** How often the probe runs while the dependency is down. */
  probeEveryMs?: number;
  /**
   * For this long after a recovery, a failure is taken for a straggler of the outage that just ended
   * (a request begun while the dependency was away, or a connection tried while it was starting up)
   * and counted, not logged as a new outage. Default 2 s.
   */
  settleMs?: number;
  now?: () => number;
}

/**
 * Remembers whether a dependency (PostgreSQL) is away, so that an outage is logged once, when the
 * first request fails because of it, and once more when it is back, instead of once per request.
 * While it is down, the probe asks it every `probeEveryMs` whether it answers again.
 */
export class OutageTracker {
  private since: number | undefined;
  private recoveredAt: number | undefined;
  private refused = 0;
  private stragglers = 0;
  private timer: NodeJS.Timeout | undefined;
  private probing = false;
  private readonly now: () => number;

  constructor(
    readonly dependency: string,
    private readonly logger: OutageLog,
    private readonly options: OutageTrackerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Whether the dependency is away (a failure has been seen, and no recovery since). */
  get down(): boolean {
    return this.since !== undefined;
  }

  /** A request could not be served because the dependency is away: the first is logged, the rest counted. */
  failed(reason: string): void {
    const now = this.now();
    if (this.since === undefined && this.recoveredAt !== undefined && now - this.recoveredAt < (this.options.settleMs ?? 2000)) {
      this.stragglers += 1;
      return;
    }
    this.refused += 1;
    if (this.since !== undefined) return;
    this.since = now;
    this.logger.warn(`${this.dependency} is unavailable: ${reason}. Requests that need it are answered 503 until it is back.`);
    if (this.options.probe) {
      this.timer = setInterval(() => void this.probe(), this.options.probeEveryMs ?? 1000);
      this.timer.unref();
    }
  }

  /** The dependency answered: after an outage, says it is back, how long it was away and what it cost. */
  recovered(): void {
    if (this.since === undefined) return;
    const now = this.now();
    const seconds = ((now - this.since) / 1000).toFixed(1);
    this.logger.log(`${this.dependency} is back after ${seconds} s; ${this.refused} request(s) were answered 503 meanwhile.`);
    this.since = undefined;
    this.recoveredAt = now;
    this.refused = 0;
    this.stop();
  }

  /** Failures taken for stragglers of an outage that had just ended (see `settleMs`), since start. */
  get stragglersSeen(): number {
    return this.stragglers;
  }

  /** Ends the probing (at shutdown). */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async probe(): Promise<void> {
    if (this.probing || !this.options.probe) return;
    this.probing = true;
    try {
      await this.options.probe();
      this.recovered();
    } catch {
      // still away: said once already
    } finally {
      this.probing = false;
    }
  }
}
