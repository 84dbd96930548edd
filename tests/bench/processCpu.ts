import { readdirSync, readFileSync } from 'node:fs'
import { cpus } from 'node:os'

/**
 * CPU time from Linux's /proc, in ms, to say where a bench's load went: this process and each one it
 * started (its children, theirs, and so on), by the kind `kindOf` gives its command line, and the
 * whole machine's. The kernel counts it in ticks of 10 ms.
 */
const TICK_MS = 10

export interface CpuSnapshot {
  /** CPU time of this process and its descendants, by kind. */
  byKind: Map<string, number>
  /**
   * CPU time of the whole machine: busy, of it the kernel's interrupt work (the loopback network's
   * packets, counted against no process), and the time its cores were there for.
   */
  machine: { busy: number; interrupts: number; total: number }
}

export function cpuSnapshot(kindOf: (commandLine: string) => string): CpuSnapshot {
  const processes = new Map<number, { parent: number; ms: number }>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      // The fields after the command's name, which is in parentheses and may hold spaces.
      const fields = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ').at(-1)!.split(' ')
      processes.set(Number(name), { parent: Number(fields[1]), ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS })
    } catch {
      // It has exited since the folder was listed.
    }
  }
  const byKind = new Map<string, number>()
  for (const [pid, { ms }] of processes) {
    if (!descends(pid, processes)) continue
    try {
      const kind = kindOf(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '))
      byKind.set(kind, (byKind.get(kind) ?? 0) + ms)
    } catch {
      // It has exited since.
    }
  }
  // user nice system idle iowait irq softirq steal, summed over the cores, in ticks.
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1, 9).map(Number)
  const total = ticks.reduce((sum, value) => sum + value, 0) * TICK_MS
  return { byKind, machine: { busy: total - (ticks[3]! + ticks[4]!) * TICK_MS, interrupts: (ticks[5]! + ticks[6]!) * TICK_MS, total } }
}

/** The CPU each kind used between two snapshots, and the machine's (and its interrupts'), in % of one core over `wallMs`. */
export function cpuShares(before: CpuSnapshot, after: CpuSnapshot, wallMs: number): { byKind: Map<string, number>; machine: number; interrupts: number } {
  const byKind = new Map<string, number>()
  for (const [kind, ms] of after.byKind) byKind.set(kind, (100 * (ms - (before.byKind.get(kind) ?? 0))) / wallMs)
  // The machine's ticks are summed over its cores: a share of them, times the cores, is in cores.
  const share = (field: 'busy' | 'interrupts') =>
    (100 * cpus().length * (after.machine[field] - before.machine[field])) / (after.machine.total - before.machine.total)
  return { byKind, machine: share('busy'), interrupts: share('interrupts') }
}

/** Whether `pid` is this process or one it started, or one they started, and so on. */
function descends(pid: number, processes: Map<number, { parent: number }>): boolean {
  for (let at: number | undefined = pid; at !== undefined && at > 1; at = processes.get(at)?.parent) if (at === process.pid) return true
  return false
}
