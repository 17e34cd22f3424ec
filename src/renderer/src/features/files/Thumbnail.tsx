import { useEffect, useState, type ReactNode } from 'react'
import type { LibraryFile } from '@shared/models/library'
import { api } from '../../lib/api'

/**
 * Data URLs by account and file id, asked of main once per page load: main answers from the
 * server's thumbnail or the one it read from the file when it uploaded it.
 */
const cache = new Map<string, Promise<string | null>>()

function thumbnailFor(accountId: string, file: LibraryFile): Promise<string | null> {
  const key = `${accountId}:${file.id}:${file.thumbnailUrl}`
  let found = cache.get(key)
  if (!found) {
    found = api.library.thumbnail(accountId, file.id).catch(() => null)
    cache.set(key, found)
  }
  return found
}

/** A file's largest thumbnail, or a plain placeholder when it has none. */
export function Thumbnail({
  accountId,
  file
}: {
  accountId: string
  file: LibraryFile
}): ReactNode {
  const [src, setSrc] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    void thumbnailFor(accountId, file).then((url) => live && setSrc(url))
    return () => {
      live = false
    }
  }, [accountId, file])
  if (!src) {
    return <span className="thumb thumb-empty" aria-hidden="true" />
  }
  return <img className="thumb" src={src} alt="" data-testid="file-thumbnail" />
}
