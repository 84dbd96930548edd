export interface PackageNotice {
  name: string
  version: string
  license: string
  text: string | null
}

export function packageOfInput(input: string): { name: string; dir: string } | null
export function thirdPartyNotices(metafiles: { inputs: Record<string, unknown> }[], cwd: string): Promise<PackageNotice[]>
