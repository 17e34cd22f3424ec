/**
 * Byte counts in the units people read. Binary multiples, labelled the way file managers and
 * Obico's own "50 MB" limit (50 MiB) label them.
 */
export function formatBytes(bytes: number): string {
  const mib = 1024 * 1024
  if (bytes >= 1024 * mib) return `${(bytes / (1024 * mib)).toFixed(1)} GB`
  if (bytes >= mib) return `${(bytes / mib).toFixed(1).replace(/\.0$/, '')} MB`
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} kB`
  return `${bytes} bytes`
}
