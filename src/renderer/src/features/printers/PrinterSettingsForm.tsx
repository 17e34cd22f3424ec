import { useId, useState, type FormEvent, type ReactNode } from 'react'
import type { PrinterSettings, PrinterSettingsPatch, PrinterSummary } from '@shared/models/printer'
import { pushNotice } from '../../stores/notice-store'
import { savePrinterSettings, usePrintersStore } from '../../stores/printers-store'

/**
 * The settings Obico lets a client change. Only changed fields are sent, and only known keys
 * exist in the patch type (an unknown key crashes Obico's server).
 */
export function PrinterSettingsForm({ printer }: { printer: PrinterSummary }): ReactNode {
  const saving = usePrintersStore((s) => s.busy[printer.id] === 'saving')
  const [draft, setDraft] = useState<PrinterSettings>(printer.settings)
  const [nameError, setNameError] = useState<string | null>(null)
  const ids = {
    name: useId(),
    nameError: useId(),
    action: useId(),
    sensitivity: useId(),
    retract: useId(),
    liftZ: useId()
  }

  const set = <K extends keyof PrinterSettings>(key: K, value: PrinterSettings[K]): void =>
    setDraft((d) => ({ ...d, [key]: value }))

  const patch = changedFields(printer.settings, draft)
  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    const name = draft.name.trim()
    if (!name) {
      setNameError('Give the printer a name.')
      document.getElementById(ids.name)?.focus()
      return
    }
    setNameError(null)
    if (Object.keys(patch).length === 0) return
    const ok = await savePrinterSettings(printer.id, { ...patch, ...(patch.name ? { name } : {}) })
    if (ok) pushNotice({ level: 'info', message: `Settings of ${name} saved.` })
  }

  return (
    <form className="printer-settings" onSubmit={(e) => void onSubmit(e)} noValidate>
      <h2>Settings</h2>
      <div className="field">
        <label htmlFor={ids.name}>Name</label>
        <input
          id={ids.name}
          type="text"
          value={draft.name}
          maxLength={256}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? ids.nameError : undefined}
          onChange={(e) => set('name', e.target.value)}
          data-testid="settings-name"
        />
        {nameError && (
          <p id={ids.nameError} className="field-error">
            {nameError}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={ids.action}>When failure detection sees a failure</label>
        <select
          id={ids.action}
          value={draft.actionOnFailure}
          onChange={(e) => set('actionOnFailure', e.target.value === 'NONE' ? 'NONE' : 'PAUSE')}
          data-testid="settings-action"
        >
          <option value="PAUSE">Pause the print and alert me</option>
          <option value="NONE">Only alert me</option>
        </select>
      </div>
      <div className="field checkbox-field">
        <label>
          <input
            type="checkbox"
            checked={draft.watchingEnabled}
            onChange={(e) => set('watchingEnabled', e.target.checked)}
          />{' '}
          Watch prints for failures
        </label>
      </div>
      <div className="field">
        <label htmlFor={ids.sensitivity}>
          Sensitivity: {sensitivityWords(draft.detectiveSensitivity)}
        </label>
        <input
          id={ids.sensitivity}
          type="range"
          min={0.8}
          max={1.2}
          step={0.05}
          value={draft.detectiveSensitivity}
          aria-valuetext={`${draft.detectiveSensitivity.toFixed(2)}, ${sensitivityWords(draft.detectiveSensitivity)}`}
          onChange={(e) => set('detectiveSensitivity', Number(e.target.value))}
          data-testid="settings-sensitivity"
        />
        <p className="hint">Higher catches more failures and raises more false alarms.</p>
      </div>
      <fieldset className="field">
        <legend>When pausing</legend>
        <label>
          <input
            type="checkbox"
            checked={draft.toolsOffOnPause}
            onChange={(e) => set('toolsOffOnPause', e.target.checked)}
          />{' '}
          Turn the hotend heaters off
        </label>
        <label>
          <input
            type="checkbox"
            checked={draft.bedOffOnPause}
            onChange={(e) => set('bedOffOnPause', e.target.checked)}
          />{' '}
          Turn the bed heater off
        </label>
        <div className="inline-row">
          <label htmlFor={ids.retract}>Retract (mm)</label>
          <input
            id={ids.retract}
            type="number"
            min={0}
            max={50}
            step={0.5}
            value={draft.retractOnPause}
            onChange={(e) => set('retractOnPause', clampMm(e.target.value))}
          />
          <label htmlFor={ids.liftZ}>Lift Z (mm)</label>
          <input
            id={ids.liftZ}
            type="number"
            min={0}
            max={50}
            step={0.5}
            value={draft.liftZOnPause}
            onChange={(e) => set('liftZOnPause', clampMm(e.target.value))}
          />
        </div>
      </fieldset>
      <div className="inline-row">
        <button
          type="submit"
          className="button primary"
          disabled={saving || Object.keys(patch).length === 0}
          data-testid="settings-save"
        >
          {saving ? 'Saving…' : 'Save settings'}
        </button>
        <button
          type="button"
          className="button ghost"
          disabled={saving || Object.keys(patch).length === 0}
          onClick={() => setDraft(printer.settings)}
        >
          Undo changes
        </button>
      </div>
    </form>
  )
}

/** The fields of `draft` that differ from `saved`. */
export function changedFields(
  saved: PrinterSettings,
  draft: PrinterSettings
): PrinterSettingsPatch {
  const patch: Record<string, unknown> = {}
  for (const key of Object.keys(saved) as (keyof PrinterSettings)[]) {
    if (draft[key] !== saved[key]) patch[key] = draft[key]
  }
  return patch as PrinterSettingsPatch
}

function sensitivityWords(value: number): string {
  if (value < 0.95) return 'fewer alerts'
  if (value > 1.05) return 'more alerts'
  return 'normal'
}

function clampMm(text: string): number {
  const value = Number(text)
  return Number.isFinite(value) ? Math.max(0, Math.min(50, value)) : 0
}
