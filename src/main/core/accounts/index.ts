/** The accounts module: the service, its registry and the redirect choice. */
export * from './account-registry'
export * from './account-service'
export * from './create-account-service'
export * from './link-redirect'
