/**
 * How large an upload the account's plan accepts: 50 MiB on Obico's free plan, 500 MiB on pro
 * (obico-api.md §2.5). The plan is the account's own `is_pro` (`GET /users/me/`, §2.2;
 * self-hosted servers default to pro). When the server cannot say, Printdock assumes pro and says
 * so: the server still refuses a file over the real limit, with its own 413.
 */
import type { UploadLimit } from '../../../shared/models/library'
import type { SendAuthorized } from './obico-library-client'
import { wireMe } from './obico-wire'

export const FREE_PLAN_BYTES = 50 * 1024 * 1024
export const PRO_PLAN_BYTES = 500 * 1024 * 1024

export function limitForPlan(plan: 'pro' | 'free' | 'assumed'): UploadLimit {
  switch (plan) {
    case 'free':
      return {
        maxBytes: FREE_PLAN_BYTES,
        plan,
        explanation: 'your Obico account is on the free plan, which accepts files up to 50 MB.'
      }
    case 'pro':
      return {
        maxBytes: PRO_PLAN_BYTES,
        plan,
        explanation: 'your Obico account accepts files up to 500 MB (pro plan or self-hosted).'
      }
    case 'assumed':
      return {
        maxBytes: PRO_PLAN_BYTES,
        plan,
        explanation:
          'Obico accepts files up to 500 MB (pro plan; Printdock could not read your plan, so a free account is limited to 50 MB by the server).'
      }
  }
}

/** Reads the plan from the server; 'assumed' when it cannot. */
export async function readUploadLimit(send: SendAuthorized): Promise<UploadLimit> {
  try {
    const response = await send({ method: 'GET', url: '/api/v1/users/me/' })
    if (response.status !== 200) return limitForPlan('assumed')
    const me = wireMe.safeParse(response.json())
    if (!me.success || me.data.is_pro === undefined) return limitForPlan('assumed')
    return limitForPlan(me.data.is_pro ? 'pro' : 'free')
  } catch {
    return limitForPlan('assumed')
  }
}
