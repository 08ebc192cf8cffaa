export declare const NODE_VERSION: string;
export declare function seaNodeBinary(root: string, arch: string): string;
