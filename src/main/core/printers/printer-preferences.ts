/**
 * The dashboard's order and the notification switches, kept in the settings file (decision 0011).
 */
import {
  DEFAULT_PRINTER_PREFERENCES,
  type PrinterPreferences,
  type PrinterPreferencesPatch
} from '../../../shared/models/printer'
import type { AppSettings } from '../settings/settings-schema'
import type { SettingsStore } from '../settings/settings-store'

/** Reads and changes the printers' preferences. */
export class PrinterPreferencesStore {
  constructor(private readonly settings: SettingsStore<AppSettings>) {}

  get(): PrinterPreferences {
    const stored = this.settings.get('printers')
    return structuredClone(stored ?? DEFAULT_PRINTER_PREFERENCES) as PrinterPreferences
  }

  /** Applies `patch` (each key replaces; `notify` merges per kind) and returns the result. */
  update(patch: PrinterPreferencesPatch): PrinterPreferences {
    const current = this.get()
    const next: PrinterPreferences = {
      order: patch.order ? [...new Set(patch.order)] : current.order,
      notify: { ...current.notify, ...patch.notify },
      mutedPrinters: patch.mutedPrinters
        ? [...new Set(patch.mutedPrinters)]
        : current.mutedPrinters,
      layout: patch.layout ?? current.layout
    }
    this.settings.set('printers', next)
    return next
  }
}
