import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { lockHolderOf, TargetBusyError, TargetLock, takeTargetLock } from './target-lock.js'
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
})
