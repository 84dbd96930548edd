import type { Logger } from 'pino'
import type { CloseName } from '../shared/protocol/closeCodes.js'

const MINUTE_MS = 60_000

interface AddressRecord {
  /** When the minute in which failed checks are counted began. */
  since: number
  failedChecks: number
  loggedAt: number
  /** Refusals since the last log line, by reason. */
  unlogged: Partial<{ [reason in CloseName]: number }>
}

/**
 * The connections refused per address. An address whose token checks failed `failedChecksPerMinute`
 * times within a minute is throttled until that minute is over (its failures are refused with 4534,
 * its valid tokens still admitted), and refusals are
 * logged at most once per address per minute, with their count: a flood of bad tokens writes a
 * line a minute, not a line a try.
 */
export class AddressRefusals {
  private readonly records = new Map<string, AddressRecord>()

  constructor(
    private readonly failedChecksPerMinute: number,
    private readonly log: Logger,
  ) {}

  throttled(address: string, now = Date.now()): boolean {
    const record = this.records.get(address)
    return record !== undefined && now - record.since < MINUTE_MS && record.failedChecks >= this.failedChecksPerMinute
  }

  /** Counts a refusal; `failedCheck` when its token (or address) was checked and found wanting. */
  refused(address: string, reason: CloseName, failedCheck: boolean, now = Date.now()): void {
    let record = this.records.get(address)
    if (!record) {
      record = { since: now, failedChecks: 0, loggedAt: -Infinity, unlogged: {} }
      this.records.set(address, record)
    }
    if (now - record.since >= MINUTE_MS) Object.assign(record, { since: now, failedChecks: 0 })
    if (failedCheck) record.failedChecks += 1
    record.unlogged[reason] = (record.unlogged[reason] ?? 0) + 1
    if (now - record.loggedAt >= MINUTE_MS) this.write(address, record, now)
  }

  /**
   * Logs the refusals not yet logged of addresses logged a minute ago or more, and forgets addresses
   * quiet for a minute; at `Infinity`, on shutdown, logs every refusal not yet logged.
   */
  sweep(now = Date.now()): void {
    for (const [address, record] of this.records) {
      const unlogged = Object.keys(record.unlogged).length > 0
      if (unlogged && now - record.loggedAt >= MINUTE_MS) this.write(address, record, now)
      else if (!unlogged && now - record.since >= MINUTE_MS && now - record.loggedAt >= MINUTE_MS) this.records.delete(address)
    }
  }

  private write(address: string, record: AddressRecord, now: number): void {
    this.log.info({ address, refused: record.unlogged }, 'refused connections')
    record.unlogged = {}
    record.loggedAt = now
  }
}
