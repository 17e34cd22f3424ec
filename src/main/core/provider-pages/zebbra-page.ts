import { z } from 'zod'
import type { ZebbraPageData, ZebbraWorkspaceRow } from '../../../shared/models/provider-page'
import { pageGet, readJson, type PageCalls } from './page-calls'

/**
 * The Zebbra page: the user, their workspaces and the models in each (providers.md §4.4–4.6).
 * `/user` lists models without their workspace, so each model's `/model/meta` says where it lives.
 */

const LABEL = 'Zebbra'

/** Mongo ObjectIds travel as 24-hex strings (§4.5). */
const objectId = z.string().min(1).max(64)
const named = z.object({ _id: objectId, name: z.string().max(512) })

const userInfoSchema = z.object({
  _id: objectId,
  username: z.string().min(1).max(320),
  first_name: z.string().max(256).nullish(),
  last_name: z.string().max(256).nullish(),
  workspaces: z.array(named).max(500).default([]),
  models: z.array(named).max(500).default([])
})
const workspaceListSchema = z
  .array(
    z.object({
      _id: objectId,
      name: z.string().max(512),
      admin: objectId.nullish(),
      users: z.array(objectId).max(10_000).default([])
    })
  )
  .max(500)
const modelMetaSchema = z.looseObject({
  workspace: objectId.nullish(),
  starting_month: z.string().max(64).nullish()
})

/** How many models' meta one refresh reads; a page of hundreds is not what this screen is for. */
export const MAX_MODELS_READ = 100

/** Reads the user, their workspaces, and where each of their models lives. */
export async function readZebbraPage(calls: PageCalls, accountId: string): Promise<ZebbraPageData> {
  const user = readJson(
    await calls(accountId, pageGet('/user')),
    userInfoSchema,
    LABEL,
    'an account'
  )
  const workspaces = readJson(
    await calls(accountId, pageGet('/workspace')),
    workspaceListSchema,
    LABEL,
    'a workspace list'
  )
  const rows: ZebbraWorkspaceRow[] = workspaces.map((workspace) => ({
    id: workspace._id,
    name: workspace.name,
    admin: workspace.admin === user._id,
    memberCount: workspace.users.length,
    models: []
  }))
  const byId = new Map(rows.map((row) => [row.id, row]))
  const otherModels: ZebbraPageData['otherModels'] = []
  for (const model of user.models.slice(0, MAX_MODELS_READ)) {
    const meta = readJson(
      await calls(accountId, pageGet(`/model/meta?model_id=${encodeURIComponent(model._id)}`)),
      modelMetaSchema,
      LABEL,
      'a model'
    )
    const home = meta.workspace ? byId.get(meta.workspace) : undefined
    const entry = { id: model._id, name: model.name }
    if (home)
      home.models.push(
        meta.starting_month ? { ...entry, startingMonth: meta.starting_month } : entry
      )
    else otherModels.push(entry)
  }
  const name = [user.first_name, user.last_name].filter((part) => part?.trim()).join(' ')
  return {
    provider: 'zebbra',
    user: { id: user._id, username: user.username, ...(name ? { name } : {}) },
    workspaces: rows,
    otherModels
  }
}
