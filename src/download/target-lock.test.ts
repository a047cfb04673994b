import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { lockHolderOf, STALE_MS, TargetBusyError, TargetLock, takeTargetLock } from './target-lock.js'
import { workFilesOf } from './work-files.js'

const fresh = (): string => join(mkdtempSync(join(tmpdir(), 'tgfetch-lock-')), 'video.mp4')

describe('TargetLock', () => {
  it('one holder at a time: a second taker is told who holds it, or fails with --no-wait', async () => {
    const path = fresh()
    const lock = await TargetLock.take(path)
    expect(lock).toBeInstanceOf(TargetLock)
    expect(await TargetLock.take(path)).toMatchObject({ pid: process.pid, host: hostname() })
    expect(await lockHolderOf(path)).toMatchObject({ pid: process.pid })
    const signal = new AbortController().signal
    await expect(takeTargetLock(path, { wait: false, signal })).rejects.toBeInstanceOf(TargetBusyError)
    await (lock as TargetLock).release()
    expect(existsSync(workFilesOf(path).lock)).toBe(false)
    expect(await lockHolderOf(path)).toBeUndefined()
    expect(await TargetLock.take(path)).toBeInstanceOf(TargetLock)
  })

  it('the lock of a process that died is taken over; releasing a lock taken over leaves the new one', async () => {
    const path = fresh()
    const file = workFilesOf(path).lock
    mkdirSync(dirname(file))
    const dead = spawnSync(process.execPath, ['-e', '']).pid
    writeFileSync(file, JSON.stringify({ pid: dead, host: hostname(), since: 1 }))
    expect(await lockHolderOf(path)).toBeUndefined()
    const lock = await TargetLock.take(path)
    expect(lock).toBeInstanceOf(TargetLock)
    const mine = readFileSync(file, 'utf8')
    expect(JSON.parse(mine)).toMatchObject({ pid: process.pid })
    // a stale holder's release must not remove the lock that replaced it
    writeFileSync(file, JSON.stringify({ pid: process.pid, host: hostname(), since: 2 }))
    await (lock as TargetLock).release()
    expect(existsSync(file)).toBe(true)
  })

  it('a lock from another host is alive while touched, and taken over once it goes stale', async () => {
    const path = fresh()
    const file = workFilesOf(path).lock
    mkdirSync(dirname(file))
    const far = { pid: 4242, host: `not-${hostname()}`, since: 1 }
    writeFileSync(file, JSON.stringify(far))
    expect(await lockHolderOf(path)).toMatchObject(far)
    expect(await TargetLock.take(path)).toMatchObject(far)
    // its holder stopped touching it (died, or lost the shared folder)
    const stale = new Date(Date.now() - STALE_MS - 1000)
    utimesSync(file, stale, stale)
    expect(await lockHolderOf(path)).toBeUndefined()
    const lock = await TargetLock.take(path)
    expect(lock).toBeInstanceOf(TargetLock)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() })
    await (lock as TargetLock).release()
  })

  it('a holder touches its lock file, so other hosts see it alive', async () => {
    const path = fresh()
    const lock = (await TargetLock.take(path, 20)) as TargetLock
    const file = workFilesOf(path).lock
    const old = new Date(Date.now() - 3_600_000)
    utimesSync(file, old, old)
    await vi.waitFor(() => expect(statSync(file).mtimeMs).toBeGreaterThan(old.getTime() + 1000), {
      timeout: 20_000,
    })
    await lock.release()
  })
})
