// Types for import-graph.mjs (a plain Node script, so `node scripts/import-graph.mjs` needs no build).
export interface FileEdge {
  from: string;
  to: string;
}
export type FolderGraph = Map<string, Map<string, FileEdge[]>>;
export function folderOf(file: string, depth?: number): string;
export function fileEdges(srcDir: string): FileEdge[];
export function folderEdges(edges: readonly FileEdge[], depth?: number): FolderGraph;
export function cycles(graph: FolderGraph): string[][];
export function printGraph(graph: FolderGraph, withFiles?: boolean): string;
