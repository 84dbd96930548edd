const MINUTE_MS = 60_000

interface Minute {
  /** When the minute in which tries are counted began. */
  since: number
  joins: number
  failures: number
}

/**
 * Workshop code exchanges per address: each address may try `joinsPerMinute` codes a minute, and fail
 * `failuresPerMinute` times (an unknown or malformed code, an ended workshop). Past either, it is
 * throttled until that minute is over: its codes are not even looked up, so that a guesser learns
 * nothing more in that minute, not even which code works. A room of people behind one NAT address
 * shares the joins, which is why they are many, and the failures, which is why they are few.
 */
export class JoinThrottle {
  private readonly minutes = new Map<string, Minute>()
  /** Each address's last exchange in turn (inTurn), settled or not, while it is not settled. */
  private readonly turns = new Map<string, Promise<void>>()

  constructor(
    private readonly joinsPerMinute: number,
    private readonly failuresPerMinute: number,
  ) {}

  /**
   * Counts an exchange from `address`; the seconds until it may try again when it is throttled (this
   * exchange is then refused, without looking at its code), else null.
   */
  tried(address: string, now = Date.now()): number | null {
    const retryAfter = this.throttled(address, now)
    if (retryAfter !== null) return retryAfter
    let minute = this.minutes.get(address)
    if (!minute || now - minute.since >= MINUTE_MS) {
      minute = { since: now, joins: 0, failures: 0 }
      this.minutes.set(address, minute)
    }
    minute.joins += 1
    return null
  }

  /** The seconds until `address` may try again when it is throttled, else null; counts nothing. */
  throttled(address: string, now = Date.now()): number | null {
    const minute = this.minutes.get(address)
    if (!minute || now - minute.since >= MINUTE_MS) return null
    if (minute.joins >= this.joinsPerMinute || minute.failures >= this.failuresPerMinute) return Math.ceil((minute.since + MINUTE_MS - now) / 1000)
    return null
  }

  /** Counts a failed exchange from `address`, one `tried` let through. */
  failed(address: string): void {
    const minute = this.minutes.get(address)
    if (minute) minute.failures += 1
  }

  /**
   * Runs `exchange` (its try counted, its code looked up, its failure counted) once every exchange
   * from `address` before it has settled: however long a lookup takes, each is checked against the
   * failures of those before it, so that exchanges sent at once cannot all be looked up before the
   * first failure is counted. Other addresses do not wait.
   */
  inTurn<T>(address: string, exchange: () => Promise<T>): Promise<T> {
    const turn = (this.turns.get(address) ?? Promise.resolve()).then(exchange)
    const settled = turn.then(
      () => {},
      () => {},
    )
    this.turns.set(address, settled)
    void settled.then(() => {
      if (this.turns.get(address) === settled) this.turns.delete(address)
    })
    return turn
  }

  /** Forgets addresses whose minute is over. */
  sweep(now = Date.now()): void {
    for (const [address, minute] of this.minutes) if (now - minute.since >= MINUTE_MS) this.minutes.delete(address)
  }
}
