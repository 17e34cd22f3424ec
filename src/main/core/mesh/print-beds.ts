import type { PrintBedFit } from '../../../shared/models/mesh'

/**
 * Build volumes (mm, x × y × z) of a few common printers, from their makers' spec sheets. A short
 * list on purpose: it answers "will this fit on a typical bed?", not "which printer do I own".
 */
export const PRINT_BEDS: readonly { name: string; size: [number, number, number] }[] = [
  { name: 'Bambu Lab A1 mini / Prusa MINI+ (180 × 180 × 180)', size: [180, 180, 180] },
  { name: 'Creality Ender-3 V3 SE (220 × 220 × 250)', size: [220, 220, 250] },
  { name: 'Prusa MK4S (250 × 210 × 220)', size: [250, 210, 220] },
  { name: 'Bambu Lab X1 / P1 / A1 (256 × 256 × 256)', size: [256, 256, 256] },
  { name: 'Voron 2.4 350 (350 × 350 × 340)', size: [350, 350, 340] }
]

/** Whether a model of `size` fits each bed, allowing a quarter turn about the vertical axis. */
export function fitPrintBeds(size: { x: number; y: number; z: number }): PrintBedFit[] {
  return PRINT_BEDS.map(({ name, size: [bx, by, bz] }) => ({
    name,
    size: [bx, by, bz],
    fits: size.z <= bz && ((size.x <= bx && size.y <= by) || (size.x <= by && size.y <= bx))
  }))
}
