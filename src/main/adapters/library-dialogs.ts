/**
 * The library's native dialogs on Electron: a G-code file picker and a save dialog, parented to
 * the main window. The page never names a path; these are how a path reaches main from the user.
 */
import { dialog, type BrowserWindow } from 'electron'
import type { LibraryDialogs } from '../ipc/library-handlers'

export function electronLibraryDialogs(window: () => BrowserWindow | undefined): LibraryDialogs {
  return {
    async openGcodeFiles() {
      const options: Electron.OpenDialogOptions = {
        title: 'Upload G-code',
        properties: ['openFile', 'multiSelections'],
        filters: [
          { name: 'G-code', extensions: ['gcode', 'gco', 'g', 'bgcode'] },
          { name: 'All files', extensions: ['*'] }
        ]
      }
      const parent = window()
      const result = parent
        ? await dialog.showOpenDialog(parent, options)
        : await dialog.showOpenDialog(options)
      return result.canceled ? [] : result.filePaths
    },
    async saveAs(suggestedName) {
      const options: Electron.SaveDialogOptions = {
        title: 'Save G-code',
        defaultPath: suggestedName
      }
      const parent = window()
      const result = parent
        ? await dialog.showSaveDialog(parent, options)
        : await dialog.showSaveDialog(options)
      return result.canceled || !result.filePath ? null : result.filePath
    }
  }
}
