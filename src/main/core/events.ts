/** Something that can be released: a subscription, a listener, a server. */
export interface Disposable {
  dispose(): void
}

/** A listener registration function in the VS Code shape: `onDidChange(listener) → Disposable`. */
export type Event<T> = (listener: (value: T) => void) => Disposable

/** A tiny typed event emitter; owners keep it private and expose `event`. */
export class Emitter<T> {
  private listeners = new Set<(value: T) => void>()

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener)
    return { dispose: () => this.listeners.delete(listener) }
  }

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value)
  }

  dispose(): void {
    this.listeners.clear()
  }
}
