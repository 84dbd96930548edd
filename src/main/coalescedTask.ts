/**
 * A task that runs once at a time, such as saving a file from state in memory. A request made while
 * a run is under way shares the next run, which starts when that one ends and sees the state as it is
 * then; so a burst of requests costs two runs, and no run overtakes an older one.
 */
export class CoalescedTask {
  private last: Promise<void> = Promise.resolve()
  private next: Promise<void> | null = null

  constructor(private readonly task: () => Promise<void>) {}

  /** Resolves (or rejects) with the run that will cover this request. */
  run(): Promise<void> {
    if (!this.next) {
      const run = this.last.then(() => {
        this.next = null
        return this.task()
      })
      this.next = run
      this.last = run.catch(() => {})
    }
    return this.next
  }

  /** Resolves once every run requested so far has ended. */
  settled(): Promise<void> {
    return this.last
  }
}
