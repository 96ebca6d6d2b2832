import type { Role } from '@gridgov/domain'
/**
 * Account commands for real deployments (the demo accounts are for the demo only):
 *   pnpm user:create --username zhangsan --name 张三 --role community --scope 370902001002
 *   pnpm user:create --username wgz002 --name 李四 --role grid_leader --staff 17
 *   pnpm user:password --username zhangsan
 * The password is asked for without echo, or read from standard input when it is not a terminal
 * (e.g. `printf 'secret123\n' | pnpm user:create ...`). It is never taken from the command line,
 * where it would land in shell history. Uses the database in DATA_DIR (default data/.local).
 */
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { createAccountRepository, createAuditRepository, openDatabase } from '@gridgov/db'
import { Refusal, ROLES } from '@gridgov/domain'
import { databaseFile, loadConfig } from '../config'

async function readPassword(prompt: string): Promise<string> {
  const input = process.stdin
  if (!input.isTTY) {
    const rl = createInterface({ input })
    const [line] = await Promise.race([
      new Promise<string[]>(resolve => rl.once('line', l => resolve([l]))),
      new Promise<string[]>(resolve => rl.once('close', () => resolve(['']))),
    ])
    rl.close()
    return (line ?? '').trim()
  }
  process.stdout.write(prompt)
  input.setRawMode(true)
  input.resume()
  let value = ''
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          input.setRawMode(false)
          input.pause()
          input.off('data', onData)
          process.stdout.write('\n')
          resolve(value)
          return
        }
        if (ch === '\u0003')
          process.exit(130)
        value = ch === '\u007F' ? value.slice(0, -1) : value + ch
      }
    }
    input.on('data', onData)
  })
}

function fail(message: string): never {
  console.error(`error: ${message}`)
  process.exit(2)
}

const [command, ...rest] = process.argv.slice(2)
const { values } = parseArgs({
  args: rest,
  options: {
    username: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    scope: { type: 'string' },
    staff: { type: 'string' },
  },
  strict: true,
})
if (command !== 'create' && command !== 'password')
  fail('usage: user.ts create|password --username NAME [--name 显示名 --role ROLE --scope CODE --staff ID]')
if (!values.username)
  fail('--username is required')

const database = openDatabase(databaseFile(loadConfig().dataDir))
const accounts = createAccountRepository(database)
const audit = createAuditRepository(database)
const actor = { userId: null, username: `cli:${process.env.USER ?? 'unknown'}`, role: 'cli', ip: null }

try {
  if (command === 'create') {
    const role = values.role as Role
    if (!ROLES.includes(role))
      fail(`--role must be one of ${ROLES.join(', ')}`)
    const password = await readPassword('password: ')
    const user = await accounts.create({
      username: values.username,
      displayName: values.name ?? values.username,
      password,
      role,
      scopeCode: values.scope ?? null,
      staffId: values.staff ? Number(values.staff) : null,
    }, Date.now())
    audit.append(actor, 'user.create', `user:${user.id}`, `created ${user.username} as ${user.role} (command line)`)
    console.log(`created ${user.username} (${user.role}, ${user.scopeName})`)
  }
  else {
    const user = accounts.findByUsername(values.username) ?? fail(`no user ${values.username}`)
    const password = await readPassword('new password: ')
    await accounts.update(user.id, { password })
    audit.append(actor, 'user.update', `user:${user.id}`, `reset password of ${user.username} (command line)`)
    console.log(`password of ${user.username} changed; their sessions were ended`)
  }
}
catch (err) {
  if (err instanceof Refusal) {
    const detail = err.details[0]
    fail(detail ? `${detail.field.replace('body.scopeCode', '--scope').replace('body.staffId', '--staff').replace('body.', '--')} ${detail.message}` : err.message)
  }
  throw err
}
finally {
  database.close()
}
