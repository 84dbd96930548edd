/** A relay's /metrics, each sample (name with its labels) and its value. */
export async function metrics(http: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${http}/metrics`)).text()
  return new Map(
    text
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => {
        const at = line.lastIndexOf(' ')
        return [line.slice(0, at), Number(line.slice(at + 1))]
      }),
  )
}
