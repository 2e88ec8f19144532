/**
 * Where the flow graph's view starts: the whole drawing when it fits at a readable zoom, otherwise the
 * readable zoom anchored at the drawing's top left (where the flow begins: services publish on the
 * left), so a large graph is panned through rather than shrunk into unreadable text.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/**
 * Node names are 13 px and their figures 12 px (nodes.module.css): at this zoom the smallest text
 * draws at about 11 px.
 */
export const READABLE_ZOOM = 0.9;

export function readableViewport(
  bounds: Rect,
  canvas: { width: number; height: number },
  insets: Insets,
  zoomRange: { min: number; max: number } = { min: READABLE_ZOOM, max: 1 },
): Viewport {
  const roomX = Math.max(1, canvas.width - insets.left - insets.right);
  const roomY = Math.max(1, canvas.height - insets.top - insets.bottom);
  const fit = Math.min(roomX / Math.max(1, bounds.width), roomY / Math.max(1, bounds.height));
  const zoom = Math.min(zoomRange.max, Math.max(zoomRange.min, fit));
  const place = (start: number, size: number, room: number, inset: number) => {
    const drawn = size * zoom;
    return drawn <= room ? inset + (room - drawn) / 2 - start * zoom : inset - start * zoom;
  };
  return {
    x: place(bounds.x, bounds.width, roomX, insets.left),
    y: place(bounds.y, bounds.height, roomY, insets.top),
    zoom,
  };
}
