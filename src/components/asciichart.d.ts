/** The part of asciichart (a CommonJS module without types) that Chart.tsx uses. */
declare module 'asciichart' {
  export interface PlotConfig {
    min?: number;
    max?: number;
    /** Columns left of the plot, the axis included. */
    offset?: number;
    padding?: string;
    /** Rows above the lowest one: the plot has height + 1 rows when min/max make the range exact. */
    height?: number;
    colors?: string[];
    /** ┼ ┤ ╶ ╴ ─ ╰ ╭ ╮ ╯ │ by default. */
    symbols?: string[];
    format?: (x: number, i: number) => string;
  }
  const asciichart: { plot(series: number[] | number[][], cfg?: PlotConfig): string };
  export default asciichart;
}
