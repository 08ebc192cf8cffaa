/**
 * ink's widest-line, put in place of it in ink's renderer (see scripts/ink-speedups.mjs). ink
 * measures every text it draws twice a frame: yoga's measure function (measureText, cached per
 * text) and then the renderer, which splits the same text into lines and measures each again, a
 * pass over the table's body and the header's lines every second. The renderer gets the width
 * the measure function just kept: widest-line's own contract (the widest line's width, by the
 * width ink uses, 0 for the empty text).
 */
import measureText from './ink-measure-text';

export default function widestLine(text: string): number {
  return measureText(text).width;
}
