/**
 * A stand-in for yoga's Node, in JavaScript, for the single executable's warm-up only
 * (warm-up.tsx): V8's snapshot builder has no WebAssembly, so yoga cannot run there. It lays
 * every node at the top left, as wide as the width set on it or its parent and one row high, and
 * calls text nodes' measure functions: enough for ink to run the code of a frame (its layout is
 * not the real one, and nothing sees it).
 */
type Measure = (width: number, widthMode: number, height: number, heightMode: number) => { width: number; height: number };

class StandInNode {
  private readonly children: StandInNode[] = [];
  private parent: StandInNode | undefined;
  private width: number | undefined;
  private computedWidth = 0;
  private measure: Measure | undefined;

  insertChild(child: StandInNode, index: number): void {
    child.parent = this;
    this.children.splice(index, 0, child);
  }
  removeChild(child: StandInNode): void {
    this.children.splice(this.children.indexOf(child), 1);
    child.parent = undefined;
  }
  getChildCount(): number {
    return this.children.length;
  }
  getChild(i: number): StandInNode {
    return this.children[i]!;
  }
  setWidth(width: unknown): void {
    this.width = typeof width === 'number' ? width : undefined;
  }
  setMeasureFunc(fn: Measure): void {
    this.measure = fn;
  }
  unsetMeasureFunc(): void {
    this.measure = undefined;
  }
  calculateLayout(): void {
    this.computedWidth = this.width ?? this.parent?.computedWidth ?? 80;
    this.measure?.(this.computedWidth, 1, Number.NaN, 0);
    for (const c of this.children) c.calculateLayout();
  }
  getComputedWidth(): number {
    return this.computedWidth;
  }
  getComputedHeight(): number {
    return 1;
  }
  free(): void {}
  freeRecursive(): void {
    this.children.length = 0;
  }
}

// Every other setter does nothing, and every other getter answers 0 (left, top, padding, border, DISPLAY_FLEX).
Object.setPrototypeOf(
  StandInNode.prototype,
  new Proxy({}, { get: (_, name) => (typeof name === 'string' && name.startsWith('get') ? () => 0 : () => undefined) }),
);

/** yoga's `Node` as ink calls it. */
export const standInNode = { create: (): StandInNode => new StandInNode(), destroy: (): void => {} };
