const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']
const DECIMAL = ['B/s', 'kB/s', 'MB/s', 'GB/s', 'TB/s']

// at most 4 characters for the number: 9.87, 98.7, 987; a unit up past 999
function scaled(value: number, step: number, units: readonly string[]): string {
  let unit = 0
  while (value >= 999.5 && unit < units.length - 1) {
    value /= step
    unit++
  }
  const digits = unit === 0 || value >= 99.95 ? 0 : value >= 9.995 ? 1 : 2
  return `${value.toFixed(digits)} ${units[unit]}`
}

/** Sizes in binary units: `512 B`, `1.50 KiB`, `230 MiB`, `1.20 GiB`. */
export function formatBytes(bytes: number): string {
  return scaled(Math.max(0, bytes), 1024, BINARY)
}

/** Speeds in decimal units, as network speeds are given: `980 kB/s`, `48.2 MB/s`. */
export function formatSpeed(bytesPerSecond: number): string {
  return scaled(Number.isFinite(bytesPerSecond) ? Math.max(0, bytesPerSecond) : 0, 1000, DECIMAL)
}

/** Durations like a clock under an hour (`0:07`, `1:05`), else `2h03m`, `4d07h`; `--:--` when unknown. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '--:--'
  const s = Math.round(seconds)
  if (s < 3600) return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
  const hours = Math.floor(s / 3600)
  if (hours < 100) return `${hours}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
  return `${Math.floor(hours / 24)}d${String(hours % 24).padStart(2, '0')}h`
}
