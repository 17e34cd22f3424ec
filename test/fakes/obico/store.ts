import type {
  ObicoAccessToken,
  ObicoClient,
  ObicoGCodeFile,
  ObicoGCodeFolder,
  ObicoGrant,
  ObicoPrint,
  ObicoPrinter,
  ObicoPrinterEvent,
  ObicoRefreshToken,
  ObicoUser
} from './types'

/** A logged-in browser session (cookie `tsd_sessionid`, 60 days; obico-api.md §1.8). */
export interface ObicoSession {
  key: string
  userId: number
  expires: number
}

/** The fake's whole database, in memory. One instance per fake. */
export class ObicoStore {
  readonly users: ObicoUser[] = []
  readonly clients: ObicoClient[] = []
  readonly grants = new Map<string, ObicoGrant>()
  readonly accessTokens = new Map<string, ObicoAccessToken>()
  readonly refreshTokens = new Map<string, ObicoRefreshToken>()
  readonly sessions = new Map<string, ObicoSession>()
  readonly printers: ObicoPrinter[] = []
  readonly prints: ObicoPrint[] = []
  readonly files: ObicoGCodeFile[] = []
  readonly folders: ObicoGCodeFolder[] = []
  readonly events: ObicoPrinterEvent[] = []
  private readonly sequences = new Map<string, number>()

  /** The next primary key of a table (like a database sequence). */
  nextId(table: 'user' | 'client' | 'printer' | 'print' | 'file' | 'folder' | 'event'): number {
    const next = (this.sequences.get(table) ?? 0) + 1
    this.sequences.set(table, next)
    return next
  }

  user(id: number): ObicoUser | undefined {
    return this.users.find((u) => u.id === id)
  }

  client(clientId: string): ObicoClient | undefined {
    return this.clients.find((c) => c.client_id === clientId)
  }

  printer(id: number): ObicoPrinter | undefined {
    return this.printers.find((p) => p.id === id)
  }

  print(id: number | null): ObicoPrint | undefined {
    return id === null ? undefined : this.prints.find((p) => p.id === id)
  }

  file(id: number | null): ObicoGCodeFile | undefined {
    return id === null ? undefined : this.files.find((f) => f.id === id)
  }

  folder(id: number | null): ObicoGCodeFolder | undefined {
    return id === null ? undefined : this.folders.find((f) => f.id === id)
  }
}
