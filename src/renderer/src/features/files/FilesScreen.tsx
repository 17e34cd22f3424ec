import type { ReactNode } from 'react'
import { EmptyState } from '../../components/EmptyState'
import { ScreenHeading } from '../../components/ScreenHeading'
import { navigate } from '../../stores/navigation-store'

/**
 * Files: the G-code library. Empty until the library is wired to Obico accounts.
 *
 * Test ids: `files-empty`.
 */
export function FilesScreen(): ReactNode {
  return (
    <>
      <ScreenHeading lead="Your G-code, in folders, ready to print.">Files</ScreenHeading>
      <EmptyState
        title="G-code library arrives with Obico linking"
        testId="files-empty"
        action={
          <button
            type="button"
            className="button"
            onClick={() => navigate('accounts', { focusHeading: true })}
            data-testid="files-go-accounts"
          >
            Link an account
          </button>
        }
      >
        <p>
          Once the library is connected, the G-code files and folders of your linked Obico accounts
          show here. Nothing is listed yet, and nothing is uploaded from this screen.
        </p>
      </EmptyState>
    </>
  )
}
