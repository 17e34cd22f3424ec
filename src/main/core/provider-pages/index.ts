/** Provider pages (issue 13): the public surface of `core/provider-pages`. */
export { parsePayload, MAX_MESSAGE_PAYLOAD_BYTES } from './octoblu-page'
export type { PageCalls } from './page-calls'
export {
  PAGE_REFRESH_INTERVAL_MS,
  ProviderPageService,
  type PageChange,
  type ProviderPageServiceDeps
} from './provider-page-service'
