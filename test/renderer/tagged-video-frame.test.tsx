import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { TaggedVideo } from '@shared/models/obico-ai'
import {
  frameTime,
  TaggedVideoFrame
} from '../../src/renderer/src/features/printers/timeline/TaggedVideoFrame'
import { currentFake } from './setup'

/**
 * The picked point's tagged-video frame (issue 12) against the scripted api. jsdom plays no media,
 * so the element's playback state is stood in for: metadata, then the `seeked` it answers with.
 */
const OPEN: TaggedVideo = {
  ok: true,
  path: '/__media/video/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  frameRate: 30,
  frames: 120
}

function frameView(frame: number) {
  return (
    <TaggedVideoFrame accountId="obico:acc" printId={7} frame={frame} frameCount={120}>
      <span>caption {frame}</span>
    </TaggedVideoFrame>
  )
}

/** Gives the video element a duration, a settable currentTime and loaded metadata. */
function loadMetadata(video: HTMLVideoElement, duration = 4): { seeks: number[] } {
  const seeks: number[] = []
  let time = 0
  Object.defineProperty(video, 'duration', { value: duration, configurable: true })
  Object.defineProperty(video, 'readyState', { value: 4, configurable: true })
  Object.defineProperty(video, 'currentTime', {
    configurable: true,
    get: () => time,
    set: (value: number) => {
      time = value
      seeks.push(value)
    }
  })
  fireEvent(video, new Event('loadedmetadata'))
  return { seeks }
}

describe('tagged video frame', () => {
  it('shows the paused, muted video seeked to the middle of the picked frame', async () => {
    currentFake().on('prediction:open-video', () => OPEN)
    const view = render(frameView(41))
    const figure = screen.getByTestId('tagged-frame')
    const video = (await screen.findByTestId('tagged-frame-video')) as HTMLVideoElement
    expect(video.getAttribute('src')).toBe(OPEN.path)
    expect(video.muted).toBe(true)
    expect(video.autoplay).toBe(false)
    expect(video.preload).toBe('auto')
    expect(video.getAttribute('aria-label')).toMatch(/frame 42 of 120/)
    expect(figure.dataset.state).toBe('loading')
    expect(screen.getByText('Loading the frame…')).toBeTruthy()

    const { seeks } = loadMetadata(video)
    expect(seeks).toEqual([frameTime(41, 30)])
    expect(frameTime(41, 30) * 30).toBeCloseTo(41.5, 10)
    fireEvent(video, new Event('seeked'))
    expect(figure.dataset.state).toBe('ready')
    expect(figure.dataset.frame).toBe('41')
    expect(screen.getByText('caption 41')).toBeTruthy()

    // The next pick seeks again, and is loading until the video says it is there.
    view.rerender(frameView(42))
    expect(seeks.at(-1)).toBeCloseTo(42.5 / 30, 10)
    expect(figure.dataset.state).toBe('loading')
    fireEvent(video, new Event('seeked'))
    expect(figure.dataset.frame).toBe('42')
    expect(figure.dataset.state).toBe('ready')
  })

  it('says so for a frame past the end of the video', async () => {
    currentFake().on('prediction:open-video', () => OPEN)
    render(frameView(100))
    const video = (await screen.findByTestId('tagged-frame-video')) as HTMLVideoElement
    const { seeks } = loadMetadata(video, 1)
    expect(seeks).toEqual([])
    expect(screen.getByText('This frame is past the end of the tagged video.')).toBeTruthy()
    expect(screen.getByTestId('tagged-frame').dataset.state).toBe('past-end')
  })

  it("shows main's plain words when the video can't be had, and tries again on request", async () => {
    const fake = currentFake()
    let answer: TaggedVideo = {
      ok: false,
      reason: 'unreachable',
      message: "The video's host (localhost:3334) can't be reached from this computer."
    }
    fake.on('prediction:open-video', () => answer)
    render(frameView(3))
    const message = await screen.findByTestId('tagged-frame-message')
    expect(message.textContent).toContain("can't be reached from this computer")
    // The caption (value and time) stays.
    expect(screen.getByText('caption 3')).toBeTruthy()
    answer = OPEN
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }))
    await screen.findByTestId('tagged-frame-video')
    expect(fake.calls.filter((c) => c.channel === 'prediction:open-video')).toHaveLength(2)
  })

  it('offers no retry when the print has no tagged video, and a playback error can be retried', async () => {
    currentFake().on('prediction:open-video', () => ({
      ok: false,
      reason: 'no-video',
      message: 'This print has no tagged video.'
    }))
    const first = render(frameView(0))
    await screen.findByText('This print has no tagged video.')
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull()
    first.unmount()

    currentFake().on('prediction:open-video', () => OPEN)
    render(frameView(0))
    const video = await screen.findByTestId('tagged-frame-video')
    fireEvent(video, new Event('error'))
    await waitFor(() =>
      expect(screen.getByTestId('tagged-frame-message').textContent).toContain(
        'could not be played'
      )
    )
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy()
  })
})
