import { defineConfig } from 'vite'
import electronViteConfig from './electron.vite.config'

/**
 * The renderer alone (`npm run build:renderer` → out/renderer), for the browser harness and
 * renderer-only work; the settings are the renderer section of electron.vite.config.ts, so the
 * two builds cannot drift.
 */
const renderer = (electronViteConfig as { renderer: Record<string, unknown> }).renderer

export default defineConfig({ ...renderer, base: './' })
