// Test fixture for terminal.test.ts (and a way to look at the display):
// feeds the reporter a simulated download of three files over about 3 s.
//   npx tsx src/cli/progress/simulated-download.test-helper.ts
import { createReporter } from './create-reporter.js'
import { progressOf, resultOf } from './download-events.test-helper.js'

const MIB = 1024 * 1024
const TICK_MS = 50
const files = [
  { id: 1, name: 'holiday-video.mp4', size: 48 * MIB, seconds: 1.5 },
  {
    id: 2,
    name: '東京の夜景_2024年_最終版_本当に最終版_4K_HDR_リマスター.mp4',
    size: 120 * MIB,
    seconds: 2.4,
  },
  {
    id: 3,
    name: 'a name far too long for eighty columns of terminal, with words and more words.mkv',
    size: 200 * MIB,
    seconds: 3,
  },
]

const reporter = createReporter({ stream: process.stdout })
const started = Date.now()
for (const f of files) reporter.fileStarted(f.id, f.name, f.size)
const running = new Set(files)
let noticeSent = false
const timer = setInterval(() => {
  const elapsed = (Date.now() - started) / 1000
  for (const f of running) {
    const speed = f.size / f.seconds
    const bytes = Math.min(f.size, Math.round(speed * elapsed))
    reporter.progress(progressOf(f.id, f.size, bytes, { speed, path: `/tmp/${f.name}` }))
    if (f.id === 3 && elapsed >= 1 && !noticeSent) {
      noticeSent = true
      reporter.notice(f.id, {
        kind: 'flood-wait',
        message: 'FLOOD_WAIT_3 on DC 2, waiting 3 s',
        dcId: 2,
        seconds: 3,
      })
    }
    if (bytes < f.size) continue
    running.delete(f)
    reporter.fileDone(f.id, resultOf(f.size, started, Date.now(), `/tmp/${f.name}`))
  }
  if (running.size > 0) return
  clearInterval(timer)
  const bytes = files.reduce((sum, f) => sum + f.size, 0)
  reporter.finish({
    done: files.length,
    failed: 0,
    skipped: 0,
    bytes,
    seconds: (Date.now() - started) / 1000,
  })
}, TICK_MS)
