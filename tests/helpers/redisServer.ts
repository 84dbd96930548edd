import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { freePort } from './childProcess.js'

/** A throwaway Redis server on a loopback port, keeping nothing on disk. */
export interface RedisServer {
  /** redis://127.0.0.1:PORT */
  url: string
  port: number
  process: ChildProcess
  /** Stops it as a crash would (SIGKILL): everything it held is gone. */
  stop(): Promise<void>
  /** Stops it, and starts an empty one on the same port. */
  restart(): Promise<void>
}

const REDIS = 'redis-server'

export async function startRedis(): Promise<RedisServer> {
  if (spawnSync(REDIS, ['--version']).error) throw new Error('These tests need Redis: install it with "apt-get install -y redis-server".')
  const port = await freePort()
  let child = await run(port)
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get process() {
      return child
    },
    stop,
    async restart() {
      await stop()
      child = await run(port)
    },
  }
}

/** Starts redis-server and resolves once it says it accepts connections. */
function run(port: number): Promise<ChildProcess> {
  const child = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'notice'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('it did not start within 10 s')), 10_000)
    const fail = (error: Error) => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`Redis did not start: ${error.message}\n${log}`))
    }
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer)
        resolve(child)
      }
    })
    child.once('exit', (code) => fail(new Error(`it exited with ${code}`)))
  })
}
