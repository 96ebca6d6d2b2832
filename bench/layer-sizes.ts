import { Agent, request } from 'node:http'

/** Bytes on the wire for one GET with the given Accept-Encoding (fetch would decode the body). */
export function wireBytes(url: string, encoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      let n = 0
      res.on('data', (c: Buffer) => {
        n += c.length
      })
      res.on('end', () => resolve(n))
    }).on('error', reject).end()
  })
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 })

function get(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { agent, headers }, (res) => {
      res.on('data', () => {})
      res.on('end', () => resolve(res.statusCode ?? 0))
    }).on('error', reject).end()
  })
}

async function serverCpuMs(base: string): Promise<number> {
  const u = await (await fetch(`${base}/bench/cpu`)).json() as { user: number, system: number }
  return (u.user + u.system) / 1000
}

/**
 * Sends `n` GETs (4 at a time, keep-alive, bodies discarded) and returns the server's CPU time
 * per response — what serving costs the server, whatever the client's speed — and wall-clock rate.
 */
export async function serverCostPerResponse(base: string, path: string, headers: Record<string, string>, n: number) {
  await get(base + path, headers) // warm-up
  const cpu0 = await serverCpuMs(base)
  const t0 = performance.now()
  let next = 0
  const worker = async () => {
    while (next++ < n)
      await get(base + path, headers)
  }
  await Promise.all([worker(), worker(), worker(), worker()])
  const wallMs = performance.now() - t0
  const cpuMs = (await serverCpuMs(base)) - cpu0
  return { cpuMsEach: cpuMs / n, perSecond: (n / wallMs) * 1000 }
}
