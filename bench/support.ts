import type { ChildProcess } from 'node:child_process'
/** Shared benchmark helpers: a server in a child process and autocannon runs against it. */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url))

/** Starts `bench/<script>` with tsx in its own process (so load and server don't share a core). */
export async function startServer(script: string, env: Record<string, string>): Promise<{ url: string, child: ChildProcess, stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH_DIR, script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = out.match(/LISTENING (http:\/\/\S+)/)
      if (m)
        resolve(m[1]!)
    })
    child.on('exit', code => reject(new Error(`${script} exited with ${code} before listening`)))
  })
  const stop = () => new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
  return { url, child, stop }
}

export interface LoadResult {
  rps: number
  p50: number
  p99: number
  requests: number
  /** answers with a 2xx status */
  ok: number
  non2xx: number
  errors: number
  /** CPU time the server process used per request, µs (Linux; NaN elsewhere) */
  serverCpuUs: number
  /** CPU time the load generator (autocannon, in this process) used per request, µs */
  clientCpuUs: number
}

/** CPU time (user + system) a process has used so far, in ms; NaN where /proc is missing. */
export function cpuMs(pid: number): number {
  try {
    // fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100/s)
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  }
  catch {
    return Number.NaN
  }
}

/** Runs autocannon for `seconds` and returns requests/s and latency percentiles (ms); `serverPid` adds the server's CPU per request. */
export async function load(options: autocannon.Options, serverPid?: number): Promise<LoadResult> {
  const before = serverPid ? cpuMs(serverPid) : Number.NaN
  const client = process.cpuUsage()
  const r = await autocannon({ connections: 10, duration: 10, ...options })
  const used = serverPid ? cpuMs(serverPid) - before : Number.NaN
  const clientUsed = process.cpuUsage(client)
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    serverCpuUs: used * 1000 / r.requests.total,
    clientCpuUs: (clientUsed.user + clientUsed.system) / r.requests.total,
  }
}

/** A line of the results table. */
export function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'FAIL'
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
