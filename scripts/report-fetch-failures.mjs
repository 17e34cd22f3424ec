// Preloaded (NODE_OPTIONS --import) into the electron package's installer by with-electron.mjs.
//
// The installer reports a failed download as `TypeError: fetch failed` plus a stack: the reason a
// user can act on (connection refused, host not found, certificate rejected) sits in the error's
// `cause`, which it never prints. This wraps fetch to write that reason to stderr as one marked
// line, so with-electron.mjs can name it. It changes no request and no result.
const MARKER = 'with-electron: fetch failed: '

const realFetch = globalThis.fetch

/** The most specific message in a fetch error: undici keeps the socket error in `cause`. */
function reasonOf(error) {
  const cause = error?.cause ?? error
  // A host with several addresses fails with an AggregateError whose own message is empty.
  const first = cause?.errors?.[0] ?? cause
  return first?.message || cause?.code || String(cause)
}

globalThis.fetch = async (input, init) => {
  try {
    return await realFetch(input, init)
  } catch (error) {
    const url = String(input?.url ?? input)
    process.stderr.write(`${MARKER}${reasonOf(error)}, fetching ${url}\n`)
    throw error
  }
}
