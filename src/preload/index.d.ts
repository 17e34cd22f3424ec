import type { PrintdockApi } from '../shared/ipc/api-shape'

declare global {
  interface Window {
    /** The only bridge to main: verbs and subscriptions derived from `src/shared/ipc/contract.ts`. */
    readonly api: PrintdockApi
  }
}

export {}
