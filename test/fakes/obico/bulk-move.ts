import type { ObicoContext } from './context'
import { crash } from './http-helpers'
import type { ObicoUser } from './types'

/**
 * The `bulk_delete` / `bulk_move` actions that G-code files and folders share (obico-api.md §2.5,
 * §2.6).
 */

/** A row a bulk move can re-parent: a G-code file or folder. */
interface MovableRow {
  id: number
  user_id: number
  parent_folder_id: number | null
  updated_at: number
}

/** The ids a bulk action names under `key` (`file_ids`, `folder_ids`); anything else is none. */
export function bulkIds(data: Record<string, unknown>, key: string): number[] {
  const value = data[key]
  return Array.isArray(value) ? value.map(Number) : []
}

/**
 * `bulk_move`: moves the user's rows named under `key` into `parent_folder`. null, 0 or a missing
 * key mean the root; there is no cycle check and no ownership check on the target, but a missing
 * row fails the foreign key (§2.5, §2.6).
 */
export function bulkMove(
  ctx: ObicoContext,
  rows: MovableRow[],
  user: ObicoUser,
  data: Record<string, unknown>,
  key: string
): void {
  const ids = bulkIds(data, key)
  const target =
    data.parent_folder === null || data.parent_folder === undefined || data.parent_folder === 0
      ? null
      : Number(data.parent_folder)
  if (target !== null && !ctx.store.folder(target)) crash('FOREIGN KEY constraint failed')
  for (const row of rows) {
    if (row.user_id === user.id && ids.includes(row.id)) {
      row.parent_folder_id = target
      row.updated_at = ctx.clock.now()
    }
  }
}
