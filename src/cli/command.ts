export interface CommandContext {
  positionals: string[]
  /** The value of a string option, if given. */
  option(name: string): string | undefined
  /** The value of a string option the command cannot do without. */
  required(name: string): string
  flag(name: string): boolean
  /** The data directory: --data, else $CASEBOOK_DATA, else the per-user folder. */
  dataDir: string
  out(text: string): void
  warn(text: string): void
}

export interface OptionSpec {
  type: 'string' | 'boolean'
  /** What to call a string option's value in help, such as FILE. */
  value?: string
  description: string
}

export interface Command {
  name: string
  /** Arguments after the command name, as shown in help. */
  usage: string
  summary: string
  options: Record<string, OptionSpec>
  /** How many positional arguments it takes, and what to call them in errors. */
  positionals: { min: number; max: number; name: string }
  run(context: CommandContext): Promise<void>
}
