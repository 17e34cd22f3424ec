/**
 * The little of oidc-provider 9's API that oidc-provider.test.ts uses (the package ships no types
 * and @types/oidc-provider is not installed).
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'

  interface OidcProviderInstance {
    callback(): (req: IncomingMessage, res: ServerResponse) => void
    on(event: string, listener: (...args: unknown[]) => void): void
  }

  const Provider: new (
    issuer: string,
    configuration: Record<string, unknown>
  ) => OidcProviderInstance
  export default Provider
}
