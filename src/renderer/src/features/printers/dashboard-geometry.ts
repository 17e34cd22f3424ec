/**
 * The dashboard's geometry, as styles.css lays it out (test/unit/tooling/dashboard-geometry.test.ts
 * checks these against the stylesheet): the sidebar's column, the content's widest box and its
 * side padding, the grid's narrowest column and gap, and the least height of a card (a card that
 * waits for its body keeps a placeholder of this height, so no card is shorter).
 */
export const DASHBOARD_GEOMETRY = {
  sidebarPx: 220,
  contentMaxPx: 920,
  contentPaddingXPx: 80,
  cardMinWidthPx: 290,
  gridGapPx: 12,
  cardMinHeightPx: 340
} as const
