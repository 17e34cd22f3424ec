import type { DragEvent, ReactNode } from 'react'
import { ScreenHeading } from '../../components/ScreenHeading'
import { useAccountsStore } from '../../stores/accounts-store'
import { navigate } from '../../stores/navigation-store'

/**
 * Repair: mesh repair through Makeprintable. The drop zone is a placeholder: it swallows drops so a
 * stray file does not navigate the window, and says what is needed.
 *
 * Test ids: `repair-dropzone`, `repair-go-accounts`.
 */
export function RepairScreen(): ReactNode {
  const hasMakeprintable = useAccountsStore((s) =>
    s.accounts.value.some((a) => a.provider === 'makeprintable')
  )
  const swallow = (event: DragEvent<HTMLDivElement>): void => event.preventDefault()
  return (
    <>
      <ScreenHeading lead="Fix broken meshes (holes, flipped faces) before slicing.">
        Repair
      </ScreenHeading>
      <div
        className="dropzone"
        data-testid="repair-dropzone"
        onDragOver={swallow}
        onDrop={swallow}
        aria-describedby="repair-explain"
      >
        <p className="dropzone-title">Drop an STL or OBJ file here</p>
        <p id="repair-explain" className="hint">
          {hasMakeprintable
            ? 'Your Makeprintable account is linked. Uploading meshes for repair is not available in this version yet.'
            : 'Mesh repair needs a linked Makeprintable account. Files dropped here are not uploaded yet.'}
        </p>
      </div>
      {!hasMakeprintable && (
        <p className="after-dropzone">
          <button
            type="button"
            className="button primary"
            onClick={() => navigate('accounts', { focusHeading: true })}
            data-testid="repair-go-accounts"
          >
            Link Makeprintable
          </button>
        </p>
      )}
    </>
  )
}
