import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createAccountRepository, openDatabase } from '@gridgov/db'
import { afterAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '..', '..', '..')
const dataDir = mkdtempSync(join(tmpdir(), 'gridgov-cli-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

function run(args: string[], input: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'apps/api/src/cli/user.ts'), ...args], {
    cwd: root,
    input,
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
  })
}

describe('pnpm user:create / user:password', () => {
  it('creates an admin with a password read from stdin, then resets it', async () => {
    const created = run(['create', '--username', 'ops', '--name', '运维', '--role', 'admin'], 'first-pass1\n')
    expect(created.stderr).toBe('')
    expect(created.stdout).toContain('created ops')
    const db = openDatabase(join(dataDir, 'gridgov.sqlite'))
    const accounts = createAccountRepository(db)
    expect(await accounts.verifyPassword(accounts.findByUsername('ops'), 'first-pass1')).toBe(true)

    const reset = run(['password', '--username', 'ops'], 'second-pass2\n')
    expect(reset.status).toBe(0)
    expect(await accounts.verifyPassword(accounts.findByUsername('ops'), 'first-pass1')).toBe(false)
    expect(await accounts.verifyPassword(accounts.findByUsername('ops'), 'second-pass2')).toBe(true)
    const audit = db.sqlite.prepare('SELECT action, summary FROM audit_log ORDER BY id').all() as { action: string, summary: string }[]
    expect(audit.map(a => a.action)).toEqual(['user.create', 'user.update'])
    expect(JSON.stringify(audit)).not.toMatch(/first-pass1|second-pass2/)
    db.close()
  })

  it('refuses a weak password, a bad role and a missing scope, changing nothing', () => {
    const weak = run(['create', '--username', 'weak', '--role', 'admin'], 'short\n')
    expect(weak.status).toBe(2)
    expect(weak.stderr).toContain('--password must be at least 8 characters')
    const role = run(['create', '--username', 'x1', '--role', 'mayor'], 'abcd12345\n')
    expect(role.stderr).toContain('--role must be one of')
    const scope = run(['create', '--username', 'x2', '--role', 'community'], 'abcd12345\n')
    expect(scope.stderr).toContain('--scope must be the code of an existing community')
    const unknown = run(['password', '--username', 'ghost'], 'abcd12345\n')
    expect(unknown.stderr).toContain('no user ghost')
    const db = openDatabase(join(dataDir, 'gridgov.sqlite'))
    expect(db.sqlite.prepare('SELECT count(*) FROM users').pluck().get()).toBe(1)
    db.close()
  })
})
